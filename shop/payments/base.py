"""The one gateway interface every payment provider adapter implements.

Layer 4 of the shop: nothing here knows about orders, carts or the database. A gateway takes
an amount in integer cents, a currency, our order reference and URLs, and gives back redirect
URLs, provider ids and normalised :class:`PaymentEvent` values. The checkout workflow (layer 5)
turns those events into order transitions, using ``event_id`` to ignore duplicates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

EventKind = Literal["paid", "failed", "expired", "refunded"]


class PaymentError(Exception):
    """A provider is unreachable or refused a call; ``str(err)`` is safe to show in French.

    ``detail`` carries the provider's own (English, technical) explanation for the logs.
    """

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail


class InvalidReturn(PaymentError):
    """The browser came back with parameters we cannot trust (tampered, expired, missing)."""


class PaymentAlreadyCompleted(PaymentError):
    """``close_payment`` came too late: the buyer paid; the capture event will follow."""


class InvalidWebhook(Exception):
    """A webhook failed verification (bad signature, stale, forged or unparsable)."""


@dataclass(frozen=True, slots=True)
class PaymentStart:
    """Where to send the buyer, and the provider's id for this payment attempt."""

    redirect_url: str
    provider_ref: str


@dataclass(frozen=True, slots=True)
class PaymentEvent:
    """Something that happened to a payment, in the shop's words.

    ``reference`` is OUR order reference ("" when the provider did not echo it back, which can
    happen for refunds made from the provider's dashboard: match on ``payment_ref`` then).
    ``event_id`` is unique per provider event, so handlers can be made idempotent.
    ``payment_ref`` is the id a refund needs (Stripe PaymentIntent, PayPal capture).
    For "refunded" events ``amount_cents`` is the amount the provider reports as refunded.
    """

    kind: EventKind
    reference: str
    provider_ref: str
    event_id: str
    payment_ref: str | None = None
    amount_cents: int | None = None
    currency: str | None = None


@runtime_checkable
class Gateway(Protocol):
    """A payment provider seen from the shop: start, confirm on return, webhooks, refund."""

    name: str

    def start_payment(
        self,
        *,
        amount_cents: int,
        currency: str,
        reference: str,
        description: str,
        customer_email: str | None,
        return_url: str,
        cancel_url: str,
        expires_at: datetime | None = None,
    ) -> PaymentStart:
        """Create the payment at the provider and return where to redirect the buyer.

        ``expires_at``: the provider should refuse to take the money after this moment, as
        far as it can (Stripe needs at least 30 minutes; see each gateway).
        """
        ...

    def close_payment(self, provider_ref: str) -> None:
        """Make an unpaid attempt unpayable at the provider; harmless if already closed."""
        ...

    def handle_return(self, params: Mapping[str, str]) -> PaymentEvent | None:
        """Act on the buyer's return (query parameters); None when only a webhook can tell."""
        ...

    def parse_webhook(self, payload: bytes, headers: Mapping[str, str]) -> PaymentEvent | None:
        """Verify a webhook and normalise it; None for event types the shop ignores."""
        ...

    def refund(
        self, *, payment_ref: str, amount_cents: int, currency: str, reference: str,
        idempotency_key: str,
    ) -> str:
        """Refund ``amount_cents`` of a captured payment; return the provider's refund id.

        The same ``idempotency_key`` never refunds twice: a retry after a lost answer gets
        the first refund back.
        """
        ...


def check_amount(amount_cents: int) -> None:
    """Refuse anything but a strictly positive integer number of cents (never a float)."""
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        raise TypeError(f"amount_cents must be an int, got {type(amount_cents).__name__}")
    if amount_cents <= 0:
        raise ValueError(f"amount_cents must be positive, got {amount_cents}")

