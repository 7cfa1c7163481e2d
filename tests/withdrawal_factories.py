"""Orders ready for a withdrawal: placed, paid (confirmation sent), delivered on a given day."""

from datetime import datetime

from shop.checkout.services import place_order
from shop.orders import states
from shop.orders.services import mark_delivered, ship_lines
from tests.account_factories import make_user
from tests.checkout_factories import dev_verdict, order_request
from tests.factories import make_product


def delivered_order(app, db, *, delivered_at: datetime, user=None, lines=None, **user_fields):
    """A paid order moved to delivered through the order state machine at `delivered_at`."""
    user = user or make_user(db, **user_fields)
    products = lines or [
        (make_product(db, name="Magnésium marin – complément alimentaire", price_cents=1290), 2),
        (make_product(db, name="Vitamine D3 – complément alimentaire", price_cents=990), 1),
    ]
    with app.test_request_context():
        order = place_order(user, order_request(products), actor="test", now=delivered_at)
        dev_verdict(order, "accept", now=delivered_at)
        db.session.commit()
    states.transition(order, states.PREPARING, actor="staff:test", at=delivered_at)
    parcel = ship_lines(order, {line.id: line.quantity for line in order.lines},
                        carrier="colissimo", tracking_number="6A12345678901", weight_grams=500,
                        actor="staff:test", at=delivered_at)
    mark_delivered(parcel, actor="staff:test", at=delivered_at)
    db.session.commit()
    return order
