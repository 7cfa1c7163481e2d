"""A proof of identity asked for an order (CGV 6): what was asked, what came back, the decision,
and when the document is to be deleted (30 days after the decision)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import UTCDateTime
from shop.extensions import db
from shop.orders.models import Order

# requested -> received (the buyer sent a document; another replaces it) -> accepted | rejected;
# requested -> expired (nothing sent within the delay).
PROOF_STATUSES = ("requested", "received", "accepted", "rejected", "expired")


class IdentityProof(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("customer_order.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default="requested")
    message: Mapped[str] = mapped_column(String(300), default="")  # staff's words to the buyer
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    requested_by: Mapped[str] = mapped_column(String(80))
    answer_by: Mapped[datetime] = mapped_column(UTCDateTime)  # then the order is cancelled
    document_key: Mapped[str | None] = mapped_column(String(200))  # in shop.storage
    content_type: Mapped[str | None] = mapped_column(String(40))
    size_bytes: Mapped[int | None]
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decision_note: Mapped[str] = mapped_column(String(300), default="")
    delete_after: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[Order] = relationship()
