"""Verbs that move an order: paid, shipped, cancelled (stock given back if not shipped), expired."""

import secrets
from datetime import datetime

from sqlalchemy import func, select

from shop.extensions import db
from shop.orders import states
from shop.orders.models import Order, OrderLine
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
    """Cancel, and give back the units the order still holds (CGV 5.3).

    Before shipment its stocked lines hold their allocation: it is released and goes back on
    sale. After shipment (non-delivery, C2) the lines hold nothing, since the parcel took the
    units: nothing goes back on sale until the goods come back (shop.stock.services.return_goods).
    """
    if reason not in states.CANCEL_REASONS:
        raise ValueError(f"unknown cancel reason {reason!r}")
    states.transition(
        order, states.CANCELLED, actor=actor, at=at, note=note or states.CANCEL_REASONS[reason]
    )
    order.cancel_reason = reason
    held = _held_units(order)
    if held:
        stock.release(held, order_id=order.id, actor=actor, reason=reason)
    for line in order.lines:
        line.reserved_quantity = 0
    db.session.flush()


def ship_order(
    order: Order,
    *,
    actor: str,
    at: datetime,
    tracking_number: str | None = None,
    tracking_url: str | None = None,
) -> None:
    """The parcel left: its lines' allocated units leave the warehouse (on hand goes down)."""
    states.transition(order, states.SHIPPED, actor=actor, at=at, note="Colis expédié")
    order.tracking_number, order.tracking_url = tracking_number, tracking_url
    held = _held_units(order)
    if held:
        stock.ship(held, order_id=order.id, actor=actor)
    for line in order.lines:
        line.reserved_quantity = 0
    db.session.flush()


def _held_units(order: Order) -> list[stock.Line]:
    """The stocked lines' allocated units (on-demand lines hold none)."""
    return [
        stock.Line(line.product_id, line.reserved_quantity, line.id)
        for line in order.lines
        if line.reserved_quantity and line.product_id is not None
    ]


def reserved_units() -> dict[int, int]:
    """Units held per product by the lines of orders not yet shipped or cancelled."""
    rows = db.session.execute(
        select(OrderLine.product_id, func.sum(OrderLine.reserved_quantity))
        .join(Order, Order.id == OrderLine.order_id)
        .where(Order.status.in_(states.HOLDING_STOCK), OrderLine.product_id.is_not(None))
        .group_by(OrderLine.product_id)
    ).all()
    return {product_id: int(units) for product_id, units in rows}


def stale_reservations() -> list[str]:
    """Lines of shipped, delivered or cancelled orders that still say they hold units."""
    rows = db.session.execute(
        select(Order.reference, Order.status, OrderLine.product_name, OrderLine.reserved_quantity)
        .join(Order, Order.id == OrderLine.order_id)
        .where(Order.status.not_in(states.HOLDING_STOCK), OrderLine.reserved_quantity != 0)
        .order_by(Order.id, OrderLine.position)
    ).all()
    return [
        f"commande {reference} ({states.LABELS[status]}) : « {name} » retient encore {units}"
        for reference, status, name, units in rows
    ]


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
