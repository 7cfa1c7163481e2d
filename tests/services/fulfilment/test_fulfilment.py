"""Staff take a paid order to the customer's door: prepare, ship (in parcels), deliver, report
a delay, drop unavailable units, cancel; each through the state machine, the stock ledger, the
money ledger, the audit trail and an e-mail to the customer."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from shop.audit.services import entries_for
from shop.billing.models import Refund
from shop.fulfilment import services as fulfilment
from shop.notifications.models import MailMessage
from shop.orders import states
from shop.orders.services import FulfilmentError
from shop.stock.models import StockMovement
from shop.withdrawal.services import order_window
from tests.account_factories import make_user
from tests.checkout_factories import dev_verdict, order_request
from tests.factories import at, make_product
from tests.stock_checks import assert_stock_verified

NOW = at(2026, 11, 24, 10)
TRACKING = "6A12345678901"


@pytest.fixture()
def staff(db):
    return make_user(db, role="staff", first_name="Paul")


def _paid(app, db, *pairs):
    from shop.checkout.services import place_order

    with app.test_request_context():
        order = place_order(make_user(db), order_request(list(pairs)), actor="client", now=NOW)
        dev_verdict(order, "accept", now=NOW)
        db.session.commit()
    assert order.status == states.PAID
    return order


def _levels(db, product):
    db.session.refresh(product)
    return product.on_hand, product.allocated


def _mails(db, order):
    return [m for m in db.session.scalars(select(MailMessage).order_by(MailMessage.id))
            if m.recipients == [order.customer_email]]


def _refunds(db, order):
    db.session.expire_all()
    return [(r.amount_cents, r.reason, r.status) for r in db.session.scalars(
        select(Refund).order_by(Refund.id)) if r.payment.order_id == order.id]


def _ship(order, staff, quantities, number=TRACKING, carrier="colissimo", weight=800, now=NOW):
    return fulfilment.ship(order, quantities, carrier=carrier, tracking_number=number,
                           weight_grams=weight, staff=staff, now=now)


def test_an_order_ships_in_two_parcels_and_is_delivered_with_the_last(app, db, staff,
                                                                      shop_ready):
    magnesium, vitamin = make_product(db, on_hand=10), make_product(db, on_hand=10)
    order = _paid(app, db, (magnesium, 2), (vitamin, 1))
    first, second = order.lines
    fulfilment.start_preparing(order, staff=staff, now=NOW)
    parcel = _ship(order, staff, {first.id: 2}, number="6a 1234-5678901")
    db.session.commit()
    assert order.status == states.PREPARING  # one line is still to ship
    assert (first.shipped_quantity, first.reserved_quantity, second.to_ship) == (2, 0, 1)
    assert parcel.tracking_number == TRACKING  # as the carrier prints it
    assert _levels(db, magnesium) == (8, 0) and _levels(db, vitamin) == (10, 1)
    [mail] = _mails(db, order)[-1:]
    assert "laposte.fr/outils/suivre-vos-envois?code=6A12345678901" in mail.text_body
    assert "suivra dans un autre colis" in mail.text_body

    later = NOW + timedelta(days=1)
    second_parcel = _ship(order, staff, {second.id: 1}, number="6A12345678902", now=later)
    db.session.commit()
    assert order.status == states.SHIPPED and order.shipped_at == later
    fulfilment.deliver(parcel, delivered_on=date(2026, 11, 25), staff=staff, now=later)
    assert order.status == states.SHIPPED  # one parcel is still on its way
    fulfilment.deliver(second_parcel, delivered_on=date(2026, 11, 26), staff=staff,
                       now=NOW + timedelta(days=3))
    db.session.commit()
    assert order.status == states.DELIVERED
    assert order.delivered_at.date() == date(2026, 11, 26)  # the last parcel's day
    window = order_window(order, NOW + timedelta(days=3))
    assert window.closes_at.date() == date(2026, 12, 11)  # 14 days after the last parcel
    assert [e.action for e in entries_for(order)] == [
        "order.prepare", "order.ship", "order.ship", "order.deliver", "order.deliver"]
    assert entries_for(order)[0].actor == f"staff:{staff.id}"
    assert_stock_verified(app)


@pytest.mark.parametrize(("carrier", "number"), [
    ("colissimo", "6A123"), ("colissimo", "1234567890123"), ("ups", "1Z123"),
    ("dhl", "12345"), ("chronopost", "XX12345678FR"), ("la-poste-pigeon", "6A12345678901"),
])
def test_a_tracking_number_of_the_wrong_shape_is_refused_and_nothing_moves(
    app, db, staff, shop_ready, carrier, number
):
    product = make_product(db, on_hand=10)
    order = _paid(app, db, (product, 2))
    fulfilment.start_preparing(order, staff=staff, now=NOW)
    db.session.commit()
    with pytest.raises(FulfilmentError):
        _ship(order, staff, {order.lines[0].id: 2}, number=number, carrier=carrier)
    db.session.rollback()
    assert order.shipments == [] and order.lines[0].shipped_quantity == 0
    assert _levels(db, product) == (10, 2)


@pytest.mark.parametrize("quantities", [
    {"line": 3}, {"line": 0}, {"line": -1}, {"other": 1}, {},
])
def test_shipping_more_than_is_left_or_nothing_is_refused(app, db, staff, shop_ready,
                                                         quantities):
    product = make_product(db, on_hand=10)
    order = _paid(app, db, (product, 2))
    fulfilment.start_preparing(order, staff=staff, now=NOW)
    db.session.commit()
    line_id = order.lines[0].id
    asked = {(line_id if key == "line" else 999_999): units for key, units in quantities.items()}
    with pytest.raises(FulfilmentError):
        _ship(order, staff, asked)
    db.session.rollback()
    assert order.status == states.PREPARING and order.shipments == []


def test_a_weight_out_of_range_is_refused(app, db, staff, shop_ready):
    order = _paid(app, db, (make_product(db), 1))
    fulfilment.start_preparing(order, staff=staff, now=NOW)
    for weight in (0, -5, 30_001, True):
        with pytest.raises(FulfilmentError, match="poids"):
            _ship(order, staff, {order.lines[0].id: 1}, weight=weight)


def test_shipping_is_refused_before_preparation(app, db, staff, shop_ready):
    order = _paid(app, db, (make_product(db), 1))
    with pytest.raises(states.IllegalTransition):
        _ship(order, staff, {order.lines[0].id: 1})


def test_an_unavailable_line_is_cancelled_refunded_and_the_rest_ships(app, db, staff,
                                                                     shop_ready):
    magnesium = make_product(db, on_hand=10, price_cents=1290)
    vitamin = make_product(db, on_hand=10, price_cents=990)
    order = _paid(app, db, (magnesium, 2), (vitamin, 3))
    first, second = order.lines
    fulfilment.start_preparing(order, staff=staff, now=NOW)
    refunded = fulfilment.cancel_missing(order, {second.id: 2}, note="Rupture fournisseur",
                                         staff=staff, now=NOW)
    db.session.commit()
    assert refunded == 2 * 990
    assert (second.cancelled_quantity, second.refunded_quantity, second.to_ship) == (2, 2, 1)
    assert _levels(db, vitamin) == (10, 1)  # the 2 units are on sale again
    assert _refunds(db, order) == [(1980, "unavailable", "succeeded")]  # sent after commit
    mail = _mails(db, order)[-1]
    assert "indisponibles" in mail.text_body and "19,80" in mail.text_body
    _ship(order, staff, {first.id: 2, second.id: 1})
    db.session.commit()
    assert order.status == states.SHIPPED
    assert_stock_verified(app)


def test_when_nothing_would_be_left_the_whole_order_is_cancelled_with_its_shipping(
    app, db, staff, shop_ready
):
    product = make_product(db, on_hand=10, price_cents=1290)
    order = _paid(app, db, (product, 1))
    refunded = fulfilment.cancel_missing(order, {order.lines[0].id: 1}, note="Lot abîmé",
                                         staff=staff, now=NOW)
    db.session.commit()
    assert order.status == states.CANCELLED and order.cancel_reason == "unavailable"
    assert refunded == order.total_ttc_cents == 1290 + 550
    assert _refunds(db, order) == [(1840, "unavailable", "succeeded")]


def test_cancelling_a_paid_order_releases_its_stock_and_refunds_all_of_it(app, db, staff,
                                                                         shop_ready):
    product = make_product(db, on_hand=10, price_cents=1290)
    order = _paid(app, db, (product, 2))
    refunded = fulfilment.cancel(order, reason="staff", note="Demande du client au téléphone",
                                 staff=staff, now=NOW)
    db.session.commit()
    assert order.status == states.CANCELLED and refunded == order.total_ttc_cents
    assert _levels(db, product) == (10, 0)
    assert (order.lines[0].cancelled_quantity, order.lines[0].refunded_quantity) == (2, 2)
    assert _refunds(db, order) == [(order.total_ttc_cents, "order_cancelled", "succeeded")]
    assert "intégralement remboursé" in _mails(db, order)[-1].text_body
    [entry] = [e for e in entries_for(order) if e.action == "order.cancel"]
    assert entry.changes["status"] == [states.PAID, states.CANCELLED]
    assert_stock_verified(app)


def test_cancelling_an_unpaid_order_refunds_nothing(app, db, staff, shop_ready):
    from shop.checkout.services import place_order

    product = make_product(db, on_hand=10)
    order = place_order(make_user(db), order_request([(product, 1)]), actor="client", now=NOW)
    db.session.commit()
    assert fulfilment.cancel(order, reason="staff", note="", staff=staff, now=NOW) == 0
    db.session.commit()
    assert order.status == states.CANCELLED and _refunds(db, order) == []
    assert "Aucun montant" in _mails(db, order)[-1].text_body


def test_after_shipment_only_non_delivery_cancels_and_it_refunds_shipping_too(
    app, db, staff, shop_ready
):
    product = make_product(db, on_hand=10, price_cents=1290)
    order = _paid(app, db, (product, 1))
    with pytest.raises(FulfilmentError, match="expédiée"):
        fulfilment.cancel(order, reason="non_delivery", note="", staff=staff, now=NOW)
    fulfilment.start_preparing(order, staff=staff, now=NOW)
    _ship(order, staff, {order.lines[0].id: 1})
    db.session.commit()
    with pytest.raises(FulfilmentError, match="défaut de livraison"):
        fulfilment.cancel(order, reason="staff", note="", staff=staff, now=NOW)
    refunded = fulfilment.cancel(order, reason="non_delivery", note="Colis perdu",
                                 staff=staff, now=NOW)
    db.session.commit()
    assert refunded == 1290 + 550
    assert _levels(db, product) == (9, 0)  # the parcel took the unit: nothing back on sale
    assert _refunds(db, order) == [(1840, "non_delivery", "succeeded")]


def test_a_delivery_date_in_the_future_before_shipment_or_twice_is_refused(app, db, staff,
                                                                          shop_ready):
    order = _paid(app, db, (make_product(db), 1))
    fulfilment.start_preparing(order, staff=staff, now=NOW)
    parcel = _ship(order, staff, {order.lines[0].id: 1})
    with pytest.raises(FulfilmentError, match="futur"):
        fulfilment.deliver(parcel, delivered_on=date(2026, 11, 25), staff=staff, now=NOW)
    with pytest.raises(FulfilmentError, match="précède"):
        fulfilment.deliver(parcel, delivered_on=date(2026, 11, 23), staff=staff, now=NOW)
    fulfilment.deliver(parcel, delivered_on=date(2026, 11, 24), staff=staff, now=NOW)
    with pytest.raises(FulfilmentError, match="déjà"):
        fulfilment.deliver(parcel, delivered_on=date(2026, 11, 24), staff=staff, now=NOW)


def test_a_reported_delay_is_kept_and_told_to_the_customer(app, db, staff, shop_ready):
    order = _paid(app, db, (make_product(db), 1))
    with pytest.raises(FulfilmentError, match="postérieure"):
        fulfilment.report_delay(order, new_date=date(2026, 11, 24), reason="", staff=staff,
                                now=NOW)
    fulfilment.report_delay(order, new_date=date(2026, 12, 4), reason="Grève des transports",
                            staff=staff, now=NOW)
    db.session.commit()
    assert order.delayed_until == date(2026, 12, 4)
    mail = _mails(db, order)[-1]
    assert "vendredi 4 décembre 2026" in mail.text_body and "Grève" in mail.text_body
    assert "L216-6" in mail.text_body
    [entry] = [e for e in entries_for(order) if e.action == "order.delay"]
    assert entry.changes["delayed_until"][1] == "2026-12-04"


def test_a_note_goes_in_the_timeline_and_an_empty_one_is_refused(app, db, staff, shop_ready):
    order = _paid(app, db, (make_product(db), 1))
    with pytest.raises(FulfilmentError):
        fulfilment.add_note(order, "   ", staff=staff, now=NOW)
    fulfilment.add_note(order, "Client rappelé, <b>ok</b>", staff=staff, now=NOW)
    db.session.commit()
    assert order.events[-1].note == "Note : Client rappelé, <b>ok</b>"
    assert order.status == states.PAID


def test_the_line_share_of_a_partial_refund_rounds_half_up():
    from types import SimpleNamespace

    line = SimpleNamespace(total_cents=1001, quantity=2)
    assert fulfilment.units_amount(line, 1) == 501  # 500.5 rounds up
    assert fulfilment.units_amount(line, 2) == 1001
    line = SimpleNamespace(total_cents=1000, quantity=3)
    assert fulfilment.units_amount(line, 1) == 333


def test_no_movement_is_written_for_an_on_demand_line(app, db, staff, shop_ready):
    on_demand = make_product(db, on_hand=0, on_demand=True, supplier_delay_days=5)
    order = _paid(app, db, (on_demand, 1))
    fulfilment.start_preparing(order, staff=staff, now=NOW)
    _ship(order, staff, {order.lines[0].id: 1})
    db.session.commit()
    assert order.status == states.SHIPPED
    kinds = db.session.scalars(select(StockMovement.kind).where(
        StockMovement.order_id == order.id)).all()
    assert kinds == []
