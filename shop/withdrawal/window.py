"""The withdrawal period (LEGAL B1, B9, B10), a pure calculation: no database, no request.

A consumer may withdraw from the moment the order is placed until the end of the 14th day after
the goods are received, counted in the shop's time zone (Europe/Paris): goods delivered on the
1st can be withdrawn until the 15th at 23:59:59, and a declaration at 00:10 on the 16th is late.
For a split delivery the 14 days run from the last parcel (B1), so while any parcel is still on
its way the period is open, as it is before any delivery. When the withdrawal information was
never sent for the order, the period is 12 months longer (L221-20, B9). Professionals have no
right of withdrawal (B10, I2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PERIOD_DAYS = 14
EXTENSION_MONTHS = 12  # L221-20: information never given

PROFESSIONAL = (
    "Les commandes passées par un client professionnel n'ouvrent pas droit à rétractation "
    "(article 7.6 des CGV)."
)
CANCELLED = (
    "Cette commande a été annulée : aucun contrat n'est en cours, il n'y a rien dont se "
    "rétracter. Un paiement reçu pour elle est remboursé."
)
LATE = (
    "Le délai de rétractation de cette commande s'est terminé le %(date)s à 23 h 59 "
    "(heure de Paris) : la rétractation n'est plus possible."
)


@dataclass(frozen=True)
class Window:
    """Whether a declaration made at a moment is in time: `closes_at` None means no end yet."""

    open: bool
    closes_at: datetime | None
    reason: str = ""
    extended: bool = False


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - one of the four days always exists


def closing_moment(last_delivery: datetime, *, info_sent: bool, tz: ZoneInfo) -> datetime:
    """The first instant (aware, in `tz`) at which the period is over."""
    last_day = last_delivery.astimezone(tz).date() + timedelta(days=PERIOD_DAYS)
    if not info_sent:
        last_day = _add_months(last_day, EXTENSION_MONTHS)
    return datetime.combine(last_day + timedelta(days=1), time(0, 0), tzinfo=tz)


def withdrawal_window(
    *,
    is_consumer: bool,
    deliveries: Sequence[datetime | None],
    info_sent: bool,
    at: datetime,
    tz: str = "Europe/Paris",
    cancelled: bool = False,
) -> Window:
    """The window for an order at the moment `at`.

    `deliveries` holds one delivery moment per parcel (None: not delivered yet); an order that
    has not shipped has an empty sequence or [None]; a cancelled order has no contract left to
    withdraw from. Refusals carry a French reason to show.
    """
    if not is_consumer:
        return Window(open=False, closes_at=None, reason=PROFESSIONAL)
    if cancelled:
        return Window(open=False, closes_at=None, reason=CANCELLED)
    if not deliveries or any(moment is None for moment in deliveries):
        return Window(open=True, closes_at=None, extended=not info_sent)
    zone = ZoneInfo(tz)
    closes_at = closing_moment(max(deliveries), info_sent=info_sent, tz=zone)
    if at < closes_at:
        return Window(open=True, closes_at=closes_at, extended=not info_sent)
    last_day = (closes_at - timedelta(days=1)).date()
    reason = LATE % {"date": last_day.strftime("%d/%m/%Y")}
    return Window(open=False, closes_at=closes_at, reason=reason, extended=not info_sent)
