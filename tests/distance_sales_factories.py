"""Orders delivered here and there, placed through the real checkout and paid at a given
moment, for the distance-sales totals (LEGAL E3)."""

from shop.checkout.services import place_order
from shop.orders import states
from shop.orders.services import mark_paid
from tests.checkout_factories import PARIS, dev_verdict, order_request
from tests.factories import make_product


def address(country_code: str, postal_code: str, city: str) -> dict:
    return PARIS | {"country_code": country_code, "postal_code": postal_code, "city": city}


MONACO = address("MC", "98000", "Monaco")
AJACCIO = address("FR", "20000", "Ajaccio")
POINTE_A_PITRE = address("FR", "97110", "Pointe-à-Pitre")
BASSE_TERRE = address("GP", "97100", "Basse-Terre")  # Guadeloupe by its own ISO code
BRUSSELS = address("BE", "1000", "Bruxelles")
BERLIN = address("DE", "10115", "Berlin")
ZURICH = address("CH", "8001", "Zürich")
_METHODS = {"FR": "colissimo-metro", "MC": "colissimo-metro", "BE": "colissimo-europe",
            "DE": "colissimo-europe", "CH": "colissimo-international",
            "GP": "colissimo-outre-mer"}


def placed_order(db, buyer, delivery: dict, *, at, price_cents=2000, quantity=1):
    """An order of one new product delivered to `delivery`, placed at `at`, unpaid (needs the
    shop_ready fixture)."""
    product = make_product(db, price_cents=price_cents, on_hand=quantity)
    overseas = delivery["postal_code"].startswith("97")
    order = place_order(buyer, order_request(
        [(product, quantity)], delivery_address=delivery, billing_address=delivery,
        shipping_method_code=_METHODS["GP" if overseas else delivery["country_code"]],
    ), actor="client", now=at)
    db.session.commit()
    return order


def paid_order(db, buyer, delivery: dict, *, at, ledger=False, **fields):
    """An order placed and paid at `at`: through the ledger (a demonstration capture, whose
    confirmation e-mail renders three PDFs) when its refunds matter, else by the orders
    service the ledger calls (`mark_paid`), which is all the totals read."""
    order = placed_order(db, buyer, delivery, at=at, **fields)
    if ledger:
        dev_verdict(order, "accept", now=at)
    else:
        mark_paid(order, provider="dev", payment_ref=None, actor="test", at=at)
    db.session.commit()
    assert order.status == states.PAID and order.paid_at == at
    return order
