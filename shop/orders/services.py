"""Verbs that move an order: paid, shipped (whole or in parcels), lines cancelled, delivered,
cancelled (stock given back if not shipped)."""

import secrets
from datetime import datetime

from sqlalchemy import func, select

from shop.extensions import db
from shop.orders import states
from shop.orders.models import Order, OrderLine, Shipment, ShipmentLine
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


def order_by_reference(reference: str, *, for_update: bool = False) -> Order | None:
    """The order with this public reference (locked until commit when `for_update`)."""
    if not reference or len(reference) > 20:
        return None
    query = select(Order).where(Order.reference == reference)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


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
    Every unit not shipped counts as cancelled on its line.
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
        line.cancelled_quantity = line.quantity - line.shipped_quantity
    db.session.flush()


class FulfilmentError(Exception):
    """A shipment or a line cancellation that the order's lines do not allow; French message."""


def _checked_quantities(order: Order, quantities: dict[int, int]) -> list[tuple[OrderLine, int]]:
    """(line, units) for the positive quantities asked, each within what the line has left to
    ship; FulfilmentError otherwise. Lines in the order's own order."""
    by_id = {line.id: line for line in order.lines}
    if set(quantities) - set(by_id):
        raise FulfilmentError("Une ligne indiquée n'appartient pas à cette commande.")
    chosen = []
    for line in order.lines:
        units = quantities.get(line.id, 0)
        if isinstance(units, bool) or not isinstance(units, int) or units < 0:
            raise FulfilmentError("Les quantités doivent être des nombres entiers positifs.")
        if units > line.to_ship:
            raise FulfilmentError(
                f"« {line.product_name} » : {line.to_ship} unité(s) au plus restent à expédier."
            )
        if units:
            chosen.append((line, units))
    if not chosen:
        raise FulfilmentError("Indiquez au moins une unité.")
    return chosen


def _take_from_allocation(line: OrderLine, units: int) -> int:
    """Units of this line's allocation that the move uses (on-demand lines hold none)."""
    taken = min(units, line.reserved_quantity)
    line.reserved_quantity -= taken
    return taken


def ship_lines(
    order: Order,
    quantities: dict[int, int],
    *,
    carrier: str,
    tracking_number: str,
    weight_grams: int,
    actor: str,
    at: datetime,
) -> Shipment:
    """A parcel left with these units of the order's lines ({line id: units}).

    The order must be in preparation. The units' allocation leaves the warehouse (on hand and
    allocated go down); the lines count them as shipped. Once every unit is shipped or
    cancelled, the order is shipped; until then it stays in preparation, partly shipped.
    """
    if order.status != states.PREPARING:
        raise states.IllegalTransition(order, states.SHIPPED)
    chosen = _checked_quantities(order, quantities)
    shipment = Shipment(carrier=carrier, tracking_number=tracking_number,
                        weight_grams=weight_grams, shipped_at=at, actor=actor)
    moved = []
    for line, units in chosen:
        taken = _take_from_allocation(line, units)
        if taken and line.product_id is not None:
            moved.append(stock.Line(line.product_id, taken, line.id))
        line.shipped_quantity += units
        shipment.lines.append(ShipmentLine(order_line=line, quantity=units))
    order.shipments.append(shipment)
    if moved:
        stock.ship(moved, order_id=order.id, actor=actor)
    if all(line.to_ship == 0 for line in order.lines):
        states.transition(order, states.SHIPPED, actor=actor, at=at, note="Colis expédié")
    else:
        states.note(order, "Colis expédié (expédition partielle)", actor=actor, at=at)
    db.session.flush()
    return shipment


def cancel_lines(
    order: Order, quantities: dict[int, int], *, actor: str, at: datetime, reason: str
) -> list[tuple[OrderLine, int]]:
    """Units that will not be shipped (unavailable, missing): their allocation goes back on
    sale and the lines count them as cancelled. Paid or in preparation only; the caller
    refunds them. When nothing is left to ship and something was shipped, the order is
    shipped. Returns the (line, units) cancelled."""
    if order.status not in (states.PAID, states.PREPARING):
        raise FulfilmentError(
            f"La commande {order.reference} est « {states.LABELS[order.status]} » : "
            "ses lignes ne peuvent plus être annulées."
        )
    chosen = _checked_quantities(order, quantities)
    released = []
    for line, units in chosen:
        taken = _take_from_allocation(line, units)
        if taken and line.product_id is not None:
            released.append(stock.Line(line.product_id, taken, line.id))
        line.cancelled_quantity += units
    if released:
        stock.release(released, order_id=order.id, actor=actor, reason=reason)
    left = sum(line.to_ship for line in order.lines)
    shipped = sum(line.shipped_quantity for line in order.lines)
    if left == 0 and shipped and order.status == states.PREPARING:
        states.transition(order, states.SHIPPED, actor=actor, at=at,
                          note="Le reste de la commande est expédié")
        _deliver_if_all_arrived(order, actor=actor)
    db.session.flush()
    return chosen


def mark_delivered(shipment: Shipment, *, actor: str, at: datetime) -> None:
    """The parcel arrived at `at`. Once every parcel of a shipped order has arrived, the order
    is delivered, dated by the last one (the withdrawal period starts from it)."""
    order = shipment.order
    if shipment.delivered_at is not None:
        raise FulfilmentError("Ce colis est déjà noté livré.")
    if at < shipment.shipped_at:
        raise FulfilmentError("La date de livraison précède l'expédition du colis.")
    shipment.delivered_at = at
    if not _deliver_if_all_arrived(order, actor=actor):
        states.note(order, "Colis livré", actor=actor, at=at)
    db.session.flush()


def _deliver_if_all_arrived(order: Order, *, actor: str) -> bool:
    """A shipped order whose parcels have all arrived is delivered, dated by the last one."""
    arrived = [parcel.delivered_at for parcel in order.shipments]
    if order.status != states.SHIPPED or not arrived or not all(arrived):
        return False
    states.transition(order, states.DELIVERED, actor=actor, at=max(arrived),
                      note="Commande livrée")
    return True


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
