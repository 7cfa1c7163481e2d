"""The money ledger: one row per payment attempt, per refund, and per provider event applied.

Amounts are integer cents. A `Payment` is one attempt to be paid for an order (a Stripe
Checkout Session, a PayPal order, a demonstration token); when the provider captures money it
records the capture id (what a refund needs) and amount. A `Refund` is one refund of one
capture; its own id is the idempotency key sent to the provider, so a retried call can never
refund twice. Every euro captured is either the payment of its order or refunded.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import UTCDateTime, utcnow
from shop.extensions import db
from shop.orders.models import Order

PAYMENT_STATUSES = ("open", "captured", "failed", "expired", "cancelled")
PAYMENT_STATUS_LABELS = {
    "open": "ouverte", "captured": "encaissée", "failed": "refusée", "expired": "expirée",
    "cancelled": "fermée par la boutique",
}
REFUND_STATUSES = ("pending", "succeeded", "failed")

# Why a refund was made, in French for staff and customers.
REFUND_REASONS = {
    "paid_after_cancellation": "Paiement reçu après l'annulation de la commande",
    "duplicate_capture": "Commande déjà payée par un autre paiement",
    "amount_mismatch": "Montant ou devise différents de ceux de la commande",
    "order_cancelled": "Commande annulée",
    "unavailable": "Produit indisponible ou manquant",
    "non_delivery": "Colis non livré",
    "provider": "Remboursement fait depuis le tableau de bord du prestataire",
    "staff": "Remboursement décidé par la boutique",
}


class Payment(db.Model):
    """One payment attempt for an order, and what the provider captured through it."""

    __table_args__ = (
        UniqueConstraint("provider", "attempt_ref", name="uq_payment_attempt"),
        CheckConstraint(
            "status IN ('open', 'captured', 'failed', 'expired', 'cancelled')", name="status"
        ),
        Index("ix_payment_order_status", "order_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("customer_order.id"))
    provider: Mapped[str] = mapped_column(String(20))  # stripe | paypal | dev
    attempt_ref: Mapped[str | None] = mapped_column(String(120))  # session / PayPal order id
    amount_cents: Mapped[int]  # asked
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(12), default="open")
    captured_ref: Mapped[str | None] = mapped_column(String(120), index=True)  # for refunds
    captured_cents: Mapped[int] = mapped_column(default=0)
    captured_currency: Mapped[str | None] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # failed, expired, closed

    refunds: Mapped[list["Refund"]] = relationship(
        back_populates="payment", order_by="Refund.id"
    )
    order: Mapped[Order] = relationship()

    @property
    def settled_refund_cents(self) -> int:
        return sum(r.amount_cents for r in self.refunds if r.status == "succeeded")


class Refund(db.Model):
    """One refund of one capture. Its id, as "refund-<id>", is the provider idempotency key."""

    __table_args__ = (
        CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name="status"),
        CheckConstraint("amount_cents > 0", name="positive"),
        UniqueConstraint("payment_id", "provider_ref", name="uq_refund_provider_ref"),
        Index("ix_refund_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), index=True)
    amount_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(String(30))  # a key of REFUND_REASONS
    note: Mapped[str] = mapped_column(String(500), default="")
    actor: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    provider_ref: Mapped[str | None] = mapped_column(String(120))
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    payment: Mapped[Payment] = relationship(back_populates="refunds")

    @property
    def idempotency_key(self) -> str:
        return f"refund-{self.id}"

    @property
    def reason_label(self) -> str:
        return REFUND_REASONS.get(self.reason, self.reason)


class PaymentEventRecord(db.Model):
    """A provider event already applied: a replayed webhook finds its row and changes nothing."""

    __table_args__ = (UniqueConstraint("provider", "event_id", name="uq_payment_event_record"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("customer_order.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(200), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
