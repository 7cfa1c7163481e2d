"""Verbs that move an order: paid, cancelled (stock given back), expired."""

import secrets
from datetime import datetime

from sqlalchemy import select

from shop.extensions import db
from shop.orders import states
from shop.orders.models import Order
from shop.stock import services as stock

# Crockford's base32 without I, L, O, U: easy to read out on the phone.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """A random public reference such as 'PN-7K3Q-X9TB': it reveals nothing of sales volume."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"PN-{body[:4]}-{body[4:]}"


def order_for_update(order_id: int) -> Order | None:
    """Load an order and lock its row until commit (PostgreSQL), so concurrent events queue."""
    return db.session.scalar(
        select(Order)
        .where(Order.id == order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def mark_paid(order: Order, *, provider: str, payment_ref: str | None, actor: str,
              at: datetime) -> None:
    """The order is paid by this capture: its method and ref become what was captured."""
    order.payment_method, order.payment_ref = provider, payment_ref
    states.transition(order, states.PAID, actor=actor, at=at, note="Paiement autorisé")
    db.session.flush()


def cancel_order(order: Order, *, reason: str, actor: str, at: datetime, note: str = "") -> None:
    """Cancel and give back the stock the order had reserved (CGV 5.3)."""
    if reason not in states.CANCEL_REASONS:
        raise ValueError(f"unknown cancel reason {reason!r}")
    states.transition(
        order, states.CANCELLED, actor=actor, at=at, note=note or states.CANCEL_REASONS[reason]
    )
    order.cancel_reason = reason
    reserved = [(ln.product_id, ln.reserved_quantity) for ln in order.lines if ln.reserved_quantity]
    if reserved:
        stock.release(reserved, order_id=order.id, actor=actor)
    for line in order.lines:
        line.reserved_quantity = 0
    db.session.flush()


def customer_orders(user_id: int) -> list[Order]:
    """A customer's orders, newest first."""
    return list(
        db.session.scalars(
            select(Order).where(Order.user_id == user_id).order_by(Order.created_at.desc())
        )
    )


def customer_order(user_id: int, reference: str) -> Order | None:
    """One order of this customer, None for anybody else's (the view answers 404)."""
    return db.session.scalar(
        select(Order).where(Order.user_id == user_id, Order.reference == reference)
    )
