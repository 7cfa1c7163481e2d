"""Two `run-due` at once: every job runs exactly once, claims are disjoint."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, select, text

from shop.db import utcnow
from shop.jobs import run_due, schedule
from shop.jobs.models import ScheduledJob
from tests.fakes import job_tasks
from tests.fakes.job_tasks import effects, record

JOBS = 30


@pytest.fixture()
def effect_table(db):
    db.session.execute(text(job_tasks.CREATE))
    db.session.commit()
    yield
    db.session.rollback()
    db.session.execute(text("DROP TABLE job_effect"))
    db.session.commit()


def _drain(app, worker: str, start: threading.Barrier, errors: list) -> None:
    with app.app_context():
        try:
            start.wait()
            while run_due(worker=worker, limit=3).claimed:
                pass
        except Exception as error:  # reported by the test
            errors.append(error)


def test_two_concurrent_run_due_run_every_job_exactly_once(app, db, effect_table, is_postgres):
    """On PostgreSQL both workers share the work (SKIP LOCKED); SQLite serialises writers,
    so there one worker may take everything, but still every job runs once."""
    for number in range(JOBS):
        schedule(record, utcnow() - timedelta(seconds=1), f"job-{number}", pause=0.01)
    db.session.commit()
    start, errors = threading.Barrier(2), []
    threads = [
        threading.Thread(target=_drain, args=(app, name, start, errors)) for name in ("A", "B")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    ran = effects()
    assert sorted(ran) == sorted(f"job-{n}" for n in range(JOBS))  # each once, none missing
    by_worker = dict(
        db.session.execute(
            select(ScheduledJob.claimed_by, func.count()).group_by(ScheduledJob.claimed_by)
        ).all()
    )
    if is_postgres:
        assert set(by_worker) == {"A", "B"}, by_worker  # both took part, disjoint claims
    assert sum(by_worker.values()) == JOBS
    statuses = set(db.session.scalars(select(ScheduledJob.status)))
    assert statuses == {"done"}


@pytest.mark.postgres
def test_postgres_claims_skip_rows_locked_by_another_process(app, db, effect_table):
    locked = schedule(record, utcnow() - timedelta(seconds=1), "locked")
    schedule(record, utcnow() - timedelta(seconds=1), "free")
    db.session.commit()
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with other.connect() as conn:
        conn.execute(text("SELECT id FROM scheduled_job WHERE id = :id FOR UPDATE"),
                     {"id": locked.id})
        summary = run_due(worker="me")  # must not wait for the locked row
        assert summary.claimed == 1
        conn.rollback()
    other.dispose()
    assert effects() == ["free"]
    db.session.refresh(locked)
    assert locked.status == "due"
