"""The development gateway: signed token + choice -> paid / failed."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from shop.payments import InvalidReturn, InvalidWebhook
from shop.payments.dev_gateway import DevGateway

PAGE = "http://localhost:5000/paiement/demo?lang=fr"
ORDER = {"amount_cents": 2990, "currency": "eur", "reference": "CMD-DEMO-1",
         "description": "Commande CMD-DEMO-1", "customer_email": None,
         "return_url": "/paiement/retour", "cancel_url": "/panier"}


def _token(gateway: DevGateway) -> tuple[str, str]:
    start = gateway.start_payment(**ORDER)
    query = parse_qs(urlsplit(start.redirect_url).query)
    assert start.redirect_url.startswith("http://localhost:5000/paiement/demo?")
    assert query["lang"] == ["fr"]
    return query["token"][0], start.provider_ref


def test_accept_gives_paid_event():
    gateway = DevGateway(secret_key="s3cret", page_url=PAGE)
    token, provider_ref = _token(gateway)

    event = gateway.handle_return({"token": token, "choice": "accept"})

    assert event.kind == "paid"
    assert (event.reference, event.amount_cents, event.currency) == ("CMD-DEMO-1", 2990, "EUR")
    assert event.provider_ref == event.payment_ref == provider_ref
    assert event.event_id == f"{provider_ref}:accept"


def test_refuse_gives_failed_event():
    gateway = DevGateway(secret_key="s3cret", page_url=PAGE)
    token, _ = _token(gateway)
    event = gateway.handle_return({"token": token, "choice": "refuse"})
    assert event.kind == "failed" and event.payment_ref is None


def test_page_can_read_the_token():
    gateway = DevGateway(secret_key="s3cret", page_url=PAGE)
    token, _ = _token(gateway)
    data = gateway.read_token(token)
    assert (data["amount_cents"], data["return_url"], data["cancel_url"]) == (
        2990, "/paiement/retour", "/panier")


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
    lambda t: DevGateway(secret_key="other", page_url=PAGE).start_payment(**ORDER)
    .redirect_url.split("token=")[1],
    lambda t: "",
])
def test_tampered_or_foreign_token_is_rejected(mangle):
    gateway = DevGateway(secret_key="s3cret", page_url=PAGE)
    token, _ = _token(gateway)
    with pytest.raises(InvalidReturn):
        gateway.handle_return({"token": mangle(token), "choice": "accept"})


def test_expired_token_and_unknown_choice_are_rejected():
    gateway = DevGateway(secret_key="s3cret", page_url=PAGE, max_age=-1)
    token, _ = _token(gateway)
    with pytest.raises(InvalidReturn):
        gateway.handle_return({"token": token, "choice": "accept"})
    fresh = DevGateway(secret_key="s3cret", page_url=PAGE)
    with pytest.raises(InvalidReturn):
        fresh.handle_return({"token": _token(fresh)[0], "choice": "maybe"})


def test_no_webhooks_and_fake_refunds():
    gateway = DevGateway(secret_key="s3cret", page_url=PAGE)
    with pytest.raises(InvalidWebhook):
        gateway.parse_webhook(b"{}", {})
    refund_id = gateway.refund(payment_ref="dev_1", amount_cents=100, currency="EUR",
                               reference="CMD-DEMO-1", idempotency_key="refund-1")
    assert refund_id == "dev_refund_refund-1"
