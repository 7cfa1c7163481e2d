"""The ledger seen from the buyer's browser, the provider's webhooks and the staff pages."""

import threading
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from shop.billing.models import Payment, PaymentEventRecord, Refund
from shop.billing.unpaid import expire_if_unpaid
from shop.db import utcnow
from shop.orders import states
from tests.account_factories import log_in, make_user
from tests.conftest import csrf_token_from, visible_text
from tests.views.checkout.conftest import path_of

STRIPE_HOOK = "/commande/paiement/webhook/stripe"


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_same_webhook_delivered_three_times_at_once_applies_once(app, journey, stripe_on,
                                                                     db, caplog):
    """Before: one of three simultaneous deliveries answered 500 (unique-constraint race)."""
    placed = journey.place("stripe")
    payload, headers = stripe_on.complete_session(placed.location.rsplit("/", 1)[1])
    db.session.rollback()
    start, statuses = threading.Barrier(3), []

    def deliver() -> None:
        client = app.test_client()
        start.wait()
        statuses.append(client.post(STRIPE_HOOK, data=payload, headers=headers).status_code)

    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses == [200, 200, 200]
    order = journey.orders()[0]
    assert order.status == states.PAID
    assert [e.to_status for e in order.events if e.from_status != e.to_status].count(
        states.PAID) == 1
    assert _count(db, PaymentEventRecord) == 1 and _count(db, Refund) == 0
    assert "Traceback" not in caplog.text


def test_a_webhook_body_over_the_limit_is_refused(client, app, stripe_on):
    big = b"{" + b" " * app.config["WEBHOOK_MAX_BYTES"] + b"}"
    response = client.post(STRIPE_HOOK, data=big, headers={"Stripe-Signature": "t=1,v1=x"})
    assert response.status_code == 413
    assert stripe_on.requests == []


def test_a_capture_after_expiry_is_refunded_and_the_return_page_tells_the_truth(
    journey, stripe_on, db
):
    """Before: the buyer paid an expired order and read « Aucun montant n'a été débité »."""
    placed = journey.place("stripe")
    session_id = placed.location.rsplit("/", 1)[1]
    order = journey.orders()[0]
    assert expire_if_unpaid(order.id, utcnow() + timedelta(minutes=31))
    db.session.commit()
    # Stripe was down when the shop tried to close the session: the page stayed open
    assert stripe_on.sessions[session_id]["status"] in ("open", "expired")
    stripe_on.sessions[session_id]["status"] = "open"
    payload, headers = stripe_on.complete_session(session_id)
    assert journey.client.post(STRIPE_HOOK, data=payload, headers=headers).status_code == 200
    page = visible_text(journey.client.get(f"/commande/{order.reference}/paiement/retour").text)
    assert "Aucun montant n'a été débité" not in page
    assert "31,30 €" in page and "intégralement remboursé" in page
    [refund] = db.session.scalars(select(Refund)).all()
    assert (refund.status, refund.reason) == ("succeeded", "paid_after_cancellation")
    assert [r["amount"] for r in stripe_on.refunds.values()] == [3130]


def test_a_refused_payment_puts_the_cart_back_as_it_was(journey, product, db):
    """Before: « refuser » cancelled the order and left the customer an empty cart."""
    placed = journey.place("dev")
    with journey.client.session_transaction() as session:
        assert "cart" not in session
    page = journey.client.get(path_of(placed.location))
    token = parse_qs(urlsplit(placed.location).query)["token"][0]
    back = journey.client.post("/commande/paiement/demonstration", data={
        "csrf_token": csrf_token_from(page.text), "token": token, "choice": "refuse"})
    failed = visible_text(journey.client.get(path_of(back.location)).text)
    assert "Votre panier a été rétabli" in failed
    with journey.client.session_transaction() as session:
        assert session["cart"] == [[product.id, 2, product.price_cents]]
    cart = visible_text(journey.page("/panier/").text)
    assert product.name in cart
    again = journey.place("dev")  # and the customer can order again at once
    assert "/commande/paiement/demonstration?token=" in again.location


def test_paying_again_closes_the_first_attempt(journey, stripe_on, db):
    placed = journey.place("stripe")
    first = placed.location.rsplit("/", 1)[1]
    order = journey.orders()[0]
    again = journey.post(f"/commande/{order.reference}/paiement", {"payment": "stripe"})
    second = again.location.rsplit("/", 1)[1]
    assert first != second
    assert stripe_on.sessions[first]["status"] == "expired"
    statuses = db.session.scalars(select(Payment.status).order_by(Payment.id)).all()
    assert statuses == ["cancelled", "open"]


def test_staff_see_payments_refunds_and_the_orders_ledger(app, journey, stripe_on, db):
    placed = journey.place("stripe")
    session_id = placed.location.rsplit("/", 1)[1]
    order = journey.orders()[0]
    stripe_on.fail_next(400, count=50)  # refunds will fail for a while
    expire_if_unpaid(order.id, utcnow() + timedelta(minutes=31))
    db.session.commit()
    stripe_on.recover()
    stripe_on.sessions[session_id]["status"] = "open"
    payload, headers = stripe_on.complete_session(session_id)
    stripe_on.fail_next(400, count=50)
    assert journey.client.post(STRIPE_HOOK, data=payload, headers=headers).status_code == 200
    staff, client = make_user(db, role="staff"), journey.client
    client.post("/compte/deconnexion", data={"csrf_token": csrf_token_from(
        client.get("/compte/").text)})
    log_in(client, staff.email)
    home = visible_text(client.get("/staff/").text)
    assert "1 remboursement(s) pas encore effectué(s)" in home and order.reference in home
    listing = visible_text(client.get("/staff/paiements").text)
    assert order.reference in listing and "Paiement reçu après l'annulation" in listing
    assert "en cours" in listing and "encaissée" in listing
    ledger = visible_text(client.get(f"/staff/commandes/{order.reference}").text)
    assert "Encaissé: 31,30 €" in ledger and "remboursement en cours: 31,30 €" in ledger
    assert "Tentative de paiement stripe ouverte" in ledger
    assert "Remboursement de 31,30 € demandé" in ledger


def test_customers_cannot_read_the_staff_ledger(client, journey):
    journey.place("dev")
    order = journey.orders()[0]
    assert client.get(f"/staff/commandes/{order.reference}").status_code == 403
    assert client.get("/staff/paiements").status_code == 403


def test_staff_send_a_failed_refund_again(app, journey, stripe_on, db):
    from shop.billing.refunds import MAX_ATTEMPTS
    from shop.jobs import run_due

    placed = journey.place("stripe")
    session_id = placed.location.rsplit("/", 1)[1]
    payload, headers = stripe_on.complete_session(session_id)
    journey.client.post(STRIPE_HOOK, data=payload, headers=headers)
    order = journey.orders()[0]
    payment = db.session.scalar(select(Payment).where(Payment.status == "captured"))
    from shop.billing.refunds import refund

    stripe_on.fail_next(400, count=MAX_ATTEMPTS)
    refund(payment, 1000, reason="staff", actor="staff:1", now=utcnow())
    db.session.commit()
    later = utcnow()
    for _ in range(MAX_ATTEMPTS):
        later += timedelta(days=1)
        run_due(now=later)
    [row] = db.session.scalars(select(Refund)).all()
    db.session.refresh(row)
    assert row.status == "failed"
    staff = make_user(db, role="staff")
    client = journey.client
    client.post("/compte/deconnexion", data={"csrf_token": csrf_token_from(
        client.get("/compte/").text)})
    log_in(client, staff.email)
    listing = client.get("/staff/paiements")
    text = visible_text(listing.text)
    assert "en échec" in text and "Relancer" in text and order.reference in text
    assert "1 remboursement(s) pas encore effectué(s), dont 1 en échec" in visible_text(
        client.get("/staff/").text)
    token = csrf_token_from(listing.text)
    done = client.post(f"/staff/remboursements/{row.id}/relancer", data={"csrf_token": token},
                       follow_redirects=True)
    assert f"Remboursement n° {row.id} relancé" in visible_text(done.text)
    db.session.refresh(row)
    assert (row.status, row.attempts) == ("succeeded", 1)
    assert [r["amount"] for r in stripe_on.refunds.values()] == [1000]
    again = client.post(f"/staff/remboursements/{row.id}/relancer", data={"csrf_token": token},
                        follow_redirects=True)
    assert "Seul un remboursement en échec peut être relancé" in visible_text(again.text)
    assert client.post(f"/staff/remboursements/{row.id}/relancer").status_code == 400
    assert client.post("/staff/remboursements/99999/relancer",
                       data={"csrf_token": token}).status_code == 404
