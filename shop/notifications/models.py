"""The archive of every e-mail the shop sends (CGV 13: proof of communications).

One `MailMessage` per e-mail, written in the transaction that decided to send it, whatever the
mail backend: who it went to, the subject and both bodies as sent, the order and the customer
it concerns, and how its delivery went. Attachments are stored once per content through the
storage interface (`shop.storage`, by SHA-256); a row names each file a message carried.

With MAIL_BACKEND = "outbox" (development) nothing leaves the machine: the message is marked
`outbox` and read at /staff/outbox like any other.
"""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import UTCDateTime, utcnow
from shop.extensions import db

QUEUED, SENT, FAILED, OUTBOX = "queued", "sent", "failed", "outbox"
STATUSES = (QUEUED, SENT, FAILED, OUTBOX)


class MailMessage(db.Model):
    """One e-mail as the shop sent it (or tried to), and what became of it.

    `status`: `queued` until the delivery job runs; `sent` with `sent_at` and the SMTP
    server's reply (its queue id); `failed` with the last error (the job tries again with
    backoff, and a later success makes it `sent`); `outbox` when kept by the development
    outbox instead of being sent. `message_id` is the Message-ID header, the same at every
    try, which the recipient's server also records.
    """

    __tablename__ = "mail_message"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sent', 'failed', 'outbox')", name="status"),
        Index("ix_mail_message_order_id_created_at", "order_id", "created_at"),
        Index("ix_mail_message_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sender: Mapped[str] = mapped_column(String(300))
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    subject: Mapped[str] = mapped_column(String(300))
    template: Mapped[str] = mapped_column(String(60), default="")
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    # What it concerns. An order's messages are contract records kept with the order (D8);
    # a message tied only to an account goes with the account (G1, shop.accounts.privacy).
    order_id: Mapped[int | None] = mapped_column(ForeignKey("customer_order.id"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    message_id: Mapped[str] = mapped_column(String(250), default="")
    server_reply: Mapped[str | None] = mapped_column(String(500))
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # One-click unsubscribe link of a message sent to a list (RFC 8058 headers), else None.
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))

    attachments: Mapped[list["MailAttachment"]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="MailAttachment.id"
    )

    @property
    def recipients_display(self) -> str:
        return ", ".join(self.recipients)

    def __repr__(self) -> str:
        return f"<MailMessage {self.id} {self.status} {self.subject!r}>"


class MailAttachment(db.Model):
    """A file a message carried; its content is in the storage under `storage_key` (by hash,
    so the same CGV PDF sent a thousand times is stored once)."""

    __tablename__ = "mail_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("mail_message.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    mimetype: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(300), index=True)

    message: Mapped[MailMessage] = relationship(back_populates="attachments")

    @property
    def content(self) -> bytes:
        """The file's bytes, read from the storage."""
        from shop.storage import storage

        return storage().get(self.storage_key)

