"""What checkout remembers of the payment providers: each event it has applied, once."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shop.db import UTCDateTime, utcnow
from shop.extensions import db


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
