"""The staff-side cart of a phone or e-mail order, and the payment link e-mailed for it."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import UTCDateTime, utcnow
from shop.extensions import db
from shop.orders.models import Order


class PhoneOrderDraft(db.Model):
    """What one staff member is keying in for one customer: a stored cart (the session cart's
    format, checked by shop.cart.services on every load) and the order form's idempotency key.
    It is not the staff member's own session cart, and it is deleted once the order is placed."""

    __tablename__ = "phone_order_draft"
    __table_args__ = (UniqueConstraint("staff_id", "customer_id", name="uq_phone_order_draft"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # (staff_id, customer_id) is unique, which indexes staff_id as well
    staff_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    lines: Mapped[list] = mapped_column(JSON, default=list)  # [[product_id, qty, price_seen]]
    key: Mapped[str] = mapped_column(String(32))  # idempotency key of the order form
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PaymentLink(db.Model):
    """A single-use link to pay one order. Only the SHA-256 of its random token is stored, so
    the table gives nobody a working link. It works while the order awaits payment, before the
    order's own deadline, and until staff resend (a new link) or cancel it."""

    __tablename__ = "payment_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("customer_order.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(80))  # "staff:12"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(20))  # resent | cancelled

    order: Mapped[Order] = relationship()
