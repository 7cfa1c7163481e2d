"""Payment attempts: none is opened once the order's payment deadline is reached."""

from datetime import timedelta

import pytest

from shop.billing.attempts import AttemptRefused
from shop.checkout.services import place_order
from tests.account_factories import make_user
from tests.checkout_factories import dev_attempt, order_request
from tests.factories import at, make_product

NOW = at(2026, 12, 3, 10)


def test_no_new_payment_attempt_once_the_orders_deadline_is_reached(app, db, shop_ready):
    order = place_order(make_user(db), order_request([(make_product(db, on_hand=5), 1)]),
                        actor="client", now=NOW)
    deadline = order.payment_expires_at
    payment, _token = dev_attempt(order, now=deadline - timedelta(seconds=1))
    assert payment.status == "open"
    with pytest.raises(AttemptRefused) as refused:
        dev_attempt(order, now=deadline)
    assert str(refused.value) == "Le délai de paiement de cette commande est dépassé."


def test_the_timeline_dates_each_attempt_opened_or_closed_when_it_happened(app, db, shop_ready):
    """Staff read on the order's timeline when the customer pressed « Payer » again and when
    the shop closed the older attempt: the moments of the actions, not of the database write."""
    from shop.billing.unpaid import cancel_unpaid_order

    order = place_order(make_user(db), order_request([(make_product(db, on_hand=5), 1)]),
                        actor="client", now=NOW)
    first, _token = dev_attempt(order, now=NOW + timedelta(minutes=1))
    second, _token = dev_attempt(order, now=NOW + timedelta(minutes=2))
    cancel_unpaid_order(order, reason="customer", actor="client", now=NOW + timedelta(minutes=3))
    db.session.commit()
    db.session.expire_all()
    assert [(e.note, e.at) for e in order.events if e.note.startswith("Tentative")] == [
        (f"Tentative de paiement dev ouverte ({first.attempt_ref})", NOW + timedelta(minutes=1)),
        (f"Tentative de paiement dev fermée ({first.attempt_ref})", NOW + timedelta(minutes=2)),
        (f"Tentative de paiement dev ouverte ({second.attempt_ref})", NOW + timedelta(minutes=2)),
        (f"Tentative de paiement dev fermée ({second.attempt_ref})", NOW + timedelta(minutes=3)),
    ]
