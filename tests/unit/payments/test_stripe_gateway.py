"""The Stripe gateway, real SDK, against the fake Stripe."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from shop.payments import InvalidWebhook, PaymentError, PaymentEvent
from shop.payments.stripe_gateway import StripeGateway
from tests.fakes._server import Sink
from tests.fakes.stripe_server import FakeStripe

ORDER = {
    "amount_cents": 4599,
    "currency": "EUR",
    "reference": "CMD-2024-0042",
    "description": "Commande CMD-2024-0042",
    "customer_email": "client@example.fr",
    "return_url": "https://boutique.test/paiement/retour?session_id={CHECKOUT_SESSION_ID}",
    "cancel_url": "https://boutique.test/paiement/annule",
}


def _paid(fake: FakeStripe, gateway: StripeGateway) -> tuple[str, PaymentEvent]:
    start = gateway.start_payment(**ORDER)
    event = gateway.parse_webhook(*fake.complete_session(start.provider_ref))
    assert event is not None
    return start.provider_ref, event


def test_start_payment_creates_checkout_session(stripe_fake, stripe_gateway):
    start = stripe_gateway.start_payment(**ORDER)

    session = stripe_fake.sessions[start.provider_ref]
    assert start.provider_ref.startswith("cs_test_")
    assert start.redirect_url == f"{stripe_fake.base_url}/pay/{start.provider_ref}"
    assert session["mode"] == "payment"
    assert session["amount_total"] == 4599
    assert session["currency"] == "eur"
    assert session["client_reference_id"] == "CMD-2024-0042"
    assert session["metadata"] == {"reference": "CMD-2024-0042"}
    assert session["success_url"] == ORDER["return_url"]
    assert session["cancel_url"] == ORDER["cancel_url"]
    assert session["customer_email"] == "client@example.fr"
    assert session["_line_items"][0]["quantity"] == "1"
    (call,) = stripe_fake.calls("POST", "/v1/checkout/sessions")
    assert call.header("Authorization") == "Bearer sk_test_fake"


def test_start_payment_refuses_float_amounts(stripe_gateway):
    with pytest.raises(TypeError):
        stripe_gateway.start_payment(**{**ORDER, "amount_cents": 45.99})


def test_return_alone_never_marks_paid(stripe_gateway):
    assert stripe_gateway.handle_return({"session_id": "cs_test_whatever"}) is None


def test_signed_completed_webhook_gives_paid_event(stripe_fake, stripe_gateway):
    session_id, event = _paid(stripe_fake, stripe_gateway)

    pi = next(iter(stripe_fake.payment_intents))
    assert event.kind == "paid"
    assert event.reference == "CMD-2024-0042"
    assert event.provider_ref == session_id
    assert event.payment_ref == pi
    assert event.amount_cents == 4599
    assert event.currency == "EUR"
    assert event.event_id.startswith("evt_")


def test_hosted_page_pay_delivers_signed_webhook_then_redirects(
    stripe_fake, stripe_gateway, sink: Sink
):
    stripe_fake.webhook_url = f"{sink.base_url}/paiement/webhook/stripe"
    start = stripe_gateway.start_payment(**ORDER)

    page = httpx.get(start.redirect_url)
    assert "Payer" in page.text and "Refuser" in page.text and "45,99 EUR" in page.text
    answer = httpx.post(start.redirect_url, data={"choice": "pay"})

    assert answer.status_code == 303
    assert answer.headers["Location"] == ORDER["return_url"].replace(
        "{CHECKOUT_SESSION_ID}", start.provider_ref)
    (delivered,) = sink.calls("POST", "/paiement/webhook/stripe")
    event = stripe_gateway.parse_webhook(delivered.body, delivered.headers)
    assert event is not None and event.kind == "paid"
    assert stripe_fake.deliveries == [(stripe_fake.webhook_url, 200)]


def test_hosted_page_refuse_redirects_to_cancel_url(stripe_fake, stripe_gateway, sink: Sink):
    stripe_fake.webhook_url = f"{sink.base_url}/hook"
    stripe_fake.refuse_event = "checkout.session.expired"
    start = stripe_gateway.start_payment(**ORDER)

    answer = httpx.post(start.redirect_url, data={"choice": "refuse"})

    assert answer.headers["Location"] == ORDER["cancel_url"]
    (delivered,) = sink.calls("POST", "/hook")
    event = stripe_gateway.parse_webhook(delivered.body, delivered.headers)
    assert event is not None and event.kind == "expired"
    assert event.reference == "CMD-2024-0042"


def test_tampered_payload_is_rejected(stripe_fake, stripe_gateway):
    start = stripe_gateway.start_payment(**ORDER)
    payload, headers = stripe_fake.complete_session(start.provider_ref)
    forged = payload.replace(b'"amount_total": 4599', b'"amount_total": 1')
    assert forged != payload

    with pytest.raises(InvalidWebhook):
        stripe_gateway.parse_webhook(forged, headers)


def test_wrong_secret_is_rejected(stripe_fake, stripe_gateway):
    payload, headers = stripe_fake.signed_webhook(
        "checkout.session.completed", {"id": "cs_x", "payment_status": "paid"},
        secret="whsec_someone_else")
    with pytest.raises(InvalidWebhook):
        stripe_gateway.parse_webhook(payload, headers)


def test_old_timestamp_is_rejected(stripe_fake, stripe_gateway):
    payload, headers = stripe_fake.signed_webhook(
        "checkout.session.completed", {"id": "cs_x", "payment_status": "paid"},
        timestamp=int(time.time()) - 3600)
    with pytest.raises(InvalidWebhook):
        stripe_gateway.parse_webhook(payload, headers)


def test_missing_signature_and_garbage_are_rejected(stripe_fake, stripe_gateway):
    payload, _ = stripe_fake.signed_webhook("checkout.session.expired", {"id": "cs_x"})
    with pytest.raises(InvalidWebhook):
        stripe_gateway.parse_webhook(payload, {})
    garbage, headers = b"not json", stripe_fake.signed_webhook("x", {})[1]
    with pytest.raises(InvalidWebhook):
        stripe_gateway.parse_webhook(garbage, headers)


@pytest.mark.parametrize(("event_type", "payment_status", "kind"), [
    ("checkout.session.expired", "unpaid", "expired"),
    ("checkout.session.async_payment_failed", "unpaid", "failed"),
    ("checkout.session.async_payment_succeeded", "paid", "paid"),
    ("checkout.session.completed", "unpaid", None),
    ("customer.created", "unpaid", None),
])
def test_event_types_are_mapped(stripe_fake, stripe_gateway, event_type, payment_status, kind):
    session = {"id": "cs_test_1", "object": "checkout.session", "client_reference_id": "CMD-7",
               "payment_status": payment_status, "amount_total": 1250, "currency": "eur",
               "payment_intent": "pi_test_1" if payment_status == "paid" else None}
    event = stripe_gateway.parse_webhook(*stripe_fake.signed_webhook(event_type, session))

    assert (event.kind if event else None) == kind
    if event:
        assert (event.reference, event.amount_cents, event.currency) == ("CMD-7", 1250, "EUR")


def test_refund_through_payment_intent(stripe_fake, stripe_gateway):
    _, paid = _paid(stripe_fake, stripe_gateway)

    refund_id = stripe_gateway.refund(payment_ref=paid.payment_ref, amount_cents=1000,
                                      currency="EUR", reference="CMD-2024-0042",
                                      idempotency_key="refund-7")

    refund = stripe_fake.refunds[refund_id]
    assert refund_id.startswith("re_")
    assert (refund["amount"], refund["payment_intent"]) == (1000, paid.payment_ref)
    assert refund["metadata"] == {"reference": "CMD-2024-0042", "idempotency_key": "refund-7"}
    (call,) = stripe_fake.calls("POST", "/v1/refunds")
    assert call.header("Idempotency-Key") == "refund-7"
    payload, headers = stripe_fake.webhooks[-1]
    event = stripe_gateway.parse_webhook(payload, headers)
    assert event is not None and event.kind == "refunded"
    assert (event.payment_ref, event.amount_cents) == (paid.payment_ref, 1000)
    assert event.reference == "CMD-2024-0042"


def test_refund_beyond_the_payment_is_a_payment_error(stripe_fake, stripe_gateway):
    _, paid = _paid(stripe_fake, stripe_gateway)
    with pytest.raises(PaymentError) as caught:
        stripe_gateway.refund(payment_ref=paid.payment_ref, amount_cents=5000,
                              currency="EUR", reference="CMD-2024-0042", idempotency_key="r-1")
    assert "greater than" in caught.value.detail


def test_a_refund_retried_after_a_lost_answer_refunds_once(stripe_fake, stripe_gateway):
    _, paid = _paid(stripe_fake, stripe_gateway)
    stripe_fake.lose_next_replies(1)  # Stripe refunds, the answer is a 500
    with pytest.raises(PaymentError):
        stripe_gateway.refund(payment_ref=paid.payment_ref, amount_cents=1000, currency="EUR",
                              reference="CMD-2024-0042", idempotency_key="refund-9")
    again = stripe_gateway.refund(payment_ref=paid.payment_ref, amount_cents=1000,
                                  currency="EUR", reference="CMD-2024-0042",
                                  idempotency_key="refund-9")
    assert list(stripe_fake.refunds) == [again]
    assert stripe_fake.payment_intents[paid.payment_ref]["amount_refunded"] == 1000


def test_sessions_expire_at_the_deadline_or_stripes_minimum(stripe_fake, stripe_gateway):
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    far = stripe_gateway.start_payment(**ORDER, expires_at=now + timedelta(hours=2))
    near = stripe_gateway.start_payment(**ORDER, expires_at=now + timedelta(minutes=5))
    far_session, near_session = (stripe_fake.sessions[s.provider_ref] for s in (far, near))
    assert abs(far_session["expires_at"] - (now + timedelta(hours=2)).timestamp()) < 2
    assert abs(near_session["expires_at"] - (now + timedelta(minutes=31)).timestamp()) < 5
    assert far_session["payment_method_types"] == ["card"]  # cards only, as the CGV say


def test_close_payment_expires_an_open_session_and_tolerates_an_expired_one(
    stripe_fake, stripe_gateway
):
    from shop.payments import PaymentAlreadyCompleted

    start = stripe_gateway.start_payment(**ORDER)
    stripe_gateway.close_payment(start.provider_ref)
    assert stripe_fake.sessions[start.provider_ref]["status"] == "expired"
    stripe_gateway.close_payment(start.provider_ref)  # again: nothing to do
    paid_ref, _event = _paid(stripe_fake, stripe_gateway)
    with pytest.raises(PaymentAlreadyCompleted):
        stripe_gateway.close_payment(paid_ref)


@pytest.mark.parametrize("status", [402, 500])
def test_provider_errors_become_payment_errors(stripe_fake, stripe_gateway, status):
    stripe_fake.fail_next(status)
    with pytest.raises(PaymentError) as caught:
        stripe_gateway.start_payment(**ORDER)
    assert str(caught.value).startswith("Stripe a refusé")
    assert str(status) in caught.value.detail
    assert stripe_fake.sessions == {}


def test_transient_error_is_retried(stripe_fake):
    gateway = StripeGateway(secret_key=stripe_fake.secret_key, webhook_secret="whsec_x",
                            api_base=stripe_fake.base_url, max_retries=1)
    stripe_fake.fail_next(500)

    start = gateway.start_payment(**ORDER)

    assert start.provider_ref in stripe_fake.sessions
    assert len(stripe_fake.calls("POST", "/v1/checkout/sessions")) == 2


def test_wrong_api_key_is_a_payment_error(stripe_fake):
    gateway = StripeGateway(secret_key="sk_test_wrong", webhook_secret="whsec_x",
                            api_base=stripe_fake.base_url, max_retries=0)
    with pytest.raises(PaymentError):
        gateway.start_payment(**ORDER)


def test_unreachable_stripe_is_a_payment_error(stripe_fake):
    base = stripe_fake.base_url
    stripe_fake.stop()
    gateway = StripeGateway(secret_key="sk_test_fake", webhook_secret="whsec_x",
                            api_base=base, max_retries=0)
    with pytest.raises(PaymentError) as caught:
        gateway.start_payment(**ORDER)
    assert "indisponible" in str(caught.value)


def test_retrieve_session_returns_plain_dict(stripe_fake, stripe_gateway):
    start = stripe_gateway.start_payment(**ORDER)
    session = stripe_gateway.retrieve_session(start.provider_ref)
    assert json.dumps(session)  # plain JSON-able data, no SDK objects
    assert session["client_reference_id"] == "CMD-2024-0042"


def test_signed_event_of_unexpected_shape_is_invalid(stripe_fake, stripe_gateway):
    payload, headers = stripe_fake.signed_webhook("charge.refunded", {"no": "id"})
    with pytest.raises(InvalidWebhook):
        stripe_gateway.parse_webhook(payload, headers)
