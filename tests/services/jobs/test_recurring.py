"""Daily jobs: one row per occurrence, whatever the number of dispatchers; the G1 purge."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from shop.accounts.models import User
from shop.checkout.services import place_order
from shop.db import utcnow
from shop.jobs import run_due
from shop.jobs.models import ScheduledJob
from shop.jobs.recurring import next_daily
from tests.account_factories import make_user
from tests.checkout_factories import order_request

PARIS = ZoneInfo("Europe/Paris")
PURGE = "shop.accounts.tasks:purge_inactive_accounts"


@pytest.fixture()
def daily_purge(app):
    app.config["JOBS_RECURRING"] = {PURGE: "03:00"}
    yield
    app.config["JOBS_RECURRING"] = {}


def test_next_daily_is_the_next_local_time_across_daylight_saving():
    winter = datetime(2026, 12, 2, 1, 59, tzinfo=UTC)  # 02:59 in Paris
    assert next_daily(winter, time(3), PARIS) == datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
    at_three = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # exactly 03:00: the next day
    assert next_daily(at_three, time(3), PARIS) == datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert next_daily(summer, time(3), PARIS) == datetime(2026, 7, 2, 1, 0, tzinfo=UTC)


def _purge_jobs(db) -> list[ScheduledJob]:
    return list(db.session.scalars(select(ScheduledJob).where(ScheduledJob.task == PURGE)))


def test_each_run_due_keeps_exactly_one_next_occurrence(db, daily_purge):
    now = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    for minute in range(3):
        run_due(now=now + timedelta(minutes=minute))
    [job] = _purge_jobs(db)
    assert job.run_at == datetime(2026, 12, 3, 2, 0, tzinfo=UTC) and job.status == "due"
    run_due(now=job.run_at)  # runs it, and writes the next day's
    jobs = sorted(_purge_jobs(db), key=lambda j: j.run_at)
    assert [(j.status, j.run_at.day) for j in jobs] == [("done", 3), ("due", 4)]


def test_the_purge_anonymises_customers_inactive_for_three_years(
    app, db, shop_ready, product_factory
):
    now = utcnow()
    old = now - timedelta(days=3 * 365 + 1)
    gone = make_user(db, created_at=old, last_login_at=old, last_seen_at=old)
    logged_in_lately = make_user(db, created_at=old, last_login_at=now - timedelta(days=30))
    ordered_lately = make_user(db, created_at=old, last_login_at=old)
    new = make_user(db)
    staff = make_user(db, role="staff", created_at=old, last_login_at=old)
    product = product_factory(price_cents=1000, on_hand=5)
    order = place_order(ordered_lately, order_request([(product, 1)]), actor="test", now=now)
    db.session.commit()
    assert order.user_id == ordered_lately.id
    app.config["JOBS_RECURRING"] = {PURGE: "03:00"}
    try:
        run_due(now=now)
        [job] = _purge_jobs(db)
        run_due(now=job.run_at)
        db.session.refresh(job)
        assert job.status == "done"
    finally:
        app.config["JOBS_RECURRING"] = {}
    db.session.expire_all()
    anonymised = {u.id for u in db.session.scalars(select(User)) if u.is_anonymised}
    assert anonymised == {gone.id}
    assert {logged_in_lately.id, ordered_lately.id, new.id, staff.id}.isdisjoint(anonymised)
    assert db.session.get(User, gone.id).email.endswith("@anonyme.invalid")


def test_the_purge_deletes_sign_ups_never_confirmed_within_the_link_s_life(app, db):
    now = utcnow()
    stale = make_user(db, created_at=now - timedelta(days=8), email_confirmed_at=None)
    pending = make_user(db, created_at=now - timedelta(days=6), email_confirmed_at=None)
    confirmed = make_user(db, created_at=now - timedelta(days=8))
    app.config["JOBS_RECURRING"] = {PURGE: "03:00"}
    try:
        run_due(now=now)
        [job] = _purge_jobs(db)
        run_due(now=job.run_at)
    finally:
        app.config["JOBS_RECURRING"] = {}
    db.session.expire_all()
    remaining = set(db.session.scalars(select(User.id)))
    assert stale.id not in remaining
    assert {pending.id, confirmed.id} <= remaining
