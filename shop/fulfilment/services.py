"""What staff do to an order from payment to the customer's door (issue 19, item 3).

Each verb moves the order through its state machine (shop.orders), the stock through its
ledger (shop.stock, by way of shop.orders) and money through the payments ledger
(shop.billing), writes an audit row with who and what changed, and e-mails the customer
after commit (shop.notifications: a job row in the same transaction). The caller commits once;
a refusal (FulfilmentError, IllegalTransition, RefundRefused) has changed nothing the caller
will keep, provided it rolls back.
"""

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

from shop.accounts.models import User
from shop.audit.services import record
from shop.billing.refunds import refund_order, refundable_cents
from shop.billing.unpaid import cancel_unpaid_order
from shop.fulfilment.queries import today
from shop.notifications import send_email
from shop.orders import states
from shop.orders.carriers import CARRIERS, BadTrackingNumber, normalise_tracking
from shop.orders.models import Order, OrderLine, Shipment
from shop.orders.services import (
    FulfilmentError,
    cancel_lines,
    cancel_order,
    mark_delivered,
    ship_lines,
)
from shop.urls import external_url

MAX_PARCEL_GRAMS = 30_000  # the carriers' limit for one parcel


def actor_of(staff: User | str) -> str:
    """How the timeline signs an action: the staff member, or the job acting ("system:…")."""
    return staff if isinstance(staff, str) else f"staff:{staff.id}"


def _local_noon(day: date) -> datetime:
    """A calendar day as a moment (noon in the shop's time zone: the day cannot shift)."""
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(current_app.config["SHOP_TIMEZONE"]))


def _tell_customer(order: Order, subject: str, template: str, **context) -> None:
    send_email(order.customer_email, subject, template, order_id=order.id,
               user_id=order.user_id, context={
                   "order": order,
                   "order_url": external_url("accounts.order", reference=order.reference),
                   **context,
               })


def units_amount(line: OrderLine, units: int) -> int:
    """What `units` of a line cost the customer, in cents (the line's total shared per unit,
    rounded half up; all its units give the line's total exactly)."""
    if units == line.quantity:
        return line.total_cents
    share = Decimal(line.total_cents) * units / line.quantity
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def start_preparing(order: Order, *, staff: User, now: datetime) -> None:
    """A paid order goes to the warehouse (its packing slip is printed from the order page)."""
    states.transition(order, states.PREPARING, actor=actor_of(staff), at=now)
    record(staff, "order.prepare", order, changes={"status": [states.PAID, states.PREPARING]},
           at=now)


def ship(
    order: Order,
    quantities: dict[int, int],
    *,
    carrier: str,
    tracking_number: str,
    weight_grams: int,
    staff: User,
    now: datetime,
) -> Shipment:
    """A parcel leaves with these units ({line id: units}); the customer gets its tracking
    link. The tracking number must have the carrier's shape."""
    try:
        number = normalise_tracking(carrier, tracking_number)
    except BadTrackingNumber as error:
        raise FulfilmentError(str(error)) from None
    if isinstance(weight_grams, bool) or not isinstance(weight_grams, int) or not (
        0 < weight_grams <= MAX_PARCEL_GRAMS
    ):
        raise FulfilmentError(_("Le poids du colis doit être compris entre 1 g et 30 kg."))
    before = order.status
    shipment = ship_lines(order, quantities, carrier=carrier, tracking_number=number,
                          weight_grams=weight_grams, actor=actor_of(staff), at=now)
    record(staff, "order.ship", order, at=now,
           changes={"status": [before, order.status]} if before != order.status else {},
           summary=f"{CARRIERS[carrier].name} {number}, "
                   + ", ".join(f"{line.order_line.product_name} × {line.quantity}"
                               for line in shipment.lines))
    _tell_customer(order, _("Votre commande %(reference)s est expédiée",
                            reference=order.reference),
                   "order_shipped", shipment=shipment, carrier=CARRIERS[carrier],
                   tracking_url=CARRIERS[carrier].tracking_url(number))
    return shipment


def deliver(shipment: Shipment, *, delivered_on: date, staff: User, now: datetime) -> None:
    """The parcel arrived on `delivered_on` (not in the future). The withdrawal period and the
    invoice start from the last parcel's day."""
    if delivered_on > today(now):
        raise FulfilmentError(_("La date de livraison ne peut pas être dans le futur."))
    if delivered_on < today(shipment.shipped_at):
        raise FulfilmentError(_("La date de livraison précède l'expédition du colis."))
    order = shipment.order
    before = order.status
    # Noon of that day, or the moment it left when it arrived the same day.
    moment = max(_local_noon(delivered_on), shipment.shipped_at)
    mark_delivered(shipment, actor=actor_of(staff), at=moment)
    record(staff, "order.deliver", order, at=now, summary=f"Colis {shipment.tracking_number} "
           f"livré le {delivered_on.strftime('%d/%m/%Y')}",
           changes={"status": [before, order.status]} if before != order.status else {})


def report_delay(order: Order, *, new_date: date, reason: str, staff: User,
                 now: datetime) -> None:
    """The parcel will be late: the customer is told the new expected date and their rights
    (CGV 8.3)."""
    if order.status not in (states.PAID, states.PREPARING, states.SHIPPED):
        raise FulfilmentError(_("Cette commande n'attend plus de livraison."))
    if new_date <= today(now):
        raise FulfilmentError(_("La nouvelle date doit être postérieure à aujourd'hui."))
    reason = (reason or "").strip()[:300]
    old = order.delayed_until or order.delivery_latest
    order.delayed_until = new_date
    states.note(order, f"Retard signalé : livraison prévue le {new_date.strftime('%d/%m/%Y')}"
                + (f" ({reason})" if reason else ""), actor=actor_of(staff), at=now)
    record(staff, "order.delay", order, at=now, summary=reason,
           changes={"delayed_until": [old, new_date]})
    _tell_customer(order, _("Votre commande %(reference)s aura du retard",
                            reference=order.reference),
                   "order_delayed", new_date=new_date, reason=reason)


def cancel_missing(order: Order, quantities: dict[int, int], *, note: str, staff: User,
                   now: datetime) -> int:
    """Units that cannot be shipped (out of stock, on-demand product unavailable, missing):
    they are cancelled and refunded through the ledger, the rest ships (CGV 5.2.2). When
    nothing would be left to ship and nothing has left, the whole order is cancelled and
    refunded, shipping included. Returns the cents refunded."""
    wanted = sum(units for units in quantities.values() if isinstance(units, int))
    if wanted and wanted == sum(line.to_ship for line in order.lines) and not any(
        line.shipped_quantity for line in order.lines
    ):
        return cancel(order, reason="unavailable", note=note, staff=staff, now=now)
    chosen = cancel_lines(order, quantities, actor=actor_of(staff), at=now,
                          reason="unavailable")
    amount = sum(units_amount(line, units) for line, units in chosen)
    refund_order(order, amount, reason="unavailable", actor=actor_of(staff), now=now,
                 note=note[:500])
    for line, units in chosen:
        line.refunded_quantity += units
    summary = ", ".join(f"{line.product_name} × {units}" for line, units in chosen)
    record(staff, "order.cancel_lines", order, at=now, summary=f"{summary} ({note})"[:500],
           changes={"refunded_cents": [0, amount]})
    _tell_customer(order, _("Un produit de votre commande %(reference)s est indisponible",
                            reference=order.reference),
                   "order_lines_cancelled", cancelled=chosen, amount=amount, note=note)
    return amount


def cancel(order: Order, *, reason: str, note: str, staff: User | str, now: datetime) -> int:
    """Cancel with a reason: allocated stock goes back on sale, what was captured is refunded
    in full. After shipment only for non-delivery (C2), which refunds everything, shipping
    included. Returns the cents refunded."""
    actor = actor_of(staff)
    before = order.status
    if order.status == states.SHIPPED and reason != "non_delivery":
        raise FulfilmentError(_("Une commande expédiée ne s'annule que pour défaut de "
                                "livraison."))
    if reason == "non_delivery" and order.status != states.SHIPPED:
        raise FulfilmentError(_("Seule une commande expédiée peut être annulée pour défaut "
                                "de livraison."))
    if order.status == states.AWAITING_PAYMENT:
        cancel_unpaid_order(order, reason=reason, actor=actor, now=now)
    else:
        cancel_order(order, reason=reason, actor=actor, at=now, note=note[:500])
    amount = refundable_cents(order.id)
    if amount:
        refund_reason = "non_delivery" if reason == "non_delivery" else (
            "unavailable" if reason == "unavailable" else "order_cancelled")
        refund_order(order, amount, reason=refund_reason, actor=actor, now=now,
                     note=note[:500])
        for line in order.lines:
            line.refunded_quantity = line.quantity
    record(staff, "order.cancel", order, at=now, summary=note[:500],
           changes={"status": [before, order.status], "cancel_reason": [None, reason],
                    "refunded_cents": [0, amount]})
    _tell_customer(order, _("Votre commande %(reference)s est annulée",
                            reference=order.reference),
                   "order_cancelled", amount=amount, reason=states.CANCEL_REASONS[reason],
                   note=note)
    return amount


def add_note(order: Order, text: str, *, staff: User, now: datetime) -> None:
    """An internal note in the order's timeline (staff only)."""
    text = (text or "").strip()
    if not text:
        raise FulfilmentError(_("La note est vide."))
    states.note(order, f"Note : {text}"[:500], actor=actor_of(staff), at=now)
    record(staff, "order.note", order, at=now, summary=text[:500])

