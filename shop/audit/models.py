"""The audit trail: one row per staff action, never updated or deleted by the application."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from shop.db import UTCDateTime, utcnow
from shop.extensions import db


class AuditEntry(db.Model):
    """Who did what, when, to which object, with the fields it changed (before, after)."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    actor: Mapped[str] = mapped_column(String(80))  # "staff:12", or a job, as it signed
    action: Mapped[str] = mapped_column(String(60), index=True)  # "order.ship", "user.create"
    target_type: Mapped[str] = mapped_column(String(40))  # the table: "customer_order"
    target_id: Mapped[str] = mapped_column(String(40))
    target_label: Mapped[str] = mapped_column(String(120), default="")  # "PN-7K3Q-X9TB"
    summary: Mapped[str] = mapped_column(String(500), default="")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # {field: [before, after]}

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.target_type}:{self.target_id} by {self.actor}>"
