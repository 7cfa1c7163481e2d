"""Helpers to place orders through the real checkout service."""

import uuid

import pytest

from shop.checkout.services import OrderRequest
from shop.legal.services import seed_cgv
from shop.shipping.services import seed_shipping_methods

PARIS = {
    "first_name": "Camille",
    "last_name": "Martin",
    "company": "",
    "line1": "12 rue des Lilas",
    "line2": "",
    "postal_code": "75011",
    "city": "Paris",
    "country_code": "FR",
    "phone": "+33612345678",
}


def order_request(products_and_quantities, **overrides) -> OrderRequest:
    """A complete request for these (product, quantity) pairs, delivered in Paris."""
    values = {
        "stored_cart": [[p.id, q, p.price_cents] for p, q in products_and_quantities],
        "delivery_address": PARIS,
        "billing_address": PARIS,
        "shipping_method_code": "colissimo-metro",
        "payment_method": "dev",
        "cgv_accepted": True,
        "cgv_version": 1,
        "expected_total_cents": None,
        "idempotency_key": uuid.uuid4().hex,
    }
    return OrderRequest(**(values | overrides))


@pytest.fixture()
def shop_ready(db):
    """CGV version 1 and the shipping methods, as after `flask seed-demo`."""
    seed_cgv()
    seed_shipping_methods()
    db.session.commit()


def dev_attempt(order, now=None) -> tuple:
    """Open a demonstration-gateway attempt for the order: (Payment, token of its page)."""
    from urllib.parse import parse_qs, urlsplit

    from shop.billing.attempts import start_attempt
    from shop.billing.gateways import gateway
    from shop.db import utcnow

    payment, url = start_attempt(order, gateway("dev"), now=now or utcnow(),
                                 return_url="http://localhost/retour",
                                 cancel_url="http://localhost/annule")
    return payment, parse_qs(urlsplit(url).query)["token"][0]


def dev_verdict(order, choice: str = "accept", now=None, token: str | None = None):
    """The buyer accepts (or refuses) on the demonstration page: the event is applied.

    With `token`, the verdict is on that earlier attempt; otherwise a new one is opened."""
    from shop.billing.events import apply_event
    from shop.billing.gateways import gateway
    from shop.db import utcnow

    if token is None:
        _payment, token = dev_attempt(order, now)
    event = gateway("dev").handle_return({"token": token, "choice": choice})
    return apply_event(event, provider="dev", now=now or utcnow())
