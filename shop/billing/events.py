"""Apply a verified provider event to the ledger and to its order, exactly once.

- The event is recorded first (INSERT ... ON CONFLICT DO NOTHING on provider + event id): of
  simultaneous duplicates one applies it, the others wait for its commit and change nothing.
- Rows are locked order first, then payment, in every path, so concurrent events queue.
- Only the current attempt's refusal moves the order; any capture counts. A capture the order
  cannot keep (order cancelled, already paid by another capture, amount or currency differing
  from the order's) is refunded in full through the provider that took it, the customer is
  e-mailed, and staff see the refund until it succeeds.
"""

from datetime import datetime

from sqlalchemy import select, update

from shop.billing.attempts import attempt_by_ref, close_open_attempts, current_attempt
from shop.billing.models import Payment, PaymentEventRecord
from shop.billing.refunds import reconcile, refund
from shop.billing.states import move_payment
from shop.db import insert_for
from shop.extensions import db
from shop.jobs import enqueue
from shop.money import format_eur
from shop.orders import states
from shop.orders.models import Order
from shop.orders.services import cancel_order, mark_paid, order_for_update
from shop.payments import PaymentEvent


def apply_event(event: PaymentEvent, *, provider: str, now: datetime) -> Order | None:
    """Apply one verified event; None for a duplicate or an event about nothing of ours."""
    record_id = _record(event, provider, now)
    if record_id is None:
        return None  # already applied (a replay, or a twin delivered at the same time)
    payment = _payment_of(event, provider)
    order_id = payment.order_id if payment else _order_id_by_reference(event.reference)
    order = order_for_update(order_id) if order_id is not None else None
    if order is None:
        outcome = "commande inconnue"
    else:
        payment = _lock(payment) if payment else None
        outcome = _apply(order, payment, event, provider, now)
    db.session.execute(
        update(PaymentEventRecord).where(PaymentEventRecord.id == record_id)
        .values(order_id=order.id if order else None, outcome=outcome[:200])
    )
    db.session.flush()
    return order


def _record(event: PaymentEvent, provider: str, now: datetime) -> int | None:
    insert = insert_for(db.session.get_bind().dialect.name)
    statement = (
        insert(PaymentEventRecord)
        .values(provider=provider, event_id=event.event_id, kind=event.kind, received_at=now,
                outcome="")
        .on_conflict_do_nothing(index_elements=["provider", "event_id"])
        .returning(PaymentEventRecord.id)
    )
    return db.session.execute(statement).scalar_one_or_none()


def _payment_of(event: PaymentEvent, provider: str) -> Payment | None:
    payment = attempt_by_ref(provider, event.provider_ref)
    if payment is None and event.payment_ref:
        payment = db.session.scalar(
            select(Payment).where(Payment.provider == provider,
                                  Payment.captured_ref == event.payment_ref)
        )
    return payment


def _order_id_by_reference(reference: str) -> int | None:
    if not reference:
        return None
    return db.session.scalar(select(Order.id).where(Order.reference == reference))


def _lock(payment: Payment) -> Payment:
    return db.session.scalar(
        select(Payment).where(Payment.id == payment.id).with_for_update()
        .execution_options(populate_existing=True)
    )


def _apply(order: Order, payment: Payment | None, event: PaymentEvent, provider: str,
           now: datetime) -> str:
    if event.kind == "paid":
        return _capture(order, payment, event, provider, now)
    if payment is None:
        return "tentative inconnue : ignoré"
    if event.kind == "refunded":
        if payment.status != "captured":
            return "remboursement d'un paiement non encaissé : ignoré"
        return reconcile(payment, event, provider=provider, now=now)
    return _ended(order, payment, event.kind, provider, now)


def _ended(order: Order, payment: Payment, kind: str, provider: str, now: datetime) -> str:
    """A refusal or an expiry: recorded on the attempt; a refusal of the current one cancels."""
    is_current = payment is current_attempt(order)
    if payment.status == "open":
        move_payment(payment, kind, at=now)
    if kind == "failed" and is_current and order.status == states.AWAITING_PAYMENT:
        # the current attempt is the newest open one: no other is open to close
        cancel_order(order, reason="payment_refused", actor=f"paiement:{provider}", at=now)
        return "annulée (paiement refusé)"
    return f"{kind} : enregistré sans effet sur la commande"


def _capture(order: Order, payment: Payment | None, event: PaymentEvent, provider: str,
             now: datetime) -> str:
    """Money was taken: it pays this order, or it is refunded. Never kept for nothing."""
    if payment is not None and payment.status == "captured":
        return "capture déjà enregistrée"  # the same capture told twice (return and webhook)
    payment = _captured(order, payment, event, provider, now)
    problem = _capture_problem(order, payment)
    if problem is None:
        actor = f"paiement:{provider}"
        mark_paid(order, provider=provider, payment_ref=payment.captured_ref, actor=actor, at=now)
        close_open_attempts(order, now=now, actor=actor)
        enqueue("shop.checkout.confirmation:send_order_confirmation", order.id,
                key=f"confirmation:{order.id}")
        return "payée"
    made = refund(payment, payment.captured_cents, reason=problem, actor="system:billing",
                  now=now)
    enqueue("shop.billing.tasks:tell_customer_of_refund", made.id, key=f"told:{made.id}")
    return f"remboursement automatique ({problem})"


def _captured(order: Order, payment: Payment | None, event: PaymentEvent, provider: str,
              now: datetime) -> Payment:
    """Record the capture on its attempt (made up when the provider named none of ours)."""
    if payment is None:
        payment = Payment(order_id=order.id, provider=provider, attempt_ref=event.provider_ref,
                          amount_cents=order.total_ttc_cents, currency=order.currency,
                          status="open", created_at=now)
        db.session.add(payment)
    amount = event.amount_cents if event.amount_cents is not None else payment.amount_cents
    move_payment(payment, "captured", at=now)
    payment.captured_ref = event.payment_ref or event.provider_ref
    payment.captured_cents, payment.captured_currency = amount, event.currency or ""
    states.note(order, f"Paiement de {format_eur(amount)} encaissé par {provider} "
                       f"({payment.captured_ref})", actor=f"paiement:{provider}", at=now)
    db.session.flush()
    return payment


def _capture_problem(order: Order, payment: Payment) -> str | None:
    """Why this capture cannot pay the order (a REFUND_REASONS key), or None."""
    if order.status == states.CANCELLED:
        return "paid_after_cancellation"
    if order.status != states.AWAITING_PAYMENT:
        return "duplicate_capture"
    if (payment.captured_cents, payment.captured_currency) != (
        order.total_ttc_cents, order.currency
    ):
        return "amount_mismatch"
    return None
