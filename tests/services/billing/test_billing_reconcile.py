"""Provider « refunded » events against our refund rows, field by field."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from shop.billing.models import Payment, Refund
from shop.billing.refunds import reconcile
from shop.checkout.services import place_order
from shop.payments import PaymentEvent
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.factories import make_product

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@pytest.fixture()
def captured(db, shop_ready):
    """Two captured payments of 50,00 € on one order (the second a duplicate)."""
    product = make_product(db, price_cents=2500, on_hand=5)
    order = place_order(make_user(db), order_request([(product, 2)]), actor="c", now=NOW)
    payments = [
        Payment(order_id=order.id, provider="paypal", attempt_ref=f"ORDER{n}", amount_cents=5000,
                currency="EUR", status="captured", captured_ref=f"CAPTURE{n}",
                captured_cents=5000, captured_currency="EUR", created_at=NOW)
        for n in (1, 2)
    ]
    db.session.add_all(payments)
    db.session.commit()
    return order, payments


def _event(payment, amount, provider_ref="REFUND9", event_id="e1"):
    return PaymentEvent(kind="refunded", reference="", provider_ref=provider_ref,
                        event_id=event_id, payment_ref=payment.captured_ref,
                        amount_cents=amount, currency="EUR")


def _row(db, payment, amount, status="pending", provider_ref=None) -> Refund:
    row = Refund(payment_id=payment.id, amount_cents=amount, currency="EUR", reason="staff",
                 actor="staff:1", status=status, provider_ref=provider_ref, created_at=NOW)
    db.session.add(row)
    db.session.flush()
    return row


def _rows(db, payment) -> list[tuple]:
    return [(r.amount_cents, r.status, r.reason, r.provider_ref, r.actor, r.settled_at)
            for r in db.session.scalars(
                select(Refund).where(Refund.payment_id == payment.id).order_by(Refund.id))]


def test_stripe_cumulative_amount_beyond_ours_is_one_outside_refund(db, captured):
    order, (payment, _other) = captured
    _row(db, payment, 1000)  # ours, not yet confirmed: already counted
    assert reconcile(payment, _event(payment, 1000), provider="stripe", now=NOW) == (
        "remboursement connu")
    assert reconcile(payment, _event(payment, 1001), provider="stripe", now=NOW) == (
        "remboursement fait chez le prestataire, enregistré")
    assert _rows(db, payment) == [
        (1000, "pending", "staff", None, "staff:1", None),
        (1, "succeeded", "provider", None, "paiement:paypal", NOW),
    ]
    outside = db.session.scalars(select(Refund).where(Refund.reason == "provider")).one()
    assert (outside.currency, outside.created_at) == ("EUR", NOW)
    assert order.events[-1].note == "Remboursement de 0,01\u00a0€ fait chez paypal"


def test_stripe_event_without_amount_or_within_ours_adds_nothing(db, captured):
    _order, (payment, _other) = captured
    assert reconcile(payment, _event(payment, None), provider="stripe", now=NOW) == (
        "remboursement connu")
    assert _rows(db, payment) == []


def test_paypal_refund_known_by_its_id_is_not_counted_twice(db, captured):
    _order, (payment, _other) = captured
    _row(db, payment, 700, status="succeeded", provider_ref="REFUND9")
    assert reconcile(payment, _event(payment, 700), provider="paypal", now=NOW) == (
        "remboursement connu")
    assert len(_rows(db, payment)) == 1


def test_paypal_refund_id_of_another_payment_is_not_ours(db, captured):
    _order, (payment, other) = captured
    _row(db, other, 700, status="succeeded", provider_ref="REFUND9")
    assert reconcile(payment, _event(payment, 700), provider="paypal", now=NOW) == (
        "remboursement fait chez le prestataire, enregistré")
    assert _rows(db, payment) == [(700, "succeeded", "provider", "REFUND9", "paiement:paypal",
                                   NOW)]


def test_paypal_confirms_the_oldest_pending_refund_of_that_amount(db, captured):
    order, (payment, _other) = captured
    first, second = _row(db, payment, 700), _row(db, payment, 700)
    _row(db, payment, 300)
    assert reconcile(payment, _event(payment, 700), provider="paypal", now=NOW) == (
        "remboursement confirmé")
    db.session.refresh(first)
    db.session.refresh(second)
    assert (first.status, first.provider_ref, first.settled_at) == ("succeeded", "REFUND9", NOW)
    assert second.status == "pending"
    assert order.events[-1].note == "Remboursement de 7,00\u00a0€ effectué (REFUND9)"


def test_paypal_refund_of_another_amount_is_an_outside_refund(db, captured):
    _order, (payment, _other) = captured
    _row(db, payment, 700)
    _row(db, payment, 300, status="succeeded", provider_ref="REFUND1")
    assert reconcile(payment, _event(payment, 300), provider="paypal", now=NOW) == (
        "remboursement fait chez le prestataire, enregistré")
    assert [r[:2] for r in _rows(db, payment)] == [
        (700, "pending"), (300, "succeeded"), (300, "succeeded")]


def test_a_pending_refund_of_another_payment_or_a_failed_one_is_not_confirmed(db, captured):
    _order, (payment, other) = captured
    elsewhere = _row(db, other, 700)
    failed = _row(db, payment, 700, status="failed")
    assert reconcile(payment, _event(payment, 700), provider="paypal", now=NOW) == (
        "remboursement fait chez le prestataire, enregistré")
    db.session.refresh(elsewhere)
    db.session.refresh(failed)
    assert (elsewhere.status, failed.status) == ("pending", "failed")


def test_an_outside_refund_is_in_the_currency_captured(db, captured):
    order, (payment, _other) = captured
    payment.captured_currency = "USD"  # a capture in the wrong currency, being refunded
    reconcile(payment, _event(payment, 300), provider="paypal", now=NOW)
    row = db.session.scalars(select(Refund).where(Refund.payment_id == payment.id)).one()
    assert row.currency == "USD"
    assert (order.events[-1].at, order.events[-1].actor) == (NOW, "paiement:paypal")


def test_a_refund_event_of_nothing_is_ignored(db, captured):
    _order, (payment, _other) = captured
    for amount in (0, None):
        assert reconcile(payment, _event(payment, amount), provider="paypal", now=NOW) == (
            "remboursement ignoré (montant nul)")
    assert reconcile(payment, _event(payment, 1), provider="paypal", now=NOW).startswith(
        "remboursement fait")
    assert _rows(db, payment) == [(1, "succeeded", "provider", "REFUND9", "paiement:paypal",
                                   NOW)]


def test_a_refund_event_through_the_ledger_is_dated_and_kept_with_its_order(db, captured):
    from datetime import timedelta

    from shop.billing.events import apply_event
    from shop.billing.models import PaymentEventRecord

    order, (payment, _other) = captured
    when = NOW + timedelta(hours=1)
    apply_event(_event(payment, 700, event_id="evt-dash"), provider="paypal", now=when)
    outside = db.session.scalars(select(Refund).where(Refund.reason == "provider")).one()
    assert (outside.amount_cents, outside.created_at, outside.settled_at) == (700, when, when)
    record = db.session.scalars(select(PaymentEventRecord)).one()
    assert (record.order_id, record.received_at, record.kind) == (order.id, when, "refunded")


def test_a_capture_id_names_a_payment_of_that_provider_only(db, captured):
    """Stripe and PayPal ids live in different namespaces: a « refunded » event from one
    provider never touches another provider's payment that happens to carry the same id."""
    from shop.billing.attempts import attempt_by_ref
    from shop.billing.events import apply_event
    from shop.billing.models import PaymentEventRecord

    _order, (payment, _other) = captured
    apply_event(_event(payment, 700, event_id="evt-other-provider"), provider="stripe", now=NOW)
    assert db.session.scalars(select(Refund)).all() == []
    record = db.session.scalars(select(PaymentEventRecord)).one()
    assert record.outcome == "commande inconnue" and record.order_id is None
    assert attempt_by_ref("stripe", payment.attempt_ref) is None
    assert attempt_by_ref("paypal", payment.attempt_ref) == payment
