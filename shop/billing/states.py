"""The state machines of the ledger: one table and one function each, as for orders.

A capture is accepted from any state but `captured`: money taken must be recorded whatever
the shop thought of the attempt (closed, refused, expired), so that it is kept or refunded.
"""

from datetime import datetime

from shop.billing.models import Payment, Refund

PAYMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    "open": frozenset({"captured", "failed", "expired", "cancelled"}),
    "cancelled": frozenset({"captured"}),
    "failed": frozenset({"captured"}),
    "expired": frozenset({"captured"}),
    "captured": frozenset(),
}
REFUND_TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"succeeded", "failed"}),
    "failed": frozenset({"pending"}),
    "succeeded": frozenset(),
}


class IllegalMove(Exception):
    """A ledger row cannot go from its state to the one asked."""


def move_payment(payment: Payment, to: str, *, at: datetime) -> None:
    """Move an attempt if the table allows it; a state other than open is an end (ended_at)."""
    if to not in PAYMENT_TRANSITIONS[payment.status]:
        raise IllegalMove(f"payment {payment.id}: {payment.status} -> {to}")
    payment.status, payment.ended_at = to, at
    if to == "captured":
        payment.captured_at = at


def move_refund(refund: Refund, to: str, *, at: datetime) -> None:
    """Move a refund if the table allows it; succeeded and failed are settled at `at`."""
    if to not in REFUND_TRANSITIONS[refund.status]:
        raise IllegalMove(f"refund {refund.id}: {refund.status} -> {to}")
    refund.status = to
    refund.settled_at = None if to == "pending" else at
