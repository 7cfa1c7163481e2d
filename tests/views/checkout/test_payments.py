"""Paying a placed order: demonstration page, Stripe (webhook only), PayPal (capture on return)."""

import json
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from shop.billing.models import Payment, PaymentEventRecord
from shop.notifications.models import MailMessage
from shop.orders import states
from tests.conftest import csrf_token_from, visible_text
from tests.views.checkout.conftest import path_of

STRIPE_HOOK = "/commande/paiement/webhook/stripe"
PAYPAL_HOOK = "/commande/paiement/webhook/paypal"


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _attempt_ref(db, order) -> str:
    """The provider id of the order's newest payment attempt."""
    return db.session.scalar(
        select(Payment.attempt_ref).where(Payment.order_id == order.id)
        .order_by(Payment.id.desc()).limit(1)
    )


def _dev_choice(journey, dev_url: str, choice: str):
    page = journey.client.get(path_of(dev_url))
    assert page.status_code == 200
    token = parse_qs(urlsplit(dev_url).query)["token"][0]
    return journey.client.post("/commande/paiement/demonstration", data={
        "csrf_token": csrf_token_from(page.text), "token": token, "choice": choice})


def test_demonstration_payment_accepted_leads_to_the_confirmation(journey, product, db):
    placed = journey.place("dev")
    assert placed.status_code == 303
    assert "/commande/paiement/demonstration?token=" in placed.location
    order = journey.orders()[0]
    page = visible_text(journey.client.get(path_of(placed.location)).text)
    assert order.reference in page and "31,30 €" in page
    back = _dev_choice(journey, placed.location, "accept")
    assert path_of(back.location) == f"/commande/{order.reference}/paiement/retour"
    assert journey.client.get(path_of(back.location)).location == (
        f"/commande/{order.reference}/confirmation")
    confirmation = visible_text(journey.page(f"/commande/{order.reference}/confirmation").text)
    assert "Merci pour votre commande" in confirmation and order.reference in confirmation
    assert "Livraison estimée entre le" in confirmation and "Et maintenant" in confirmation
    order = journey.orders()[0]
    assert order.status == states.PAID and product.available == 8
    mail = db.session.scalar(select(MailMessage))
    assert order.reference in mail.subject and len(mail.attachments) == 3
    with journey.client.session_transaction() as session:
        assert "cart" not in session and "checkout" not in session


def test_demonstration_payment_refused_cancels_and_gives_stock_back(journey, product, db):
    placed = journey.place("dev")
    assert product.available == 8
    back = _dev_choice(journey, placed.location, "refuse")
    failed = journey.client.get(path_of(back.location))
    assert "Paiement refusé" in visible_text(failed.text)
    order = journey.orders()[0]
    assert (order.status, order.cancel_reason) == (states.CANCELLED, "payment_refused")
    db.session.refresh(product)
    assert product.available == 10
    assert journey.client.get(f"/commande/{order.reference}/confirmation").status_code == 302


def test_demonstration_page_refuses_a_forged_token(client, db):
    response = client.get("/commande/paiement/demonstration?token=forged")
    assert response.status_code == 400


def test_stripe_marks_paid_only_from_its_signed_webhook(journey, stripe_on, db):
    placed = journey.place("stripe")
    assert placed.location.startswith(stripe_on.base_url + "/pay/cs_test_")
    session_id = placed.location.rsplit("/", 1)[1]
    order = journey.orders()[0]
    assert _attempt_ref(db, order) == session_id
    sent = stripe_on.calls("POST", "/v1/checkout/sessions")[0].body.decode()
    assert "number" not in sent and "cvc" not in sent  # G6: an amount, never card data
    assert stripe_on.sessions[session_id]["payment_method_types"] == ["card"]

    pending = journey.client.get(f"/commande/{order.reference}/paiement/retour")
    assert '<meta http-equiv="refresh" content="3">' in pending.text
    assert "Paiement en cours de confirmation" in pending.text

    payload, headers = stripe_on.complete_session(session_id)  # no webhook_url: not delivered
    forged = dict(headers, **{"Stripe-Signature": headers["Stripe-Signature"][:-4] + "0000"})
    assert journey.client.post(STRIPE_HOOK, data=payload, headers=forged).status_code == 400
    assert journey.orders()[0].status == states.AWAITING_PAYMENT

    assert journey.client.post(STRIPE_HOOK, data=payload, headers=headers).status_code == 200
    assert journey.client.post(STRIPE_HOOK, data=payload, headers=headers).status_code == 200
    order = journey.orders()[0]
    assert order.status == states.PAID
    assert [e.to_status for e in order.events].count(states.PAID) == 1
    assert _count(db, PaymentEventRecord) == 1 and _count(db, MailMessage) == 1
    assert journey.client.get(f"/commande/{order.reference}/paiement/retour").location == (
        f"/commande/{order.reference}/confirmation")


def test_an_expired_session_ends_its_attempt_and_the_order_stays_payable(
    journey, stripe_on, product, db
):
    """The order's own deadline cancels it (its job); a session's expiry only ends itself."""
    placed = journey.place("stripe")
    payload, headers = stripe_on.expire_session(placed.location.rsplit("/", 1)[1])
    assert journey.client.post(STRIPE_HOOK, data=payload, headers=headers).status_code == 200
    order = journey.orders()[0]
    assert order.status == states.AWAITING_PAYMENT
    assert db.session.scalar(select(Payment.status)) == "expired"
    again = journey.post(f"/commande/{order.reference}/paiement", {"payment": "stripe"})
    assert again.location.startswith(stripe_on.base_url + "/pay/cs_test_")


def test_provider_down_keeps_the_order_waiting_with_a_retry_page(journey, stripe_on):
    stripe_on.fail_next(500, count=5)
    placed = journey.place("stripe")
    order = journey.orders()[0]
    assert placed.location == f"/commande/{order.reference}/paiement"
    retry = visible_text(journey.client.get(placed.location).text)
    assert "Stripe" in retry and "Payer maintenant" in retry and "Annuler la commande" in retry
    assert order.status == states.AWAITING_PAYMENT


def test_cancel_return_then_pay_with_another_method(journey, stripe_on):
    placed = journey.place("stripe")
    order = journey.orders()[0]
    back = journey.client.get(f"/commande/{order.reference}/paiement/annule")
    assert back.location == f"/commande/{order.reference}/paiement"
    assert "reste en attente de paiement" in visible_text(journey.page(back.location).text)
    switched = journey.post(back.location, {"payment": "dev"})
    assert switched.status_code == 303 and "/paiement/demonstration?token=" in switched.location
    assert journey.orders()[0].payment_method == "dev"
    assert placed.location != switched.location


def test_customer_cancels_before_paying(journey, product, db):
    journey.place("dev")
    order = journey.orders()[0]
    retry = f"/commande/{order.reference}/paiement"
    done = journey.post(f"/commande/{order.reference}/annuler", token_from=retry)
    assert done.location == f"/compte/commandes/{order.reference}"
    order = journey.orders()[0]
    assert (order.status, order.cancel_reason) == (states.CANCELLED, "customer")
    db.session.refresh(product)
    assert product.available == 10
    assert "Annulée par le client avant paiement" in visible_text(journey.page(done.location).text)


def test_paypal_return_captures_the_approved_order(journey, paypal_on, db):
    placed = journey.place("paypal")
    assert placed.location.startswith(paypal_on.base_url + "/checkoutnow?token=")
    paypal_id = parse_qs(urlsplit(placed.location).query)["token"][0]
    order = journey.orders()[0]
    assert _attempt_ref(db, order) == paypal_id
    back = path_of(paypal_on.approve_order(paypal_id))
    assert journey.client.get(back).location == f"/commande/{order.reference}/confirmation"
    assert journey.client.get(back).location == f"/commande/{order.reference}/confirmation"
    order = journey.orders()[0]
    assert order.status == states.PAID and order.payment_ref
    assert len(paypal_on.calls("POST", r"/v2/checkout/orders/\w+/capture")) == 1


def test_paypal_return_for_another_paypal_order_captures_nothing(journey, paypal_on):
    journey.place("paypal")
    order = journey.orders()[0]
    response = journey.client.get(
        f"/commande/{order.reference}/paiement/retour?token=OTHERORDER123&PayerID=X")
    assert response.location == f"/commande/{order.reference}/paiement"
    assert paypal_on.calls("POST", r"/v2/checkout/orders/\w+/capture") == []
    assert journey.orders()[0].status == states.AWAITING_PAYMENT


def _paypal_capture_event(paypal, order, attempt_ref, **changes):
    resource = {"id": "CAPTURE0000000001", "status": "COMPLETED", "custom_id": order.reference,
                "amount": {"currency_code": "EUR", "value": "31.30"},
                "supplementary_data": {"related_ids": {"order_id": attempt_ref}}}
    return paypal.signed_webhook("PAYMENT.CAPTURE.COMPLETED", resource | changes)


def test_paypal_webhook_is_verified_by_paypal(journey, paypal_on, db):
    journey.place("paypal")
    order = journey.orders()[0]
    payload, headers = _paypal_capture_event(paypal_on, order, _attempt_ref(db, order))
    tampered = json.loads(payload)
    tampered["resource"]["amount"]["value"] = "0.01"
    refused = journey.client.post(PAYPAL_HOOK, data=json.dumps(tampered), headers=headers)
    assert refused.status_code == 400
    paypal_on.fail_next(500)
    assert journey.client.post(PAYPAL_HOOK, data=payload, headers=headers).status_code == 503
    assert journey.orders()[0].status == states.AWAITING_PAYMENT
    assert journey.client.post(PAYPAL_HOOK, data=payload, headers=headers).status_code == 200
    assert journey.orders()[0].status == states.PAID


def test_webhooks_of_providers_that_are_off_are_not_found(client, db):
    assert client.post(STRIPE_HOOK, data=b"{}").status_code == 404
    assert client.post("/commande/paiement/webhook/dev", data=b"{}").status_code == 404
