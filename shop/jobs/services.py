"""One way to run deferred work.

- `enqueue(task, *args)`: now. Inline by default (demo, tests); on the RQ queue when
  REDIS_URL is set. A failed run is never lost: it becomes a due job row, retried later.
- `schedule(task, run_at, *args)`: a due job row, run by `flask jobs run-due` (cron).

A due job runs exactly once even when two `run-due` processes overlap: rows are claimed
with `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL and with an atomic conditional
`UPDATE ... WHERE status = 'due'` elsewhere (SQLite). The task's database changes and the
row's "done" mark are committed together.
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
from sqlalchemy import event, select, update

from shop.db import utcnow
from shop.extensions import db
from shop.jobs.models import ScheduledJob
from shop.jobs.tasks import resolve_task, task_path

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)


@dataclass
class RunSummary:
    """What one `run_due` pass did."""

    claimed: int = 0
    done: int = 0
    retried: int = 0
    failed: int = 0


def _json_ready(args: list, kwargs: dict) -> None:
    """Refuse arguments a queue or a job row could not carry (fails inline too)."""
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


def enqueue(task: Callable | str, *args, **kwargs) -> None:
    """Run a task now: inline, or on the RQ queue when REDIS_URL is set."""
    path = task_path(task)
    _json_ready(list(args), kwargs)
    if current_app.config.get("REDIS_URL") and not current_app.config.get("JOBS_INLINE"):
        _push_after_commit(path, list(args), kwargs)
        return
    run_now(path, list(args), kwargs)


def _push_after_commit(path: str, args: list, kwargs: dict) -> None:
    """Queue the task once the caller's transaction commits (dropped if it rolls back).

    A worker must never run a task before the rows it reads are committed, e.g. the e-mail of
    an order whose payment the same request is recording.
    """
    from shop.jobs.queue import push

    session = db.session()
    if not session.in_transaction():
        push(path, args, kwargs)
        return
    pending = session.info.setdefault("jobs_after_commit", [])
    if not pending:
        event.listen(session, "after_commit", _push_pending, once=True)
        event.listen(session, "after_rollback", _drop_pending, once=True)
    pending.append((path, args, kwargs))


def _push_pending(session) -> None:
    from shop.jobs.queue import push

    for path, args, kwargs in session.info.pop("jobs_after_commit", []):
        push(path, args, kwargs)


def _drop_pending(session) -> None:
    session.info.pop("jobs_after_commit", None)


def run_now(path: str, args: list, kwargs: dict) -> bool:
    """Run a task in the caller's transaction; on failure record a retry row. True if it ran."""
    try:
        resolve_task(path)(*args, **kwargs)
    except Exception as error:  # a failed task must never break the caller
        logger.exception("Job %s failed; it will be retried", path)
        _add_retry(path, args, kwargs, error)
        return False
    return True


def run_isolated(path: str, args: list, kwargs: dict) -> bool:
    """Run a task in its own transaction (queue worker); on failure roll back, record a retry."""
    try:
        resolve_task(path)(*args, **kwargs)
        db.session.commit()
    except Exception as error:  # recorded as a due job, retried by run-due
        logger.exception("Queued job %s failed; it will be retried", path)
        db.session.rollback()
        _add_retry(path, args, kwargs, error)
        db.session.commit()
        return False
    return True


def _add_retry(path: str, args: list, kwargs: dict, error: Exception) -> ScheduledJob:
    config = current_app.config
    now = utcnow()
    job = ScheduledJob(
        task=path, args=args, kwargs=kwargs, attempts=1,
        max_attempts=config.get("JOBS_MAX_ATTEMPTS", 5), created_at=now,
    )
    _record_failure(job, error, now)
    db.session.add(job)
    return job


def schedule(task: Callable | str, run_at: datetime, *args, **kwargs) -> ScheduledJob:
    """Store a job to run at `run_at` (by `flask jobs run-due`); the caller commits."""
    path = task_path(task)
    _json_ready(list(args), kwargs)
    job = ScheduledJob(
        task=path, args=list(args), kwargs=kwargs, run_at=run_at,
        max_attempts=current_app.config.get("JOBS_MAX_ATTEMPTS", 5),
    )
    db.session.add(job)
    db.session.flush()
    return job


def _record_failure(job: ScheduledJob, error: Exception, now: datetime) -> None:
    """Note the error; retry later with backoff, or give up after max_attempts."""
    job.last_error = f"{type(error).__name__}: {error}"[:4000]
    job.claimed_by = job.claimed_at = None
    if job.attempts >= job.max_attempts:
        job.status, job.finished_at = "failed", now
        logger.error("Job %s (%s) failed for good: %s", job.id, job.task, job.last_error)
        return
    job.status = "due"
    job.run_at = now + backoff(job.attempts, current_app.config.get("JOBS_RETRY_BASE_SECONDS", 60))


def claim_due_jobs(worker: str, now: datetime, limit: int) -> list[int]:
    """Mark up to `limit` due jobs as ours and commit; no other process gets the same ones."""
    due = (
        select(ScheduledJob.id)
        .where(ScheduledJob.status == "due", ScheduledJob.run_at <= now)
        .order_by(ScheduledJob.run_at, ScheduledJob.id)
        .limit(limit)
    )
    claim = {"status": "running", "claimed_by": worker, "claimed_at": now,
             "attempts": ScheduledJob.attempts + 1}
    if db.session.get_bind().dialect.name == "postgresql":
        ids = list(db.session.scalars(due.with_for_update(skip_locked=True)))
        if ids:
            db.session.execute(update(ScheduledJob).where(ScheduledJob.id.in_(ids)).values(claim))
    else:
        ids = []
        for job_id in db.session.scalars(due).all():
            result = db.session.execute(
                update(ScheduledJob)
                .where(ScheduledJob.id == job_id, ScheduledJob.status == "due")
                .values(claim)
            )
            if result.rowcount == 1:
                ids.append(job_id)
    db.session.commit()
    return ids


def run_claimed_job(job_id: int, now: datetime | None = None) -> str:
    """Run one claimed job; its effects and its new status commit together. Returns the status.

    `now` (the run's clock, never earlier than the real time) dates the retry or the end.
    """
    job = db.session.get(ScheduledJob, job_id)
    try:
        resolve_task(job.task)(*job.args, **job.kwargs)
    except Exception as error:  # recorded on the row, retried or marked failed
        logger.exception("Job %s (%s) failed", job_id, job.task)
        db.session.rollback()
        job = db.session.get(ScheduledJob, job_id)
        _record_failure(job, error, max(now or utcnow(), utcnow()))
    else:
        job.status, job.finished_at, job.last_error = "done", max(now or utcnow(), utcnow()), None
    db.session.commit()
    return job.status


def run_due(worker: str | None = None, now: datetime | None = None, limit: int = 50) -> RunSummary:
    """Claim the jobs due at `now` and run each once."""
    summary, now = RunSummary(), now or utcnow()
    ids = claim_due_jobs(worker or worker_name(), now, limit)
    summary.claimed = len(ids)
    for job_id in ids:
        status = run_claimed_job(job_id, now)
        if status == "done":
            summary.done += 1
        elif status == "due":
            summary.retried += 1
        else:
            summary.failed += 1
    return summary
