"""Orders and stock: shipping consumes the allocation; cancelling gives back only what is held.

Before this, cancelling a shipped order for non-delivery put its units back on sale although the
parcel had left. Now: cancelled before shipment, the allocation is released; shipped, on hand
goes down; cancelled after shipment, nothing comes back until the goods do (`returned`).
"""

from sqlalchemy import select

from shop.checkout.services import place_order
from shop.orders import states
from shop.orders.services import cancel_order, mark_paid, ship_lines
from shop.stock import services as stock
from shop.stock.models import StockMovement
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.factories import at, make_product
from tests.stock_checks import assert_stock_verified

NOW = at(2026, 11, 24, 10)


def _order(db, *pairs):
    order = place_order(make_user(db), order_request(pairs), actor="client", now=NOW)
    db.session.commit()
    return order


def _levels(db, product):
    db.session.expire(product)
    return product.on_hand, product.allocated, product.available


def _order_movements(order):
    from shop.extensions import db

    return db.session.execute(
        select(
            StockMovement.kind,
            StockMovement.product_id,
            StockMovement.on_hand_change,
            StockMovement.allocated_change,
            StockMovement.order_line_id,
            StockMovement.actor,
            StockMovement.reason,
        )
        .where(StockMovement.order_id == order.id)
        .order_by(StockMovement.id)
    ).all()


def _prepared(db, order):
    mark_paid(order, provider="stripe", payment_ref="pi_1", actor="paiement:stripe", at=NOW)
    states.transition(order, states.PREPARING, actor="staff:2", at=NOW)
    db.session.commit()


def _ship_all(order):
    ship_lines(order, {line.id: line.quantity for line in order.lines}, carrier="colissimo",
               tracking_number="6A12345678901", weight_grams=500, actor="staff:2", at=NOW)


def test_cancelling_before_shipment_releases_the_allocation(app, db, shop_ready):
    product = make_product(db, on_hand=10)
    order = _order(db, (product, 2))
    assert _levels(db, product) == (10, 2, 8)
    cancel_order(order, reason="staff", actor="staff:2", at=NOW)
    db.session.commit()
    assert _levels(db, product) == (10, 0, 10)
    line = order.lines[0]
    assert line.reserved_quantity == 0
    assert _order_movements(order) == [
        ("allocated", product.id, 0, 2, line.id, "client", "order_placed"),
        ("released", product.id, 0, -2, line.id, "staff:2", "staff"),
    ]
    assert_stock_verified(app)


def test_shipping_turns_the_allocation_into_units_gone(app, db, shop_ready):
    product = make_product(db, on_hand=10)
    on_demand = make_product(db, on_hand=0, on_demand=True, supplier_delay_days=5)
    order = _order(db, (product, 2), (on_demand, 1))
    _prepared(db, order)
    _ship_all(order)
    db.session.commit()
    assert order.status == states.SHIPPED and order.shipped_at == NOW
    [parcel] = order.shipments
    assert (parcel.carrier, parcel.tracking_number) == ("colissimo", "6A12345678901")
    assert _levels(db, product) == (8, 0, 8)
    assert _levels(db, on_demand) == (0, 0, 0)
    assert [line.reserved_quantity for line in order.lines] == [0, 0]
    assert _order_movements(order)[-1] == (
        "shipped",
        product.id,
        -2,
        -2,
        order.lines[0].id,
        "staff:2",
        "order_shipped",
    )
    assert_stock_verified(app)


def test_cancelling_after_shipment_puts_nothing_back_until_goods_return(app, db, shop_ready):
    product = make_product(db, on_hand=10)
    order = _order(db, (product, 2))
    _prepared(db, order)
    _ship_all(order)
    cancel_order(order, reason="non_delivery", actor="staff:2", at=NOW)
    db.session.commit()
    assert order.status == states.CANCELLED
    assert _levels(db, product) == (8, 0, 8)  # the parcel is lost: nothing to sell again
    assert [m.kind for m in _order_movements(order)] == ["allocated", "shipped"]
    assert_stock_verified(app)
    line = order.lines[0]
    stock.return_goods(
        [stock.Line(product.id, 2, line.id)],
        order_id=order.id,
        actor="staff:2",
        reason="non_delivery",
        note="colis revenu intact",
    )
    db.session.commit()
    assert _levels(db, product) == (10, 0, 10)
    assert _order_movements(order)[-1] == (
        "returned",
        product.id,
        2,
        0,
        line.id,
        "staff:2",
        "non_delivery",
    )
    assert_stock_verified(app)


def test_an_order_that_expires_unpaid_gives_its_units_back(app, db, shop_ready):
    from datetime import timedelta

    from shop.billing.unpaid import expire_if_unpaid

    product = make_product(db, on_hand=3)
    order = _order(db, (product, 3))
    assert _levels(db, product) == (3, 3, 0)
    assert expire_if_unpaid(order.id, NOW + timedelta(hours=1))
    db.session.commit()
    assert _levels(db, product) == (3, 0, 3)
    assert _order_movements(order)[-1][0::6] == ("released", "payment_expired")
    assert_stock_verified(app)
