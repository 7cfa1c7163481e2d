"""Writing and reading the audit trail (LEGAL: who changed what; issue 19 item 9).

`record` adds the row to the caller's session: it commits or rolls back with the action it
describes, so there is never an action without its row, nor a row for an action undone.
"""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from shop.audit.models import AuditEntry
from shop.db import utcnow
from shop.extensions import db
from shop.jsonable import plain


def snapshot(obj, fields: Iterable[str]) -> dict:
    """The named fields of an object, as plain values (taken before a change)."""
    return {field: plain(getattr(obj, field)) for field in fields}


def changed(before: dict, obj) -> dict:
    """{field: [before, after]} for the fields of `before` whose value differs now."""
    after = snapshot(obj, before)
    return {field: [before[field], after[field]] for field in before
            if before[field] != after[field]}


def record(
    actor,
    action: str,
    target,
    *,
    changes: dict | None = None,
    summary: str = "",
    label: str = "",
    at: datetime | None = None,
) -> AuditEntry:
    """One audit row in the caller's transaction. `actor` is the staff User acting (or a str
    such as "job" for automatic actions); `target` a model instance with an id."""
    actor_id = getattr(actor, "id", None)
    entry = AuditEntry(
        at=at or utcnow(),
        actor_id=actor_id,
        actor=f"staff:{actor_id}" if actor_id is not None else str(actor)[:80],
        action=action,
        target_type=target.__tablename__,
        target_id=str(target.id),
        target_label=(label or getattr(target, "reference", "") or "")[:120],
        summary=summary[:500],
        changes=plain(changes or {}),
    )
    db.session.add(entry)
    return entry


def entries_for(target) -> list[AuditEntry]:
    """An object's audit rows, oldest first."""
    return list(db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.target_type == target.__tablename__,
               AuditEntry.target_id == str(target.id))
        .order_by(AuditEntry.at, AuditEntry.id)
    ))


def journal(*, actor_email: str = "", action: str = "", target: str = "",
            before_id: int | None = None, size: int = 100) -> list[AuditEntry]:
    """The trail for admins, newest first, filtered by who (e-mail, exact), what (action
    prefix, "order." for every order action) and on what (the object's label or id), in pages
    of `size` before the entry id `before_id`."""
    from shop.accounts.models import User

    query = select(AuditEntry)
    if actor_email:
        query = query.join(User, User.id == AuditEntry.actor_id).where(
            User.email == actor_email.strip().lower())
    if action:
        query = query.where(AuditEntry.action.startswith(action.strip(), autoescape=True))
    if target:
        wanted = target.strip().upper()
        query = query.where((AuditEntry.target_label == wanted)
                            | (AuditEntry.target_id == target.strip()))
    if before_id:
        query = query.where(AuditEntry.id < before_id)
    return list(db.session.scalars(query.order_by(AuditEntry.id.desc()).limit(size)))
