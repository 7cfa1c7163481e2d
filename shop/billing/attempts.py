"""Payment attempts: start one, find the current one, close the others.

An order awaiting payment may see several attempts (two tabs, « payer » again, another
method). Only the newest open one is current: starting a new attempt, cancelling the order or
its expiry closes the older ones, at once in the ledger and at the provider through a job
(retried while the provider is down). A capture through a closed attempt still counts: the
money exists, so the ledger settles the order with it or refunds it (shop.billing.events).
"""

from datetime import datetime

from sqlalchemy import select

from shop.billing.models import Payment
from shop.billing.states import move_payment
from shop.extensions import db
from shop.jobs import enqueue
from shop.orders import states
from shop.orders.models import Order
from shop.payments import Gateway


class AttemptRefused(Exception):
    """No payment can start for this order now; the French message says why."""


def start_attempt(
    order: Order, gateway: Gateway, *, now: datetime, return_url: str, cancel_url: str
) -> tuple[Payment, str]:
    """Open a new attempt at the provider and close the older ones; (payment, redirect URL).

    The provider is asked to stop taking money at the order's deadline. Raises
    AttemptRefused (order not payable) or PaymentError (provider down: nothing is written,
    the caller rolls back). The caller commits.
    """
    if order.status != states.AWAITING_PAYMENT:
        raise AttemptRefused("Cette commande n'attend plus de paiement.")
    if order.payment_expires_at is not None and order.payment_expires_at <= now:
        raise AttemptRefused("Le délai de paiement de cette commande est dépassé.")
    started = gateway.start_payment(
        amount_cents=order.total_ttc_cents,
        currency=order.currency,
        reference=order.reference,
        description=f"Commande {order.reference}",
        customer_email=order.customer_email,
        return_url=return_url,
        cancel_url=cancel_url,
        expires_at=order.payment_expires_at,
    )
    close_open_attempts(order, now=now, actor=f"paiement:{gateway.name}")
    payment = Payment(
        order_id=order.id, provider=gateway.name, attempt_ref=started.provider_ref,
        amount_cents=order.total_ttc_cents, currency=order.currency, status="open",
        created_at=now, expires_at=order.payment_expires_at,
    )
    db.session.add(payment)
    order.payment_method = gateway.name
    states.note(order, f"Tentative de paiement {gateway.name} ouverte ({started.provider_ref})",
                actor=f"paiement:{gateway.name}", at=now)
    db.session.flush()
    return payment, started.redirect_url


def open_attempts(order: Order) -> list[Payment]:
    """The order's attempts still open, oldest first."""
    return list(
        db.session.scalars(
            select(Payment)
            .where(Payment.order_id == order.id, Payment.status == "open")
            .order_by(Payment.id)
        )
    )


def current_attempt(order: Order) -> Payment | None:
    """The newest open attempt: the only one whose refusal or expiry moves the order."""
    attempts = open_attempts(order)
    return attempts[-1] if attempts else None


def close_open_attempts(order: Order, *, now: datetime, actor: str) -> None:
    """Mark the order's open attempts cancelled and close each at its provider after commit.

    Idempotent: a closed attempt is not open any more; the job is keyed by the attempt.
    """
    for payment in open_attempts(order):
        move_payment(payment, "cancelled", at=now)
        enqueue("shop.billing.tasks:close_attempt", payment.id, key=f"close:{payment.id}")
        states.note(order, f"Tentative de paiement {payment.provider} fermée "
                           f"({payment.attempt_ref})", actor=actor, at=now)
    db.session.flush()


def attempt_by_ref(provider: str, attempt_ref: str | None) -> Payment | None:
    """The attempt a provider's id names (Checkout Session, PayPal order, demo token)."""
    if not attempt_ref:
        return None
    return db.session.scalar(
        select(Payment).where(Payment.provider == provider, Payment.attempt_ref == attempt_ref)
    )
