"""One way to run deferred work: a job is a row written in the caller's transaction.

- `enqueue(task, *args)`: a job due now; `schedule(task, run_at, *args)`: a job due later.
  Both only INSERT a `ScheduledJob` row in the caller's transaction (a transactional outbox):
  nothing runs and nothing is pushed before that transaction commits, and a rollback removes
  the job with everything else the caller wrote.
- When the outermost transaction commits, the jobs it enqueued are dispatched: run inline,
  each in its own app context, session and transaction (demo, tests), or pushed to RQ by id
  when REDIS_URL is set. `flask jobs run-due` (cron, every minute) is the dispatcher of last
  resort: it runs every due row, including committed rows that were never pushed (a crash
  between commit and push) and rows whose lease ran out (a worker killed while running).
- A claim is a lease: `running` with `claimed_at`; past `JOBS_LEASE_SECONDS` the job is due
  again. Claims are atomic conditional UPDATEs (`... WHERE id = :id AND <claimable>`), so two
  dispatchers never run the same job at once. Every task is written so that running it twice
  is harmless (each task's docstring says why), because a lease can run out on a slow job.
- A failed run is rolled back, then recorded on the row (error, attempts) and retried with
  backoff until `max_attempts`; the caller's committed work is never touched.
"""

import json
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, event, or_, select, update

from shop.db import insert_for, utcnow
from shop.extensions import db
from shop.jobs.models import ScheduledJob
from shop.jobs.tasks import resolve_task, task_path

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)
_NEW = "shop.jobs.new"  # session.info: ids of the jobs enqueued in the open transaction
_COMMITTED = "shop.jobs.committed"  # session.info: ids whose transaction has committed


@dataclass
class RunSummary:
    """What one `run_due` pass did."""

    claimed: int = 0
    done: int = 0
    retried: int = 0
    failed: int = 0


def _json_ready(args: list, kwargs: dict) -> None:
    """Refuse arguments a queue or a job row could not carry."""
    try:
        json.dumps([args, kwargs])
    except TypeError as error:
        raise TypeError(f"job arguments must be JSON-serialisable: {error}") from None


def backoff(attempts: int, base_seconds: int) -> timedelta:
    """Delay before the next try: base, 2x base, 4x base... capped at 6 hours."""
    return min(timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def worker_name() -> str:
    """An id for this process and thread, stored on the rows it claims."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:100]


def enqueue(task: Callable | str, *args, key: str | None = None, **kwargs) -> ScheduledJob | None:
    """A job due now, run after the caller's transaction commits. See `schedule`."""
    job = schedule(task, utcnow(), *args, key=key, **kwargs)
    if job is not None:
        db.session.info.setdefault(_NEW, []).append(job.id)
    return job


def schedule(
    task: Callable | str, run_at: datetime, *args, key: str | None = None, **kwargs
) -> ScheduledJob | None:
    """Insert a job row due at `run_at` in the caller's transaction; the caller commits.

    `key`, when given, is unique among all jobs ever written: a second job with the same key
    is not written (None is returned), so "do this once" needs no lock in the caller.
    """
    path = task_path(task)
    _json_ready(list(args), kwargs)
    values = {
        "task": path, "args": list(args), "kwargs": kwargs, "run_at": run_at, "key": key,
        "status": "due", "attempts": 0, "created_at": utcnow(),
        "max_attempts": current_app.config["JOBS_MAX_ATTEMPTS"],
    }
    insert = insert_for(db.session.get_bind().dialect.name)
    statement = insert(ScheduledJob).values(values).returning(ScheduledJob)
    if key is not None:
        statement = statement.on_conflict_do_nothing(index_elements=["key"])
    return db.session.execute(statement).scalar_one_or_none()  # the row, in one round trip


def install_dispatch(session_factory) -> None:
    """Dispatch the jobs of each outermost commit once it is final (called at start-up)."""
    if not event.contains(session_factory, "after_commit", _note_commit):
        event.listen(session_factory, "after_commit", _note_commit)
        event.listen(session_factory, "after_transaction_end", _after_transaction)


def _note_commit(session) -> None:
    """A savepoint's release is not a commit: only the outermost one makes jobs final."""
    if not session.in_nested_transaction():
        session.info[_COMMITTED] = session.info.pop(_NEW, [])


def _after_transaction(session, transaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(_NEW, None)  # rolled back: those rows are gone
    ids = session.info.pop(_COMMITTED, None)
    if ids:
        dispatch(ids)


def dispatch(ids: list[int]) -> None:
    """Run committed jobs inline (each in its own context), or push their ids to RQ."""
    app = current_app._get_current_object()
    if app.config["REDIS_URL"]:
        from shop.jobs.queue import push

        try:
            push(ids)
        except Exception:  # the rows stay due: `flask jobs run-due` will run them
            logger.exception("Could not push jobs %s to the queue; run-due will pick them", ids)
        return
    for job_id in ids:
        with app.app_context():  # a session of its own: the caller's is left as it was
            run_job(job_id)


def _claimable(now: datetime):
    lease = timedelta(seconds=current_app.config["JOBS_LEASE_SECONDS"])
    return or_(
        and_(ScheduledJob.status == "due", ScheduledJob.run_at <= now),
        and_(ScheduledJob.status == "running", ScheduledJob.claimed_at <= now - lease),
    )


def _claim(job_id: int, worker: str, now: datetime) -> bool:
    """Take one job if it is still claimable; committed at once, so nobody else takes it.

    PostgreSQL skips a row another process holds locked instead of waiting for it; SQLite
    serialises writers, so the conditional UPDATE alone decides there.
    """
    target = select(ScheduledJob.id).where(ScheduledJob.id == job_id, _claimable(now))
    if db.session.get_bind().dialect.name == "postgresql":
        target = target.with_for_update(skip_locked=True)
    result = db.session.execute(
        update(ScheduledJob)
        .where(ScheduledJob.id.in_(target.scalar_subquery()))
        .values(status="running", claimed_by=worker, claimed_at=now,
                attempts=ScheduledJob.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def run_job(job_id: int, worker: str | None = None, now: datetime | None = None) -> str | None:
    """Claim and run one job; None when it was not claimable (done, taken, not due yet)."""
    now = now or utcnow()
    if not _claim(job_id, worker or worker_name(), now):
        return None
    return _run_claimed(job_id, now)


def _run_claimed(job_id: int, now: datetime) -> str:
    """Run a claimed job; its effects and its new status commit together."""
    job = db.session.get(ScheduledJob, job_id)
    try:
        resolve_task(job.task)(*job.args, **job.kwargs)
        job.status, job.finished_at, job.last_error = "done", max(now, utcnow()), None
        db.session.commit()
    except Exception as error:  # rolled back, recorded on the row, retried or failed
        logger.exception("Job %s (%s) failed", job_id, job.task)
        db.session.rollback()
        job = db.session.get(ScheduledJob, job_id)
        _record_failure(job, error, max(now, utcnow()))
        db.session.commit()
    return job.status


def _record_failure(job: ScheduledJob, error: Exception, now: datetime) -> None:
    """Note the error; retry later with backoff, or give up after max_attempts."""
    job.last_error = f"{type(error).__name__}: {error}"[:4000]
    job.claimed_by = job.claimed_at = None
    if job.attempts >= job.max_attempts:
        job.status, job.finished_at = "failed", now
        logger.error("Job %s (%s) failed for good: %s", job.id, job.task, job.last_error)
        return
    job.status = "due"
    job.run_at = now + backoff(job.attempts, current_app.config["JOBS_RETRY_BASE_SECONDS"])


def due_job_ids(now: datetime, limit: int, skip: set[int] = frozenset()) -> list[int]:
    """Ids of jobs claimable at `now`: due, or running past their lease, oldest first."""
    query = select(ScheduledJob.id).where(_claimable(now))
    if skip:
        query = query.where(ScheduledJob.id.not_in(skip))
    return list(
        db.session.scalars(query.order_by(ScheduledJob.run_at, ScheduledJob.id).limit(limit))
    )


def run_due(worker: str | None = None, now: datetime | None = None, limit: int = 50) -> RunSummary:
    """Run the jobs claimable at `now`, each claimed just before it runs (one at a time).

    Claiming one job at a time means a process killed mid-run strands one job, not a batch,
    and that lease runs out like any other.
    """
    from shop.jobs.recurring import ensure_recurring

    summary, now, worker = RunSummary(), now or utcnow(), worker or worker_name()
    ensure_recurring(now)
    db.session.commit()
    seen: set[int] = set()
    while summary.claimed < limit and (batch := due_job_ids(now, 10, seen)):
        seen.update(batch)
        for job_id in batch:
            status = run_job(job_id, worker, now)
            if status is None:
                continue  # another dispatcher took it first, or holds it locked
            summary.claimed += 1
            summary.done += status == "done"
            summary.retried += status == "due"
            summary.failed += status == "failed"
            if summary.claimed >= limit:
                break
    return summary


def retry_job(job: ScheduledJob, now: datetime) -> None:
    """Staff: run a failed job again (soon), with a fresh count of attempts."""
    if job.status != "failed":
        raise ValueError("Seule une tâche en échec peut être relancée.")
    job.status, job.run_at, job.attempts, job.finished_at = "due", now, 0, None
    db.session.info.setdefault(_NEW, []).append(job.id)
