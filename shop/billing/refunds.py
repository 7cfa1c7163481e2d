"""Refunds: promised in the ledger under a lock, sent to the provider after commit, reconciled.

`refund()` checks, with the payment row locked, that the refunds made or under way never
exceed what was captured, records a `pending` Refund and enqueues `send_refund`. The job calls
the provider with the refund's own idempotency key, so a retry after a lost answer or a
provider error cannot refund twice. Provider « refunded » events (Stripe reports the
cumulative `amount_refunded` of a PaymentIntent, PayPal each refund) are matched against our
rows; a refund made from the provider's dashboard becomes a row of its own.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from shop.billing.models import REFUND_REASONS, Payment, Refund
from shop.billing.states import move_refund
from shop.extensions import db
from shop.jobs import enqueue, schedule
from shop.money import format_eur
from shop.orders import states
from shop.orders.models import Order
from shop.payments import PaymentError, PaymentEvent

MAX_ATTEMPTS = 8
RETRY_BASE = timedelta(minutes=1)


class RefundRefused(Exception):
    """The refund cannot be made; the French message says why. Nothing was written."""


def payment_for_update(payment_id: int) -> Payment:
    """Lock the payment row until commit (PostgreSQL; SQLite serialises writers)."""
    return db.session.scalar(
        select(Payment).where(Payment.id == payment_id).with_for_update()
        .execution_options(populate_existing=True)
    )


def committed_cents(payment_id: int) -> int:
    """What is refunded or being refunded from this payment, read from the database."""
    return db.session.scalar(
        select(func.coalesce(func.sum(Refund.amount_cents), 0))
        .where(Refund.payment_id == payment_id, Refund.status != "failed")
    )


def refund(payment: Payment, amount_cents: int, *, reason: str, actor: str, now: datetime,
           note: str = "") -> Refund:
    """Promise a refund of `amount_cents` from a capture, sent to the provider after commit.

    Refused (RefundRefused) when it would make the refunds exceed the captured amount; checked
    with the payment row locked, so two concurrent refunds cannot both pass. The caller
    commits.
    """
    if reason not in REFUND_REASONS:
        raise ValueError(f"unknown refund reason {reason!r}")
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise RefundRefused("Le montant à rembourser doit être un nombre positif de centimes.")
    payment = payment_for_update(payment.id)
    if payment.status != "captured":
        raise RefundRefused("Ce paiement n'a rien encaissé : il n'y a rien à rembourser.")
    left = payment.captured_cents - committed_cents(payment.id)
    if amount_cents > left:
        raise RefundRefused(
            f"Remboursement refusé : il reste {format_eur(left)} remboursables sur ce paiement."
        )
    row = Refund(payment_id=payment.id, amount_cents=amount_cents,
                 currency=payment.captured_currency or payment.currency, reason=reason,
                 note=note[:500], actor=actor, status="pending", created_at=now)
    db.session.add(row)
    db.session.flush()
    enqueue("shop.billing.tasks:send_refund", row.id, key=f"refund:{row.id}")
    order = db.session.get(Order, payment.order_id)
    states.note(order, f"Remboursement de {format_eur(amount_cents)} demandé "
                       f"({REFUND_REASONS[reason]})", actor=actor, at=now)
    return row


def refundable_cents(order_id: int) -> int:
    """What the order's captures can still give back (captured, less refunds made or under
    way); read from the database."""
    payments = db.session.scalars(
        select(Payment).where(Payment.order_id == order_id, Payment.status == "captured")
    ).all()
    return sum(p.captured_cents - committed_cents(p.id) for p in payments)


def refund_order(order: Order, amount_cents: int, *, reason: str, actor: str, now: datetime,
                 note: str = "") -> list[Refund]:
    """Refund `amount_cents` of what the order's captures took, oldest capture first (an order
    is settled by one capture; captures it could not keep are already refunded in full).
    RefundRefused when the captures cannot give that much back. The caller commits."""
    captured = db.session.scalars(
        select(Payment).where(Payment.order_id == order.id, Payment.status == "captured")
        .order_by(Payment.id)
    ).all()
    rows, left = [], amount_cents
    for payment in captured:
        available = payment.captured_cents - committed_cents(payment.id)
        if left and available > 0:
            part = min(left, available)
            rows.append(refund(payment, part, reason=reason, actor=actor, now=now, note=note))
            left -= part
    if left:
        raise RefundRefused(
            f"Remboursement refusé : il reste {format_eur(amount_cents - left)} remboursables "
            f"sur la commande {order.reference}."
        )
    return rows


def send(refund_id: int, gateway, *, now: datetime) -> str:
    """Ask the provider for a pending refund (the job's body); returns the refund's status.

    A provider error is recorded on the row and retried with backoff by a new job, up to
    MAX_ATTEMPTS, then the refund is `failed` and shown to staff. Running it twice is
    harmless: only a pending refund is sent, always with the same idempotency key.
    """
    row = db.session.scalar(
        select(Refund).where(Refund.id == refund_id).with_for_update()
        .execution_options(populate_existing=True)
    )
    if row is None or row.status != "pending":
        return row.status if row else "missing"
    payment, order = row.payment, db.session.get(Order, row.payment.order_id)
    row.attempts += 1
    try:
        if gateway is None:
            raise PaymentError(f"Le moyen de paiement « {payment.provider} » n'est pas configuré.")
        provider_ref = gateway.refund(
            payment_ref=payment.captured_ref, amount_cents=row.amount_cents,
            currency=row.currency, reference=order.reference,
            idempotency_key=row.idempotency_key,
        )
    except PaymentError as error:
        return _failed_try(row, order, error, now)
    _settle(row, order, provider_ref, now)
    return row.status


def _failed_try(row: Refund, order: Order, error: PaymentError, now: datetime) -> str:
    row.last_error = f"{error} {error.detail or ''}".strip()[:500]
    if row.attempts >= MAX_ATTEMPTS:
        move_refund(row, "failed", at=now)
        states.note(order, f"Remboursement de {format_eur(row.amount_cents)} en échec : "
                           f"{row.last_error}", actor="system:billing", at=now)
        current_app.logger.error("Refund %s failed for good: %s", row.id, row.last_error)
        return row.status
    delay = RETRY_BASE * 2 ** (row.attempts - 1)
    schedule("shop.billing.tasks:send_refund", now + delay, row.id,
             key=f"refund:{row.id}:{row.attempts}")
    return row.status


def _settle(row: Refund, order: Order, provider_ref: str, now: datetime) -> None:
    move_refund(row, "succeeded", at=now)
    row.provider_ref, row.last_error = provider_ref, None
    states.note(order, f"Remboursement de {format_eur(row.amount_cents)} effectué "
                       f"({provider_ref})", actor="system:billing", at=now)
    db.session.flush()


def retry_failed(row: Refund, *, actor: str, now: datetime) -> None:
    """Staff: send a failed refund again (its amount is promised again, within the capture)."""
    payment = payment_for_update(row.payment_id)
    if row.status != "failed":
        raise RefundRefused("Seul un remboursement en échec peut être relancé.")
    if row.amount_cents > payment.captured_cents - committed_cents(payment.id):
        raise RefundRefused("Ce remboursement dépasserait le montant encaissé.")
    move_refund(row, "pending", at=now)
    row.attempts = 0
    enqueue("shop.billing.tasks:send_refund", row.id)  # a second retry finds it pending
    states.note(db.session.get(Order, payment.order_id),
                f"Remboursement de {format_eur(row.amount_cents)} relancé", actor=actor, at=now)


def reconcile(payment: Payment, event: PaymentEvent, *, provider: str, now: datetime) -> str:
    """Bring a provider « refunded » event into the ledger; returns what it did, in French.

    Stripe's amount is the cumulative refunded total of the PaymentIntent: anything beyond
    what our refunds (made or under way) account for was made elsewhere. PayPal's is one
    refund with its id: ours if a row has that id, or if a pending row (a call not yet
    answered) has that amount.
    """
    payment = payment_for_update(payment.id)
    amount = event.amount_cents or 0
    if provider == "stripe":
        extra = amount - committed_cents(payment.id)
        return _outside_refund(payment, extra, None, now) if extra > 0 else "remboursement connu"
    known = db.session.scalar(
        select(Refund).where(Refund.payment_id == payment.id,
                             Refund.provider_ref == event.provider_ref)
    )
    if known is not None:
        return "remboursement connu"
    ours = db.session.scalar(
        select(Refund).where(Refund.payment_id == payment.id, Refund.status == "pending",
                             Refund.amount_cents == amount)
        .order_by(Refund.id).limit(1)
    )
    if ours is not None:
        _settle(ours, db.session.get(Order, payment.order_id), event.provider_ref, now)
        return "remboursement confirmé"
    return _outside_refund(payment, amount, event.provider_ref, now)


def _outside_refund(payment: Payment, amount: int, provider_ref: str | None,
                    now: datetime) -> str:
    """A refund made at the provider (its dashboard): recorded as succeeded, for the ledger."""
    if amount <= 0:
        return "remboursement ignoré (montant nul)"
    row = Refund(payment_id=payment.id, amount_cents=amount,
                 currency=payment.captured_currency or payment.currency, reason="provider",
                 actor=f"paiement:{payment.provider}", status="succeeded",
                 provider_ref=provider_ref, created_at=now, settled_at=now)
    db.session.add(row)
    states.note(db.session.get(Order, payment.order_id),
                f"Remboursement de {format_eur(amount)} fait chez {payment.provider}",
                actor=f"paiement:{payment.provider}", at=now)
    db.session.flush()
    return "remboursement fait chez le prestataire, enregistré"
