"""Task functions for the job tests: their side effects are rows in `job_effect`.

`job_effect` is a plain table created by the tests that use it (not part of the models).
"""

import time

from sqlalchemy import text

from shop.extensions import db

CREATE = "CREATE TABLE IF NOT EXISTS job_effect (key VARCHAR(100) NOT NULL)"
_failures: dict[str, int] = {}


def record(key: str, pause: float = 0.0) -> None:
    """Write one row for `key` (after an optional pause, to make runs overlap)."""
    if pause:
        time.sleep(pause)
    db.session.execute(text("INSERT INTO job_effect (key) VALUES (:key)"), {"key": key})


def fail_times(key: str, times: int) -> None:
    """Raise the first `times` calls for `key`, then record it."""
    count = _failures.get(key, 0)
    if count < times:
        _failures[key] = count + 1
        raise RuntimeError(f"échec simulé n°{count + 1}")
    record(key)


def always_fail() -> None:
    """Never succeeds."""
    raise RuntimeError("toujours en échec")


def effects(key: str | None = None) -> list[str]:
    """The keys recorded so far (all, or only `key`)."""
    rows = db.session.execute(text("SELECT key FROM job_effect")).scalars().all()
    return [row for row in rows if key is None or row == key]


def record_then_fail(key: str) -> None:
    """Write a row, then raise: the row must not survive."""
    record(key)
    raise RuntimeError("échec après écriture")


def bad_sql(key: str) -> None:
    """Write a row, then send SQL the database refuses (a poisoned transaction)."""
    record(key)
    db.session.execute(text("INSERT INTO no_such_table VALUES (1)"))


def record_and_enqueue(key: str, then: str) -> None:
    """Write a row and enqueue a follow-up job (run after this job commits)."""
    from shop.jobs import enqueue

    record(key)
    enqueue(record, then)


def fail_at_length() -> None:
    """Raise an error whose text is far longer than a job row keeps."""
    raise RuntimeError("x" * 5000)


def record_and_take(key: str, job_id: int) -> None:
    """Write a row and mark another job done, as another dispatcher would have."""
    record(key)
    db.session.execute(text("UPDATE scheduled_job SET status = 'done' WHERE id = :id"),
                       {"id": job_id})
