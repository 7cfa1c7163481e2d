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
