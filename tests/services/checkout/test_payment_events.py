"""Provider verdicts: paid once, refused or expired cancels and gives the stock back."""

from datetime import timedelta

from sqlalchemy import select

from shop.checkout.models import PaymentEventRecord
from shop.checkout.services import apply_payment_event, place_order
from shop.jobs import run_due
from shop.orders import states
from shop.orders.services import expire_if_unpaid
from shop.payments.base import PaymentEvent
from shop.stock.models import StockMovement
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.factories import at, make_product

NOW = at(2026, 11, 24, 10)


def _placed(db, on_hand=5, quantity=2):
    product = make_product(db, price_cents=2500, on_hand=on_hand)
    order = place_order(
        make_user(db), order_request([(product, quantity)]), actor="client", now=NOW
    )
    db.session.commit()
    return order, product


def _event(order, kind="paid", event_id="evt_1", amount=None):
    return PaymentEvent(
        kind=kind,
        reference=order.reference,
        provider_ref="cs_1",
        event_id=event_id,
        payment_ref="pi_1",
        amount_cents=order.total_ttc_cents if amount is None else amount,
        currency="EUR",
    )


def test_paid_event_marks_the_order_paid_once(db, shop_ready):
    order, _ = _placed(db)
    apply_payment_event(_event(order), provider="stripe", now=NOW)
    db.session.commit()
    assert order.status == states.PAID and order.paid_at == NOW and order.payment_ref == "pi_1"
    apply_payment_event(_event(order), provider="stripe", now=NOW)  # replayed webhook
    apply_payment_event(_event(order, event_id="evt_2"), provider="stripe", now=NOW)  # a twin
    db.session.commit()
    assert [e.to_status for e in order.events].count(states.PAID) == 1
    assert len(db.session.scalars(select(PaymentEventRecord)).all()) == 2


def test_refused_payment_cancels_and_releases_stock(db, shop_ready):
    order, product = _placed(db)
    assert product.available == 3
    apply_payment_event(_event(order, kind="failed"), provider="stripe", now=NOW)
    db.session.commit()
    assert order.status == states.CANCELLED and order.cancel_reason == "payment_refused"
    assert product.available == 5
    movements = db.session.execute(
        select(StockMovement.kind, StockMovement.allocated_change, StockMovement.reason)
        .where(StockMovement.order_id == order.id)
        .order_by(StockMovement.id)
    ).all()
    assert movements == [("allocated", 2, "order_placed"), ("released", -2, "payment_refused")]


def test_a_late_paid_event_after_a_refusal_changes_nothing_but_is_noted(db, shop_ready):
    order, product = _placed(db)
    apply_payment_event(_event(order, kind="expired"), provider="stripe", now=NOW)
    apply_payment_event(_event(order, event_id="evt_late"), provider="stripe", now=NOW)
    db.session.commit()
    assert order.status == states.CANCELLED and product.available == 5
    assert "à rembourser" in order.events[-1].note


def test_a_paid_event_with_a_wrong_amount_is_not_accepted(db, shop_ready):
    order, _ = _placed(db)
    apply_payment_event(_event(order, amount=1), provider="stripe", now=NOW)
    db.session.commit()
    assert order.status == states.AWAITING_PAYMENT


def test_an_unpaid_order_expires_after_30_minutes(db, shop_ready):
    order, product = _placed(db)
    assert not expire_if_unpaid(order.id, NOW + timedelta(minutes=29))
    assert expire_if_unpaid(order.id, NOW + timedelta(minutes=30))
    db.session.commit()
    assert order.status == states.CANCELLED and order.cancel_reason == "payment_expired"
    assert product.available == 5


def test_the_scheduled_job_cancels_an_expired_order(db, shop_ready):
    order, product = _placed(db)
    db.session.commit()
    summary = run_due(now=NOW + timedelta(hours=1))
    db.session.expire_all()
    assert summary.done == 1
    # the task uses the real clock: the order placed at NOW (in the past) is overdue
    assert order.status == states.CANCELLED and product.available == 5


def test_a_paid_order_does_not_expire(db, shop_ready):
    order, product = _placed(db)
    apply_payment_event(_event(order), provider="stripe", now=NOW)
    db.session.commit()
    assert not expire_if_unpaid(order.id, NOW + timedelta(hours=2))
    assert order.status == states.PAID and product.available == 3
