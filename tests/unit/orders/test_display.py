"""How an order reads to its customer: the timeline's milestones, each dated from the first
time the order reached it, a cancellation that ends it with its reason, the withdrawal lines;
and the label of a state."""

from shop.orders import display, states
from shop.orders.models import Order
from tests.factories import at

CREATED, PAID, IDENTITY, PAID_AGAIN, PREPARING, SHIPPED, DELIVERED = (
    at(2026, 11, day, 10) for day in (20, 21, 22, 23, 24, 25, 26))


def _order(status=states.AWAITING_PAYMENT) -> Order:
    order = Order(reference="PN-TEST-0001", status=status, created_at=CREATED, events=[])
    states.record_creation(order, actor="client", at=CREATED)
    return order


def _lines(order):
    return [(m.code, m.label, m.at, m.note, m.done) for m in display.timeline(order)]


def test_each_milestone_is_dated_by_the_first_time_the_order_reached_it():
    order = _order()
    for status, when in ((states.PAID, PAID), (states.AWAITING_IDENTITY, IDENTITY),
                         (states.PAID, PAID_AGAIN), (states.PREPARING, PREPARING),
                         (states.SHIPPED, SHIPPED), (states.DELIVERED, DELIVERED)):
        states.transition(order, status, actor="staff:1", at=when)
    assert _lines(order) == [
        ("received", "Commande reçue", CREATED, "", True),
        (states.PAID, "Paiement accepté", PAID, "", True),  # not the second arrival
        (states.PREPARING, "En préparation", PREPARING, "", True),
        (states.SHIPPED, "Expédiée", SHIPPED, "", True),
        (states.DELIVERED, "Livrée", DELIVERED, "", True),
    ]


def test_a_milestone_without_its_event_falls_back_on_the_orders_stamp():
    order = Order(reference="PN-TEST-0001", status=states.SHIPPED, created_at=CREATED,
                  events=[], paid_at=PAID, shipped_at=SHIPPED)  # its events were not kept
    assert [(m.code, m.at) for m in display.timeline(order)] == [
        ("received", CREATED), (states.PAID, PAID), (states.PREPARING, None),
        (states.SHIPPED, SHIPPED), (states.DELIVERED, None)]


def test_a_cancellation_ends_the_timeline_with_its_reason_and_date():
    order = _order()
    states.transition(order, states.PAID, actor="paiement:dev", at=PAID)
    states.transition(order, states.CANCELLED, actor="staff:1", at=PREPARING)
    order.cancel_reason = "unavailable"
    assert _lines(order) == [
        ("received", "Commande reçue", CREATED, "", True),
        (states.PAID, "Paiement accepté", PAID, "", True),
        (states.CANCELLED, "Annulée", PREPARING, "Annulée : produits indisponibles", True),
    ]
    order.cancelled_at = None  # an older order: the event still dates it
    assert display.timeline(order)[-1].at == PREPARING
    order.cancel_reason = None
    assert display.timeline(order)[-1].note == ""


def test_withdrawal_declarations_are_added_as_their_own_lines():
    order = _order(states.DELIVERED)
    states.note(order, "Rétractation reçue : 2 produits, remboursement à venir",
                actor="client", at=DELIVERED)
    states.note(order, "Paiement encaissé : 25,00 €", actor="paiement:dev", at=PAID)
    states.note(order, "Rétractation refusée", actor="staff:1", at=SHIPPED)
    assert [(m.code, m.label, m.at, m.note) for m in display.withdrawal_milestones(order)] == [
        ("withdrawal", "Rétractation reçue", DELIVERED, "2 produits, remboursement à venir"),
        ("withdrawal", "Rétractation refusée", SHIPPED, ""),
    ]
    assert display.timeline(order)[-2:] == display.withdrawal_milestones(order)


def test_a_state_reads_as_its_french_label_and_an_unknown_one_as_itself():
    assert display.status_label(_order(states.AWAITING_IDENTITY)) == (
        "En attente d'un justificatif d'identité")
    assert display.status_label(_order("lost")) == "lost"


def test_the_vat_breakdown_reads_as_typed_rows():
    from decimal import Decimal

    order = _order()
    order.vat_breakdown = [
        {"rate": "5.5", "base_ht_cents": 1896, "vat_cents": 104, "ttc_cents": 2000},
        {"rate": 20, "base_ht_cents": 458, "vat_cents": 92, "ttc_cents": 550},
    ]
    assert display.vat_rows(order) == [
        display.VatRow(Decimal("5.5"), 1896, 104, 2000),
        display.VatRow(Decimal("20"), 458, 92, 550),
    ]
    order.vat_breakdown = None
    assert display.vat_rows(order) == []
