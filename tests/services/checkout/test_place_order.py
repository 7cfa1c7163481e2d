"""place_order: one transaction, copies of everything, stock reserved, nothing on failure."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from shop.catalog.services import set_price
from shop.checkout.services import CheckoutError, place_order
from shop.extensions import db
from shop.jobs.models import ScheduledJob
from shop.orders import states
from shop.orders.models import Order
from shop.stock import services as stock
from shop.stock.models import StockMovement
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.factories import at, make_product

NOW = at(2026, 11, 24, 10)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _order_movements() -> int:
    """Stock movements written for orders (the products' openings aside)."""
    return db.session.scalar(
        select(func.count()).select_from(StockMovement).where(StockMovement.order_id.is_not(None))
    )


def test_an_order_keeps_its_own_copies_and_reserves_stock(db, shop_ready):
    user = make_user(db)
    vitamin = make_product(db, price_cents=1290, on_hand=10, vat_rate=Decimal("5.5"))
    shaker = make_product(db, price_cents=900, on_hand=4, vat_rate=Decimal("20"), weight_grams=120)
    order = place_order(user, order_request([(vitamin, 2), (shaker, 1)]), actor="client", now=NOW)
    db.session.commit()

    assert order.status == states.AWAITING_PAYMENT
    assert re.fullmatch(r"PN-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", order.reference)
    assert [(ln.product_name, ln.unit_price_cents, ln.quantity) for ln in order.lines] == [
        (vitamin.name, 1290, 2),
        (shaker.name, 900, 1),
    ]
    assert order.lines[1].vat_rate == Decimal("20")
    assert order.products_ttc_cents == 3480
    assert order.shipping_ttc_cents == 550  # under 45 EUR
    assert order.total_ttc_cents == 4030
    assert sum(v["ttc_cents"] for v in order.vat_breakdown) == 4030
    assert order.total_ht_cents + order.total_vat_cents == 4030
    assert (order.cgv_version, order.cgv_accepted_at) == (1, NOW)
    assert order.channel == "web" and order.customer_email == user.email
    assert order.delivery_address["city"] == "Paris"
    assert order.payment_expires_at == NOW + timedelta(minutes=30)
    assert (vitamin.on_hand, vitamin.allocated, vitamin.available) == (10, 2, 8)
    assert (shaker.on_hand, shaker.allocated, shaker.available) == (4, 1, 3)
    movements = db.session.scalars(
        select(StockMovement).where(StockMovement.kind == "allocated").order_by(StockMovement.id)
    ).all()
    assert [
        (m.product_id, m.allocated_change, m.allocated_after, m.order_line_id, m.reason)
        for m in movements
    ] == [
        (vitamin.id, 2, 2, order.lines[0].id, "order_placed"),
        (shaker.id, 1, 1, order.lines[1].id, "order_placed"),
    ]
    assert {(m.order_id, m.actor, m.on_hand_change) for m in movements} == {(order.id, "client", 0)}
    assert [e.to_status for e in order.events] == [states.AWAITING_PAYMENT]
    job = db.session.scalar(select(ScheduledJob))
    assert job.task.endswith("expire_unpaid_order") and job.args == [order.id]


def test_a_later_price_change_never_alters_a_placed_order(db, shop_ready):
    user = make_user(db)
    product = make_product(db, price_cents=2000)
    order = place_order(user, order_request([(product, 1)]), actor="client", now=NOW)
    set_price(product, 3500, NOW + timedelta(days=1))
    db.session.commit()
    db.session.expire_all()
    assert order.lines[0].unit_price_cents == 2000 and order.total_ttc_cents == 2550


def test_a_double_click_creates_one_order(db, shop_ready):
    user = make_user(db)
    product = make_product(db, on_hand=5)
    request = order_request([(product, 2)])
    first = place_order(user, request, actor="client", now=NOW)
    db.session.commit()
    again = place_order(user, request, actor="client", now=NOW)
    assert again.id == first.id
    assert _count(Order) == 1 and product.available == 3


def test_free_shipping_from_45_euros(db, shop_ready):
    user = make_user(db)
    product = make_product(db, price_cents=4500)
    order = place_order(user, order_request([(product, 1)]), actor="client", now=NOW)
    assert order.shipping_ttc_cents == 0 and order.total_ttc_cents == 4500


def test_on_demand_lines_reserve_nothing(db, shop_ready):
    user = make_user(db)
    product = make_product(db, on_hand=0, on_demand=True, supplier_delay_days=10)
    order = place_order(user, order_request([(product, 3)]), actor="client", now=NOW)
    assert order.lines[0].reserved_quantity == 0 and product.available == 0
    assert _count(StockMovement) == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"cgv_accepted": False}, "Conditions Générales de Vente"),
        ({"cgv_version": 2}, "mises à jour"),
        ({"shipping_method_code": "colissimo-europe"}, "pas disponible"),
        ({"payment_method": "cheque"}, "moyen de paiement"),
        ({"expected_total_cents": 1}, "montant de votre commande a changé"),
        ({"stored_cart": []}, "panier est vide"),
        ({"stored_cart": "forged"}, "données invalides"),
        ({"idempotency_key": ""}, "invalide"),
    ],
)
def test_bad_requests_are_refused_in_french_and_write_nothing(db, shop_ready, overrides, message):
    user = make_user(db)
    product = make_product(db, on_hand=5)
    with pytest.raises(CheckoutError, match=message):
        place_order(user, order_request([(product, 1)], **overrides), actor="client", now=NOW)
    db.session.commit()
    assert _count(Order) == 0 and _order_movements() == 0 and product.available == 5


def test_a_customer_with_a_payment_dispute_cannot_order(db, shop_ready):
    user = make_user(db, payment_dispute_open=True)
    product = make_product(db)
    with pytest.raises(CheckoutError, match="litige de paiement"):
        place_order(user, order_request([(product, 1)]), actor="client", now=NOW)
    assert _count(Order) == 0


def test_out_of_stock_leaves_no_half_written_order(db, shop_ready):
    user = make_user(db)
    plenty = make_product(db, on_hand=10)
    scarce = make_product(db, on_hand=1)
    request = order_request([(plenty, 2), (scarce, 1)])
    stock.adjust(scarce.id, -1, actor="test", reason="damaged")  # the cart still asks for one
    db.session.commit()
    with pytest.raises(CheckoutError):
        place_order(user, request, actor="client", now=NOW)
    db.session.commit()
    assert _count(Order) == 0 and _order_movements() == 0
    assert (plenty.available, scarce.available) == (10, 0)


def test_a_price_changed_since_the_recap_is_refused(db, shop_ready):
    user = make_user(db)
    product = make_product(db, price_cents=2000)
    request = order_request([(product, 1)])
    set_price(product, 2200, NOW)
    with pytest.raises(CheckoutError, match="panier a changé"):
        place_order(user, request, actor="client", now=NOW)
