"""The e-mails the shop sent to an address, for the staff customer page.

Today only the development outbox keeps e-mails (MAIL_BACKEND = "outbox"); with SMTP nothing
is kept yet. The e-mail archive (issue 19 item 8) replaces `outbox_messages_to`: the customer
page calls nothing else, so swapping this one function is the whole change.
"""

from sqlalchemy import String, cast, select

from shop.extensions import db
from shop.notifications.models import OutboxMessage


def outbox_messages_to(email: str, limit: int = 100) -> list[OutboxMessage]:
    """Development-outbox messages addressed to `email` (any case), newest first."""
    wanted = (email or "").strip().lower()
    if not wanted:
        return []
    escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    candidates = db.session.scalars(
        select(OutboxMessage)
        .where(cast(OutboxMessage.recipients, String).ilike(f"%{escaped}%", escape="\\"))
        .order_by(OutboxMessage.id.desc()).limit(limit)
    )
    return [m for m in candidates if wanted in (r.lower() for r in m.recipients)]
