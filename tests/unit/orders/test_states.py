"""The order state machine: the allowed-transitions table and its events."""

import pytest

from shop.orders import states
from shop.orders.models import Order
from tests.factories import at


def _order(status: str) -> Order:
    return Order(reference="PN-TEST-0001", status=status, events=[])


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (states.AWAITING_PAYMENT, states.PAID),
        (states.AWAITING_PAYMENT, states.CANCELLED),
        (states.PAID, states.PREPARING),
        (states.PREPARING, states.SHIPPED),
        (states.SHIPPED, states.DELIVERED),
        (states.SHIPPED, states.CANCELLED),
    ],
)
def test_allowed_transitions_record_who_when_from_to(start, end):
    order = _order(start)
    states.transition(order, end, actor="staff:7", at=at(2026, 11, 24), note="ok")
    assert order.status == end
    event = order.events[-1]
    assert (event.actor, event.from_status, event.to_status) == ("staff:7", start, end)
    assert event.at == at(2026, 11, 24)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (states.AWAITING_PAYMENT, states.SHIPPED),
        (states.PAID, states.AWAITING_PAYMENT),
        (states.DELIVERED, states.CANCELLED),
        (states.CANCELLED, states.PAID),
        (states.PAID, states.PAID),
    ],
)
def test_illegal_transitions_raise_and_change_nothing(start, end):
    order = _order(start)
    with pytest.raises(states.IllegalTransition, match="ne peut pas passer"):
        states.transition(order, end, actor="staff:7", at=at(2026, 11, 24))
    assert order.status == start and order.events == []


def test_arrival_states_stamp_their_date():
    order = _order(states.AWAITING_PAYMENT)
    states.transition(order, states.PAID, actor="system", at=at(2026, 11, 24, 10))
    assert order.paid_at == at(2026, 11, 24, 10)


def test_every_state_has_a_label_and_an_entry():
    assert set(states.TRANSITIONS) == set(states.LABELS)
    for targets in states.TRANSITIONS.values():
        assert targets <= set(states.LABELS)
