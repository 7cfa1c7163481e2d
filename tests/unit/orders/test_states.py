"""The order state machine over every pair of states: each allowed move succeeds with its
stamp and event; every other move is refused and changes nothing.

The allowed moves are written out here, not read from the table: a change to
shop.orders.states.TRANSITIONS must change this list too, on purpose.
"""

import itertools

import pytest

from shop.orders import states
from shop.orders.models import Order
from tests.factories import at

ALLOWED = {
    (states.AWAITING_PAYMENT, states.PAID),
    (states.AWAITING_PAYMENT, states.CANCELLED),
    (states.PAID, states.PREPARING),
    (states.PAID, states.CANCELLED),
    (states.PAID, states.AWAITING_IDENTITY),  # staff ask for a proof of identity (CGV 6)
    (states.AWAITING_IDENTITY, states.PAID),  # the proof is accepted
    (states.AWAITING_IDENTITY, states.CANCELLED),  # refused, or none within the delay
    (states.PREPARING, states.SHIPPED),
    (states.PREPARING, states.CANCELLED),
    (states.SHIPPED, states.DELIVERED),
    (states.SHIPPED, states.CANCELLED),  # non-delivery (C2)
}
STAMPS = {states.PAID: "paid_at", states.SHIPPED: "shipped_at",
          states.DELIVERED: "delivered_at", states.CANCELLED: "cancelled_at"}
ALL_STAMPS = ("paid_at", "shipped_at", "delivered_at", "cancelled_at")
PAIRS = list(itertools.product(states.LABELS, repeat=2))
WHEN = at(2026, 11, 24, 10)


def _order(status: str) -> Order:
    return Order(reference="PN-TEST-0001", status=status, events=[])


def test_the_table_is_exactly_the_moves_the_business_allows():
    table = {(start, end) for start, ends in states.TRANSITIONS.items() for end in ends}
    assert table == ALLOWED


@pytest.mark.parametrize(("start", "end"), sorted(ALLOWED))
def test_an_allowed_move_records_who_when_from_to_and_its_stamp(start, end):
    order = _order(start)
    states.transition(order, end, actor="staff:7", at=WHEN, note="ok")
    assert order.status == end
    [event] = order.events
    assert (event.actor, event.at, event.from_status, event.to_status, event.note) == (
        "staff:7", WHEN, start, end, "ok")
    for stamp in ALL_STAMPS:
        assert getattr(order, stamp) == (WHEN if STAMPS.get(end) == stamp else None), stamp


@pytest.mark.parametrize(("start", "end"), [pair for pair in PAIRS if pair not in ALLOWED])
def test_every_other_move_is_refused_and_changes_nothing(start, end):
    order = _order(start)
    with pytest.raises(states.IllegalTransition, match="ne peut pas passer") as refused:
        states.transition(order, end, actor="staff:7", at=WHEN)
    assert (refused.value.from_status, refused.value.to_status) == (start, end)
    assert order.status == start and order.events == []
    assert all(getattr(order, stamp) is None for stamp in ALL_STAMPS)


def test_an_order_released_back_to_paid_keeps_the_time_it_was_paid():
    order = _order(states.AWAITING_IDENTITY)
    order.paid_at = at(2026, 11, 20)
    states.transition(order, states.PAID, actor="staff:7", at=WHEN)
    assert order.paid_at == at(2026, 11, 20) and order.events[-1].at == WHEN


def test_a_move_without_a_note_records_none():
    order = _order(states.PAID)
    states.transition(order, states.PREPARING, actor="staff:7", at=WHEN)
    assert order.events[-1].note == ""


def test_an_order_in_an_unknown_state_cannot_move():
    with pytest.raises(states.IllegalTransition) as refused:
        states.transition(_order("lost"), states.PAID, actor="staff:7", at=WHEN)
    assert str(refused.value) == ("La commande PN-TEST-0001 ne peut pas passer de « lost » "
                                  "à « Payée ».")


def test_an_unknown_state_is_refused():
    with pytest.raises(states.IllegalTransition) as refused:
        states.transition(_order(states.PAID), "lost", actor="staff:7", at=WHEN)
    assert str(refused.value).endswith("de « Payée » à « lost ».")


def test_the_refusal_names_both_states_in_french():
    with pytest.raises(states.IllegalTransition) as refused:
        states.transition(_order(states.DELIVERED), states.PAID, actor="x", at=WHEN)
    assert str(refused.value) == ("La commande PN-TEST-0001 ne peut pas passer de « Livrée » "
                                  "à « Payée ».")


def test_a_note_keeps_the_state_and_records_who_and_when():
    order = _order(states.PREPARING)
    states.note(order, "x" * 600, actor="staff:7", at=WHEN)
    [event] = order.events
    assert (event.from_status, event.to_status, event.actor, event.at) == (
        states.PREPARING, states.PREPARING, "staff:7", WHEN)
    assert len(event.note) == 500 and order.status == states.PREPARING


def test_creation_is_the_first_event_from_nowhere():
    order = _order(states.AWAITING_PAYMENT)
    states.record_creation(order, actor="client", at=WHEN)
    [event] = order.events
    assert (event.from_status, event.to_status, event.actor, event.at, event.note) == (
        None, states.AWAITING_PAYMENT, "client", WHEN, "")


def test_every_state_has_a_label_and_an_entry():
    assert set(states.TRANSITIONS) == set(states.LABELS)
    assert {states.AWAITING_PAYMENT, states.PAID, states.AWAITING_IDENTITY,
            states.PREPARING} == states.HOLDING_STOCK
