"""Withdrawal declarations (LEGAL B2 to B4): what was declared, through which channel, when.

A declaration is stored as it arrived and never rewritten: the moment it was received and what
the person typed are frozen (see `_refuse_rewriting`). Only its state, the review flag and the
lines' follow-up change afterwards, each state change leaving a `WithdrawalEvent`.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String, event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import UTCDateTime
from shop.extensions import db

# What the declaration says and when it arrived: evidence, so never changed once written.
FROZEN_COLUMNS = ("channel", "received_at", "typed_name", "typed_reference", "typed_email",
                  "idempotency_key")


class Withdrawal(db.Model):
    """One declaration of withdrawal, matched to an order or kept « à vérifier » for staff."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # None when the reference, name or e-mail typed matched no order: staff look into it.
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("customer_order.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[str] = mapped_column(String(10))  # online | email | letter
    state: Mapped[str] = mapped_column(String(20))
    needs_review: Mapped[bool] = mapped_column(default=False)  # « à vérifier »
    review_reason: Mapped[str] = mapped_column(String(200), default="")
    refusal_reason: Mapped[str] = mapped_column(String(300), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    typed_name: Mapped[str] = mapped_column(String(200))
    typed_reference: Mapped[str] = mapped_column(String(40))
    typed_email: Mapped[str] = mapped_column(String(254))
    # One declaration per submitted form, however often it is posted (B3: double submission).
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    order = relationship("Order")
    lines: Mapped[list["WithdrawalLine"]] = relationship(
        back_populates="withdrawal", order_by="WithdrawalLine.id", cascade="all, delete-orphan"
    )
    events: Mapped[list["WithdrawalEvent"]] = relationship(
        order_by="WithdrawalEvent.id", cascade="all, delete-orphan"
    )


class WithdrawalLine(db.Model):
    """One order line the declaration covers, with the name and quantity it had on the order."""

    id: Mapped[int] = mapped_column(primary_key=True)
    withdrawal_id: Mapped[int] = mapped_column(
        ForeignKey("withdrawal.id", ondelete="CASCADE"), index=True
    )
    order_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("order_line.id", ondelete="SET NULL")
    )
    product_name: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int]

    withdrawal: Mapped[Withdrawal] = relationship(back_populates="lines")


class WithdrawalEvent(db.Model):
    """One state change of a declaration: who, when, from, to, and why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    withdrawal_id: Mapped[int] = mapped_column(
        ForeignKey("withdrawal.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(80))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")


class DeclarationChanged(Exception):
    """Raised when code tries to rewrite what a declaration said or when it arrived."""


@event.listens_for(Withdrawal, "before_update")
def _refuse_rewriting(mapper, connection, target: Withdrawal) -> None:
    state = inspect(target)
    changed = [name for name in FROZEN_COLUMNS if state.attrs[name].history.has_changes()]
    if changed:
        raise DeclarationChanged(
            f"Withdrawal {target.id} is a received declaration; cannot change {', '.join(changed)}"
        )
