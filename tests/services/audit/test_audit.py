"""The audit trail: one row per staff action, in the action's own transaction."""

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select

from shop.audit.models import AuditEntry
from shop.audit.services import changed, entries_for, record, snapshot
from tests.account_factories import make_user


def test_a_row_says_who_what_when_and_the_fields_changed(db):
    staff = make_user(db, role="staff")
    customer = make_user(db, first_name="Léa")
    before = snapshot(customer, ["first_name", "payment_dispute_open", "created_at"])
    customer.first_name = "Léa-Marie"
    at = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    record(staff, "user.update", customer, changes=changed(before, customer), at=at)
    db.session.commit()
    [entry] = entries_for(customer)
    assert (entry.actor, entry.actor_id, entry.action, entry.at) == (
        f"staff:{staff.id}", staff.id, "user.update", at)
    assert entry.changes == {"first_name": ["Léa", "Léa-Marie"]}  # only what changed


def test_values_are_stored_as_plain_json(db):
    customer = make_user(db)
    entry = record("job", "user.note", customer, changes={
        "when": [None, datetime(2026, 1, 2, tzinfo=UTC)], "rate": [Decimal("5.5"), None]})
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(AuditEntry, entry.id)
    assert stored.actor == "job" and stored.actor_id is None
    assert stored.changes == {"when": [None, "2026-01-02T00:00:00+00:00"], "rate": ["5.5", None]}


def test_a_rolled_back_action_leaves_no_row(db):
    customer = make_user(db)
    record("job", "user.update", customer)
    db.session.rollback()
    assert db.session.scalars(select(AuditEntry)).all() == []
