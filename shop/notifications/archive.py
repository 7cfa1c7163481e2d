"""Writing, reading and forgetting archived e-mails (CGV 13; retention G1 and D8).

Services only: no request, no commit. `record_message` writes the row in the caller's
transaction, so the archive and the decision to send commit (or roll back) together.
"""

import hashlib
from email.utils import make_msgid

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from shop.extensions import db
from shop.jobs import enqueue
from shop.notifications.models import QUEUED, MailAttachment, MailMessage
from shop.storage import storage, store_by_hash

ATTACHMENTS_PREFIX = "mail-attachments"


def sender_address() -> str:
    """MAIL_DEFAULT_SENDER as one header value: "Name <address>"."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    if isinstance(sender, (tuple, list)):
        return f"{sender[0]} <{sender[1]}>"
    return sender


def _message_id() -> str:
    """A Message-ID in the sender's domain (no DNS lookup of this host's name)."""
    address = sender_address().rstrip(">")
    return make_msgid(domain=address.rpartition("@")[2] or "localhost")


def record_message(
    recipients: list[str], subject: str, text: str, html: str, *,
    attachments=(), template: str = "", order_id: int | None = None,
    user_id: int | None = None, unsubscribe_url: str | None = None,
) -> MailMessage:
    """Archive an e-mail about to be sent, `queued`; each attachment stored once by hash.

    The files are written to the storage before the row commits: a rollback leaves them
    unreferenced, never a row without its file.
    """
    message = MailMessage(
        sender=sender_address(), recipients=list(recipients), subject=str(subject),
        template=template, text_body=text, html_body=html, order_id=order_id,
        user_id=user_id, status=QUEUED, message_id=_message_id(), attempts=0,
        unsubscribe_url=unsubscribe_url,
    )
    for filename, mimetype, content in attachments:
        message.attachments.append(MailAttachment(
            filename=filename, mimetype=mimetype, size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            storage_key=store_by_hash(storage(), ATTACHMENTS_PREFIX, content, mimetype),
        ))
    db.session.add(message)
    db.session.flush()
    return message


def _with_attachments(query):
    return query.options(selectinload(MailMessage.attachments))


def messages_for_order(order_id: int) -> list[MailMessage]:
    """Every e-mail about an order, newest first."""
    return list(db.session.scalars(_with_attachments(
        select(MailMessage).where(MailMessage.order_id == order_id)
        .order_by(MailMessage.created_at.desc(), MailMessage.id.desc())
    )))


def messages_for_user(user_id: int) -> list[MailMessage]:
    """Every e-mail about a customer (their account and their orders), newest first."""
    return list(db.session.scalars(_with_attachments(
        select(MailMessage).where(MailMessage.user_id == user_id)
        .order_by(MailMessage.created_at.desc(), MailMessage.id.desc())
    )))


def latest_messages(limit: int = 50) -> list[MailMessage]:
    """The latest e-mails, newest first."""
    return list(db.session.scalars(_with_attachments(
        select(MailMessage).order_by(MailMessage.id.desc()).limit(limit)
    )))


def forget_account_messages(user_id: int) -> int:
    """Delete the e-mails tied to this account and to no order (G1, G2); those about an order
    stay with it (contract records, D8). Their files are deleted after the commit, when no
    other message uses them. Returns how many messages were deleted."""
    messages = list(db.session.scalars(_with_attachments(
        select(MailMessage).where(MailMessage.user_id == user_id,
                                  MailMessage.order_id.is_(None))
    )))
    keys = sorted({a.storage_key for m in messages for a in m.attachments})
    for message in messages:
        db.session.delete(message)
    db.session.flush()
    if keys:
        enqueue(delete_unused_files, keys)
    return len(messages)


def delete_unused_files(keys: list[str]) -> None:
    """Job task: delete the stored attachments no archived message refers to any more.

    Twice is harmless: a deleted file is not there to delete again, and a file some message
    uses (the same CGV PDF sent to someone else) is kept.
    """
    used = set(db.session.scalars(
        select(MailAttachment.storage_key).where(MailAttachment.storage_key.in_(keys)).distinct()
    ))
    files = storage()
    for key in keys:
        if key not in used:
            files.delete(key)
