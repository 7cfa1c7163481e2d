"""How an order reads to its customer: the status timeline and the VAT breakdown rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from shop.cart.totals import PresentedLine, SummaryRow, present_line, summary_rows
from shop.orders import states
from shop.orders.models import Order
from shop.tax.decision import EXEMPT, RegimeCode

# The milestones a customer follows (received, paid, preparing, shipped, delivered).
MILESTONES = (
    ("received", "Commande reçue", None),
    (states.PAID, "Paiement accepté", "paid_at"),
    (states.PREPARING, "En préparation", None),
    (states.SHIPPED, "Expédiée", "shipped_at"),
    (states.DELIVERED, "Livrée", "delivered_at"),
)


@dataclass(frozen=True)
class Milestone:
    """One line of the timeline; ``at`` is None while it has not happened."""

    code: str
    label: str
    at: datetime | None
    note: str = ""

    @property
    def done(self) -> bool:
        return self.at is not None


def timeline(order: Order) -> list[Milestone]:
    """The milestones in order, dated from the order's events; a cancellation ends it."""
    reached: dict[str, datetime] = {}
    for event in order.events:
        reached.setdefault(event.to_status, event.at)
    steps = []
    for code, label, stamp in MILESTONES:
        at = order.created_at if code == "received" else (
            reached.get(code) or (getattr(order, stamp) if stamp else None))
        steps.append(Milestone(code, label, at))
    if order.status == states.CANCELLED:
        reason = states.CANCEL_REASONS.get(order.cancel_reason or "", "")
        at = order.cancelled_at or reached.get(states.CANCELLED)
        steps = [step for step in steps if step.done] + [
            Milestone(states.CANCELLED, states.LABELS[states.CANCELLED], at, reason)
        ]
    return steps + withdrawal_milestones(order)


# Notes written by shop.withdrawal when a declaration is recorded for the order start with it.
WITHDRAWAL_NOTE_PREFIX = "Rétractation "


def withdrawal_milestones(order: Order) -> list[Milestone]:
    """The withdrawal declarations recorded for the order, as timeline lines (« received »,
    « refused » with its reason), from the notes shop.withdrawal writes on the order."""
    found = []
    for event in order.events:
        if event.from_status == event.to_status and event.note.startswith(WITHDRAWAL_NOTE_PREFIX):
            label, _sep, detail = event.note.partition(" : ")
            found.append(Milestone("withdrawal", label, event.at, detail))
    return found


@dataclass(frozen=True)
class VatRow:
    """One VAT rate of an order: base before VAT, VAT, and total with VAT, in cents."""

    rate: Decimal
    base_ht_cents: int
    vat_cents: int
    ttc_cents: int


def vat_rows(order: Order) -> list[VatRow]:
    """The VAT breakdown copied onto the order when it was placed, as typed rows."""
    return [
        VatRow(Decimal(str(row["rate"])), row["base_ht_cents"], row["vat_cents"], row["ttc_cents"])
        for row in order.vat_breakdown or []
    ]


@dataclass(frozen=True)
class OrderAmounts:
    """An order's amounts as its page, e-mails and PDFs show them, read from what was copied
    when it was placed: TTC for a consumer taxed in France or through OSS, HT first for a
    professional (E5) or an exempt order, with the regime's legal mention (E4, E6, E7)."""

    prices_include_vat: bool
    exempt: bool
    lines: tuple[PresentedLine, ...]
    summary: tuple[SummaryRow, ...]
    mention: str
    buyer_vat_number: str  # printed beside the seller's under the intra-EU exemption (E4)


def order_amounts(order: Order) -> OrderAmounts:
    """The order's amounts laid out like the cart's (shop.cart.totals.present)."""
    exempt = order.vat_regime in {code.value for code in EXEMPT}
    ht = order.prices_ht or exempt
    products_ht = sum(line.total_ht_cents for line in order.lines)
    vat = tuple(SummaryRow("vat", row.vat_cents, row.rate, row.base_ht_cents)
                for row in vat_rows(order) if row.ttc_cents)
    summary = summary_rows(
        ht=ht, exempt=exempt, vat=vat,
        products_ht=products_ht, shipping_ht=order.total_ht_cents - products_ht,
        products_ttc=order.products_ttc_cents, shipping_ttc=order.shipping_ttc_cents,
        total_ht=order.total_ht_cents, total_ttc=order.total_ttc_cents,
    )
    lines = tuple(present_line(line, line.id, ht=ht) for line in order.lines)
    intra_eu = order.vat_regime == RegimeCode.INTRA_EU_EXEMPT.value
    return OrderAmounts(not ht, exempt, lines, summary, order.vat_mention or "",
                      order.vat_number if intra_eu else "")


def status_label(order: Order) -> str:
    """The French label of the order's status."""
    return states.LABELS.get(order.status, order.status)
