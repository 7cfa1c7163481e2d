"""The PayPal gateway (Orders v2 over httpx) against the fake PayPal."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from shop.payments import InvalidReturn, InvalidWebhook, PaymentError, PaymentEvent
from shop.payments.paypal_gateway import PayPalGateway
from tests.fakes._server import Recorded, Reply, Sink
from tests.fakes.paypal_server import FakePayPal


def _order(sink: Sink | None = None, **changes) -> dict:
    base = sink.base_url if sink else "https://boutique.test"
    return {"amount_cents": 4599, "currency": "EUR", "reference": "CMD-2024-0042",
            "description": "Commande CMD-2024-0042", "customer_email": "client@example.fr",
            "return_url": f"{base}/paiement/paypal/retour",
            "cancel_url": f"{base}/paiement/paypal/annule", **changes}


def _approve_in_browser(redirect_url: str) -> httpx.Response:
    """What a buyer does: open PayPal's page, click "Payer", follow redirects home."""
    page = httpx.get(redirect_url)
    assert "Payer" in page.text and "Annuler" in page.text
    token = httpx.URL(redirect_url).params["token"]
    return httpx.post(str(httpx.URL(redirect_url).copy_with(query=None)),
                      data={"token": token, "choice": "approve"}, follow_redirects=True)


def _paid(fake: FakePayPal, gateway: PayPalGateway, sink: Sink) -> PaymentEvent:
    start = gateway.start_payment(**_order(sink))
    back = _approve_in_browser(start.redirect_url)
    event = gateway.handle_return(dict(back.url.params))
    assert event is not None
    return event


@pytest.mark.parametrize(("cents", "value"), [(4599, "45.99"), (5, "0.05"), (100000, "1000.00")])
def test_order_amount_is_exact(paypal_fake, paypal_gateway, cents, value):
    start = paypal_gateway.start_payment(**_order(amount_cents=cents))

    (call,) = paypal_fake.calls("POST", "/v2/checkout/orders")
    unit = call.json()["purchase_units"][0]
    assert unit["amount"] == {"currency_code": "EUR", "value": value}
    assert unit["reference_id"] == unit["custom_id"] == "CMD-2024-0042"
    assert call.json()["intent"] == "CAPTURE"
    assert start.provider_ref in paypal_fake.orders
    assert start.redirect_url == f"{paypal_fake.base_url}/checkoutnow?token={start.provider_ref}"


def test_order_carries_return_urls(paypal_fake, paypal_gateway):
    paypal_gateway.start_payment(**_order())
    (call,) = paypal_fake.calls("POST", "/v2/checkout/orders")
    context = call.json()["payment_source"]["paypal"]["experience_context"]
    assert context["return_url"] == "https://boutique.test/paiement/paypal/retour"
    assert context["cancel_url"] == "https://boutique.test/paiement/paypal/annule"


def test_token_is_cached(paypal_fake, paypal_gateway):
    paypal_gateway.start_payment(**_order())
    paypal_gateway.start_payment(**_order())
    assert len(paypal_fake.calls("POST", "/v1/oauth2/token")) == 1


def test_token_is_renewed_when_about_to_expire():
    fake = FakePayPal(token_lifetime=30)
    fake.start()
    try:
        gateway = PayPalGateway(client_id=fake.client_id, client_secret=fake.client_secret,
                                webhook_id=fake.webhook_id, api_base=fake.base_url)
        gateway.start_payment(**_order())
        gateway.start_payment(**_order())
        assert len(fake.calls("POST", "/v1/oauth2/token")) == 2
    finally:
        fake.stop()


def test_token_rejected_by_paypal_is_renewed_once(paypal_fake, paypal_gateway):
    paypal_gateway.start_payment(**_order())
    paypal_fake.expire_tokens()

    paypal_gateway.start_payment(**_order())

    assert len(paypal_fake.calls("POST", "/v1/oauth2/token")) == 2
    assert len(paypal_fake.orders) == 2


def test_approve_then_capture_gives_paid_event(paypal_fake, paypal_gateway, sink):
    event = _paid(paypal_fake, paypal_gateway, sink)

    (capture_id,) = paypal_fake.captures
    assert event.kind == "paid"
    assert event.payment_ref == capture_id
    assert event.reference == "CMD-2024-0042"
    assert (event.amount_cents, event.currency) == (4599, "EUR")
    (returned,) = sink.calls("GET", "/paiement/paypal/retour")
    assert set(returned.query) == {"token", "PayerID"}
    assert event.provider_ref == returned.query["token"]


def test_return_twice_does_not_capture_twice(paypal_fake, paypal_gateway, sink):
    first = _paid(paypal_fake, paypal_gateway, sink)
    params = dict(sink.calls("GET", "/paiement/paypal/retour")[0].query)

    again = paypal_gateway.handle_return(params)

    assert again == first
    assert len(paypal_fake.captures) == 1


def test_already_captured_order_is_read_back(paypal_fake, paypal_gateway, sink):
    first = _paid(paypal_fake, paypal_gateway, sink)
    other = PayPalGateway(client_id=paypal_fake.client_id,
                          client_secret=paypal_fake.client_secret,
                          webhook_id=paypal_fake.webhook_id, api_base=paypal_fake.base_url)
    paypal_fake._idempotent.clear()  # a capture request PayPal no longer remembers

    assert other.handle_return({"token": first.provider_ref}) == first


def test_cancel_on_paypal_goes_to_cancel_url(paypal_fake, paypal_gateway, sink):
    start = paypal_gateway.start_payment(**_order(sink))
    back = httpx.post(f"{paypal_fake.base_url}/checkoutnow", follow_redirects=True,
                      data={"token": start.provider_ref, "choice": "cancel"})
    assert back.url.path == "/paiement/paypal/annule"
    assert back.url.params["token"] == start.provider_ref


def test_return_without_approval_is_refused(paypal_fake, paypal_gateway):
    start = paypal_gateway.start_payment(**_order())
    with pytest.raises(InvalidReturn):
        paypal_gateway.handle_return({"token": start.provider_ref})
    with pytest.raises(InvalidReturn):
        paypal_gateway.handle_return({"token": "../v1/oauth2/token"})
    with pytest.raises(InvalidReturn):
        paypal_gateway.handle_return({})
    assert paypal_fake.captures == {}


def test_declined_capture_gives_failed_event(paypal_fake, paypal_gateway, sink):
    paypal_fake.next_capture_status = "DECLINED"
    assert _paid(paypal_fake, paypal_gateway, sink).kind == "failed"


def test_capture_webhook_is_verified_with_paypal(paypal_fake, paypal_gateway, sink):
    paypal_fake.webhook_url = f"{sink.base_url}/paiement/webhook/paypal"
    paid = _paid(paypal_fake, paypal_gateway, sink)
    (delivered,) = sink.wait_for("POST", "/paiement/webhook/paypal")

    event = paypal_gateway.parse_webhook(delivered.body, delivered.headers)

    assert event is not None and event.kind == "paid"
    assert event.event_id.startswith("WH-")
    assert (event.payment_ref, event.provider_ref) == (paid.payment_ref, paid.provider_ref)
    assert (event.reference, event.amount_cents) == ("CMD-2024-0042", 4599)
    (check,) = paypal_fake.calls("POST", "/v1/notifications/verify-webhook-signature")
    sent = check.json()
    assert sent["webhook_id"] == paypal_fake.webhook_id
    assert sent["webhook_event"] == json.loads(delivered.body)
    assert sent["transmission_id"] == delivered.header("PAYPAL-TRANSMISSION-ID")


def test_forged_webhooks_are_rejected(paypal_fake, paypal_gateway):
    resource = {"id": "CAPTURE1", "status": "COMPLETED", "custom_id": "CMD-1",
                "amount": {"currency_code": "EUR", "value": "45.99"}}
    payload, headers = paypal_fake.signed_webhook("PAYMENT.CAPTURE.COMPLETED", resource)
    other_payload, other_headers = paypal_fake.signed_webhook("PAYMENT.CAPTURE.COMPLETED",
                                                              {**resource, "id": "CAPTURE2"})
    forged = payload.replace(b'"45.99"', b'"0.01"')

    for body, head in [(forged, headers), (payload, other_headers),
                       (payload, {**headers, "PAYPAL-TRANSMISSION-SIG": "AAAA"})]:
        with pytest.raises(InvalidWebhook):
            paypal_gateway.parse_webhook(body, head)
    assert paypal_gateway.parse_webhook(other_payload, other_headers).payment_ref == "CAPTURE2"


def test_webhook_without_headers_or_json_is_rejected_locally(paypal_fake, paypal_gateway):
    payload, headers = paypal_fake.signed_webhook("PAYMENT.CAPTURE.COMPLETED", {"id": "C"})
    del headers["PAYPAL-TRANSMISSION-SIG"]
    for body, head in [(payload, headers), (b"{not json", headers)]:
        with pytest.raises(InvalidWebhook):
            paypal_gateway.parse_webhook(body, head)
    assert paypal_fake.calls("POST", "/v1/notifications/verify-webhook-signature") == []


def test_webhooks_that_cannot_be_paypals_cost_no_verification_call(paypal_fake, paypal_gateway):
    payload, headers = paypal_fake.signed_webhook("PAYMENT.CAPTURE.COMPLETED", {"id": "C"})
    for forged in ({**headers, "PAYPAL-AUTH-ALGO": "none"},
                   {**headers, "PAYPAL-CERT-URL": "https://evil.example/cert.pem"}):
        with pytest.raises(InvalidWebhook):
            paypal_gateway.parse_webhook(payload, forged)
    ignored = paypal_fake.signed_webhook("CUSTOMER.DISPUTE.CREATED", {"id": "D"})
    assert paypal_gateway.parse_webhook(*ignored) is None  # nothing the shop acts on
    assert paypal_fake.calls("POST", "/v1/notifications/verify-webhook-signature") == []


def test_webhook_for_another_webhook_id_is_rejected(paypal_fake):
    gateway = PayPalGateway(client_id=paypal_fake.client_id,
                            client_secret=paypal_fake.client_secret,
                            webhook_id="WH-SOMEONE-ELSE", api_base=paypal_fake.base_url)
    payload, headers = paypal_fake.signed_webhook("PAYMENT.CAPTURE.COMPLETED", {"id": "C"})
    with pytest.raises(InvalidWebhook):
        gateway.parse_webhook(payload, headers)


def test_webhook_when_paypal_is_down_is_a_payment_error(paypal_fake, paypal_gateway):
    payload, headers = paypal_fake.signed_webhook("PAYMENT.CAPTURE.COMPLETED", {"id": "C"})
    paypal_gateway.start_payment(**_order())  # token cached: the next call is the check
    paypal_fake.fail_next(503)
    with pytest.raises(PaymentError):
        paypal_gateway.parse_webhook(payload, headers)


def test_voided_order_webhook_gives_expired(paypal_fake, paypal_gateway):
    start = paypal_gateway.start_payment(**_order())
    event = paypal_gateway.parse_webhook(*paypal_fake.void_order(start.provider_ref))
    assert event is not None and event.kind == "expired"
    assert (event.reference, event.provider_ref) == ("CMD-2024-0042", start.provider_ref)


def test_ignored_event_type_gives_none(paypal_fake, paypal_gateway):
    payload, headers = paypal_fake.signed_webhook("CHECKOUT.ORDER.APPROVED", {"id": "O"})
    assert paypal_gateway.parse_webhook(payload, headers) is None


def test_refund_capture(paypal_fake, paypal_gateway, sink):
    paid = _paid(paypal_fake, paypal_gateway, sink)

    refund_id = paypal_gateway.refund(payment_ref=paid.payment_ref, amount_cents=1005,
                                      currency="EUR", reference="CMD-2024-0042",
                                      idempotency_key="refund-3")
    again = paypal_gateway.refund(payment_ref=paid.payment_ref, amount_cents=1005,
                                  currency="EUR", reference="CMD-2024-0042",
                                  idempotency_key="refund-3")
    assert again == refund_id and len(paypal_fake.refunds) == 1  # PayPal-Request-Id

    call, _replay = paypal_fake.calls("POST", rf"/v2/payments/captures/{paid.payment_ref}/refund")
    assert call.json()["amount"] == {"currency_code": "EUR", "value": "10.05"}
    assert call.header("PayPal-Request-Id") == "refund-3"
    assert paypal_fake.captures[paid.payment_ref]["status"] == "PARTIALLY_REFUNDED"
    event = paypal_gateway.parse_webhook(*paypal_fake.webhooks[-1])
    assert event is not None and event.kind == "refunded"
    assert (event.provider_ref, event.payment_ref) == (refund_id, paid.payment_ref)
    assert (event.reference, event.amount_cents) == ("CMD-2024-0042", 1005)


def test_refund_beyond_capture_is_a_payment_error(paypal_fake, paypal_gateway, sink):
    paid = _paid(paypal_fake, paypal_gateway, sink)
    with pytest.raises(PaymentError) as caught:
        paypal_gateway.refund(payment_ref=paid.payment_ref, amount_cents=4600,
                              currency="EUR", reference="CMD-2024-0042", idempotency_key="r-2")
    assert "REFUND_AMOUNT_EXCEEDED" in caught.value.detail


@pytest.mark.parametrize("status", [402, 500])
def test_provider_errors_become_payment_errors(paypal_fake, paypal_gateway, status):
    paypal_gateway.start_payment(**_order())  # token cached: the next call is the order
    paypal_fake.fail_next(status)
    with pytest.raises(PaymentError) as caught:
        paypal_gateway.start_payment(**_order())
    assert str(caught.value) == "PayPal a refusé l'opération de paiement."
    assert f"HTTP {status}" in caught.value.detail


def test_bad_credentials_are_a_payment_error(paypal_fake):
    gateway = PayPalGateway(client_id="nope", client_secret="nope", webhook_id="W",
                            api_base=paypal_fake.base_url)
    with pytest.raises(PaymentError) as caught:
        gateway.start_payment(**_order())
    assert "invalid_client" in caught.value.detail


def test_unreachable_paypal_is_a_payment_error(paypal_fake):
    base = paypal_fake.base_url
    paypal_fake.stop()
    gateway = PayPalGateway(client_id="a", client_secret="b", webhook_id="W", api_base=base)
    with pytest.raises(PaymentError) as caught:
        gateway.start_payment(**_order())
    assert "indisponible" in str(caught.value)


def test_webhook_receiver_can_call_paypal_back_while_being_delivered(
    paypal_fake, paypal_gateway, sink
):
    """Like the shop in e2e: the webhook endpoint verifies through the fake as it receives."""
    seen: list[PaymentEvent | None] = []

    def shop_endpoint(rec: Recorded) -> Reply:
        if rec.path == "/webhook":
            seen.append(paypal_gateway.parse_webhook(rec.body, rec.headers))
        return Reply(200, b"ok")

    sink.respond = shop_endpoint
    paypal_fake.webhook_url = f"{sink.base_url}/webhook"
    paid = _paid(paypal_fake, paypal_gateway, sink)

    sink.wait_for("POST", "/webhook")
    deadline = time.monotonic() + 5
    while not paypal_fake.deliveries and time.monotonic() < deadline:
        time.sleep(0.01)
    assert paypal_fake.deliveries == [(paypal_fake.webhook_url, 200)]
    assert [e.payment_ref for e in seen if e] == [paid.payment_ref]
