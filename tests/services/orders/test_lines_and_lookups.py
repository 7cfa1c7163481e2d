"""Order lines that will not ship, and finding orders: what the mutation run over shop/orders/
showed untested. Cancelled units are counted on their line across several cancellations, their
allocation goes back with a movement naming the order and the line, an on-demand line gives
back nothing; once nothing is left to ship, the order is shipped. A customer finds only their
own order by its reference, newest first in their list."""

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from shop.checkout.services import place_order
from shop.orders import states
from shop.orders.models import Order
from shop.orders.services import (
    FulfilmentError,
    cancel_lines,
    cancel_order,
    customer_order,
    customer_orders,
    mark_delivered,
    mark_paid,
    order_by_reference,
    order_for_update,
    ship_lines,
    stale_reservations,
)
from shop.stock.models import StockMovement
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.factories import at, make_product
from tests.stock_checks import assert_stock_verified

NOW = at(2026, 12, 3, 10)


def _preparing(db, *pairs, user=None, now=NOW):
    order = place_order(user or make_user(db), order_request(pairs), actor="client", now=now)
    mark_paid(order, provider="dev", payment_ref="dev_1", actor="paiement:dev", at=now)
    states.transition(order, states.PREPARING, actor="staff:1", at=now)
    db.session.commit()
    return order


def _released(db, order):
    return db.session.execute(
        select(StockMovement.product_id, StockMovement.allocated_change,
               StockMovement.order_line_id, StockMovement.reason)
        .where(StockMovement.order_id == order.id, StockMovement.kind == "released")
        .order_by(StockMovement.id)).all()


def test_cancelled_units_add_up_on_their_line_and_each_release_names_it(app, db, shop_ready):
    stocked = make_product(db, on_hand=10)
    made_to_order = make_product(db, on_hand=0, on_demand=True)
    order = _preparing(db, (stocked, 3), (made_to_order, 2))
    line, on_demand_line = order.lines
    for _ in range(2):
        cancel_lines(order, {line.id: 1}, actor="staff:1", at=NOW, reason="unavailable")
    cancel_lines(order, {on_demand_line.id: 1}, actor="staff:1", at=NOW, reason="unavailable")
    db.session.commit()
    assert (line.cancelled_quantity, line.reserved_quantity, line.to_ship) == (2, 1, 1)
    assert (on_demand_line.cancelled_quantity, on_demand_line.to_ship) == (1, 1)
    assert _released(db, order) == [(stocked.id, -1, line.id, "unavailable")] * 2
    assert order.status == states.PREPARING
    assert_stock_verified(app)


def test_when_the_rest_was_shipped_cancelling_the_last_units_ships_the_order(app, db,
                                                                             shop_ready):
    stocked = make_product(db, on_hand=10)
    made_to_order = make_product(db, on_hand=0, on_demand=True)
    order = _preparing(db, (stocked, 2), (made_to_order, 1))
    line, on_demand_line = order.lines
    ship_lines(order, {line.id: 2}, carrier="colissimo", tracking_number="6A12345678901",
               weight_grams=400, actor="staff:1", at=NOW)
    assert order.status == states.PREPARING  # the on-demand unit is still to come
    cancel_lines(order, {on_demand_line.id: 1}, actor="staff:1",
                 at=NOW + timedelta(hours=1), reason="unavailable")
    db.session.commit()
    assert order.status == states.SHIPPED
    assert (order.events[-1].note, order.events[-1].at, order.shipped_at) == (
        "Le reste de la commande est expédié", NOW + timedelta(hours=1),
        NOW + timedelta(hours=1))
    assert_stock_verified(app)


def test_cancelling_every_unit_of_an_order_not_shipped_leaves_the_state_to_the_caller(
        app, db, shop_ready):
    product = make_product(db, on_hand=10)
    order = _preparing(db, (product, 2))
    cancel_lines(order, {order.lines[0].id: 2}, actor="staff:1", at=NOW, reason="unavailable")
    assert order.status == states.PREPARING  # nothing was shipped: the caller cancels it


def test_lines_of_an_order_shipped_or_unpaid_cannot_be_cancelled(app, db, shop_ready):
    product = make_product(db, on_hand=10)
    order = _preparing(db, (product, 1))
    ship_lines(order, {order.lines[0].id: 1}, carrier="colissimo",
               tracking_number="6A12345678901", weight_grams=400, actor="staff:1", at=NOW)
    with pytest.raises(FulfilmentError) as refused:
        cancel_lines(order, {order.lines[0].id: 1}, actor="staff:1", at=NOW,
                     reason="unavailable")
    assert str(refused.value) == (f"La commande {order.reference} est « Expédiée » : ses lignes "
                                  "ne peuvent plus être annulées.")


def test_a_cancellation_is_noted_with_its_reason_unless_a_note_is_given(app, db, shop_ready):
    product = make_product(db, on_hand=10)
    first = _preparing(db, (product, 1))
    cancel_order(first, reason="unavailable", actor="staff:1", at=NOW)
    assert first.events[-1].note == "Annulée : produits indisponibles"
    second = _preparing(db, (product, 1))
    cancel_order(second, reason="staff", actor="staff:1", at=NOW, note="Demande du client")
    assert second.events[-1].note == "Demande du client"
    with pytest.raises(ValueError, match="unknown cancel reason 'whim'"):
        cancel_order(_preparing(db, (product, 1)), reason="whim", actor="staff:1", at=NOW)


def test_a_customer_finds_only_their_own_orders_newest_first(app, db, shop_ready):
    product = make_product(db, on_hand=10)
    buyer, other = make_user(db), make_user(db)
    older = _preparing(db, (product, 1), user=buyer, now=NOW - timedelta(days=2))
    newer = _preparing(db, (product, 1), user=buyer, now=NOW)
    theirs = _preparing(db, (product, 1), user=other)
    assert customer_orders(buyer.id) == [newer, older]
    assert customer_order(buyer.id, older.reference) == older
    assert customer_order(buyer.id, newer.reference) == newer
    assert customer_order(buyer.id, theirs.reference) is None
    assert order_by_reference(older.reference) == older
    assert order_by_reference("") is None and order_by_reference("PN-" + "X" * 30) is None


def test_stale_reservations_are_listed_order_by_order_line_by_line(app, db, shop_ready):
    first, second = make_product(db, on_hand=20), make_product(db, on_hand=20)
    orders = [_preparing(db, (first, 1), (second, 2)) for _ in range(2)]
    for order in orders:
        cancel_order(order, reason="staff", actor="staff:1", at=NOW)
    db.session.commit()
    assert stale_reservations() == []
    for order in reversed(orders):  # written back in another order than the ids
        for line in reversed(order.lines):
            line.reserved_quantity = line.quantity
    db.session.commit()
    assert stale_reservations() == [
        f"commande {order.reference} (Annulée) : « {line.product_name} » retient encore "
        f"{line.quantity}" for order in orders for line in order.lines]


def test_an_order_read_for_update_is_fresh_from_the_database(app, db, shop_ready,
                                                             is_postgres):
    """Locked for an update, the order is read again: what another transaction committed
    since it was loaded into this session counts, not the copy in the session."""
    if not is_postgres:
        pytest.skip("SQLite has one writer: no other transaction can commit meanwhile")
    order = _preparing(db, (make_product(db, on_hand=5), 1))
    assert order.status == states.PREPARING  # loaded in this session's transaction
    with db.engine.begin() as other:
        other.execute(text("UPDATE customer_order SET status = 'shipped' WHERE id = :id"),
                      {"id": order.id})
    assert order_by_reference(order.reference, for_update=True).status == states.SHIPPED
    db.session.rollback()
    assert order.status == states.SHIPPED
    with db.engine.begin() as other:
        other.execute(text("UPDATE customer_order SET status = 'delivered' WHERE id = :id"),
                      {"id": order.id})
    assert order_for_update(order.id).status == states.DELIVERED
    db.session.rollback()
    assert isinstance(db.session.get(Order, order.id), Order)


def _ship(order, line_units, at_=NOW):
    return ship_lines(order, line_units, carrier="colissimo", tracking_number="6A12345678901",
                      weight_grams=400, actor="staff:1", at=at_)


def test_an_order_is_delivered_with_its_last_parcel_and_dated_by_it(app, db, shop_ready):
    first, second = make_product(db, on_hand=5), make_product(db, on_hand=5)
    order = _preparing(db, (first, 1), (second, 1))
    one, two = order.lines
    parcel = _ship(order, {one.id: 1})
    mark_delivered(parcel, actor="staff:1", at=NOW + timedelta(days=1))
    assert order.status == states.PREPARING  # a parcel of an order still being prepared
    assert (order.events[-1].note, order.events[-1].at) == ("Colis livré",
                                                           NOW + timedelta(days=1))
    last = _ship(order, {two.id: 1}, at_=NOW + timedelta(days=1))
    assert order.status == states.SHIPPED
    mark_delivered(last, actor="staff:1", at=NOW + timedelta(days=3))
    assert order.status == states.DELIVERED
    assert order.delivered_at == NOW + timedelta(days=3)
    assert (order.events[-1].note, order.events[-1].actor) == ("Commande livrée", "staff:1")
    assert [e.note for e in order.events].count("Colis livré") == 1


def test_a_parcel_is_delivered_once_and_not_before_it_left(app, db, shop_ready):
    order = _preparing(db, (make_product(db, on_hand=5), 1))
    parcel = _ship(order, {order.lines[0].id: 1})
    with pytest.raises(FulfilmentError) as refused:
        mark_delivered(parcel, actor="staff:1", at=NOW - timedelta(hours=1))
    assert str(refused.value) == "La date de livraison précède l'expédition du colis."
    mark_delivered(parcel, actor="staff:1", at=NOW)
    with pytest.raises(FulfilmentError) as refused:
        mark_delivered(parcel, actor="staff:1", at=NOW)
    assert str(refused.value) == "Ce colis est déjà noté livré."


def test_units_of_another_order_are_refused_in_french(app, db, shop_ready):
    product = make_product(db, on_hand=5)
    order, other = _preparing(db, (product, 1)), _preparing(db, (product, 1))
    with pytest.raises(FulfilmentError) as refused:
        _ship(order, {other.lines[0].id: 1})
    assert str(refused.value) == "Une ligne indiquée n'appartient pas à cette commande."


def test_a_line_shipped_in_two_parcels_counts_both_and_the_timeline_says_which(app, db,
                                                                              shop_ready):
    order = _preparing(db, (make_product(db, on_hand=10), 3))
    line = order.lines[0]
    _ship(order, {line.id: 1}, at_=NOW)
    assert (order.events[-1].note, order.events[-1].at, order.status) == (
        "Colis expédié (expédition partielle)", NOW, states.PREPARING)
    _ship(order, {line.id: 2}, at_=NOW + timedelta(hours=2))
    assert (line.shipped_quantity, line.to_ship) == (3, 0)
    assert (order.events[-1].note, order.status) == ("Colis expédié", states.SHIPPED)
    assert_stock_verified(app)


def test_payment_and_shipping_refusals_are_told_in_french(app, db, shop_ready):
    product = make_product(db, on_hand=10)
    order = place_order(make_user(db), order_request([(product, 2)]), actor="client", now=NOW)
    with pytest.raises(states.IllegalTransition) as refused:
        _ship(order, {order.lines[0].id: 1})
    assert str(refused.value).endswith("de « En attente de paiement » à « Expédiée ».")
    mark_paid(order, provider="dev", payment_ref="dev_1", actor="paiement:dev", at=NOW)
    assert order.events[-1].note == "Paiement autorisé"
    states.transition(order, states.PREPARING, actor="staff:1", at=NOW)
    line = order.lines[0]
    for quantities, message in (
            ({line.id: 0}, "Indiquez au moins une unité."),
            ({}, "Indiquez au moins une unité."),
            ({line.id: -1}, "Les quantités doivent être des nombres entiers positifs."),
            ({line.id: True}, "Les quantités doivent être des nombres entiers positifs."),
            ({line.id: 1.0}, "Les quantités doivent être des nombres entiers positifs."),
            ({line.id: "1"}, "Les quantités doivent être des nombres entiers positifs."),
            ({line.id: 3}, f"« {line.product_name} » : 2 unité(s) au plus restent à expédier.")):
        with pytest.raises(FulfilmentError) as refused:
            _ship(order, quantities)
        assert str(refused.value) == message
    assert line.shipped_quantity == 0 and order.shipments == []


def test_cancelling_the_last_units_after_every_parcel_arrived_delivers_the_order(app, db,
                                                                                shop_ready):
    stocked = make_product(db, on_hand=10)
    made_to_order = make_product(db, on_hand=0, on_demand=True)
    order = _preparing(db, (stocked, 1), (made_to_order, 1))
    line, on_demand_line = order.lines
    mark_delivered(_ship(order, {line.id: 1}), actor="staff:1", at=NOW + timedelta(days=1))
    cancel_lines(order, {on_demand_line.id: 1}, actor="staff:2", at=NOW + timedelta(days=2),
                 reason="unavailable")
    assert order.status == states.DELIVERED
    assert order.delivered_at == NOW + timedelta(days=1)  # dated by the parcel
    assert (order.events[-1].note, order.events[-1].actor) == ("Commande livrée", "staff:2")
