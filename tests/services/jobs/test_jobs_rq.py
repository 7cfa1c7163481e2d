"""With REDIS_URL set, enqueue puts the call on an RQ queue that `flask jobs worker` runs."""

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import select, text

from shop.jobs import enqueue, run_due
from shop.jobs.models import ScheduledJob
from shop.jobs.queue import get_queue, work
from tests.fakes import job_tasks
from tests.fakes.job_tasks import effects, fail_times, record

REDIS_URL = "redis://127.0.0.1:6379/5"  # a database of its own, flushed by these tests only


@pytest.fixture()
def redis_app(app, db):
    redis = Redis.from_url(REDIS_URL)
    try:
        redis.ping()
    except RedisConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    redis.flushdb()
    app.config["REDIS_URL"] = REDIS_URL
    db.session.execute(text(job_tasks.CREATE))
    db.session.commit()
    yield app
    app.config["REDIS_URL"] = None
    app.extensions.pop("shop_jobs_redis", None)
    redis.flushdb()
    db.session.rollback()
    db.session.execute(text("DROP TABLE job_effect"))
    db.session.commit()
    job_tasks._failures.clear()


def test_enqueue_goes_to_the_queue_once_the_transaction_commits(redis_app, db):
    db.session.execute(text("SELECT 1"))  # a transaction is open, as in a request
    job = enqueue(record, "queued")
    assert effects() == []  # not run inline
    assert get_queue().count == 0  # a worker must not see it before the commit
    db.session.commit()
    assert get_queue().count == 1
    work(burst=True)
    assert effects() == ["queued"]
    assert get_queue().count == 0
    db.session.refresh(job)
    assert job.status == "done"


def test_a_released_savepoint_pushes_nothing_before_the_outer_commit(redis_app, db):
    """Before: after_commit also fires for savepoints, so the job was queued too early and
    survived the outer rollback."""
    with db.session.begin_nested():
        enqueue(record, "early")
    assert get_queue().count == 0
    db.session.rollback()
    db.session.commit()
    assert get_queue().count == 0
    work(burst=True)
    assert effects() == []


def test_a_rolled_back_savepoint_does_not_drop_the_other_jobs(redis_app, db):
    """Before: a later savepoint's rollback dropped every pending push."""
    enqueue(record, "kept")
    try:
        with db.session.begin_nested():
            enqueue(record, "dropped")
            raise RuntimeError
    except RuntimeError:
        pass
    db.session.commit()
    work(burst=True)
    assert effects() == ["kept"]


def test_a_queued_failure_becomes_a_due_retry(redis_app, db):
    enqueue(fail_times, "flaky", 1)
    db.session.commit()
    work(burst=True)
    [job] = db.session.scalars(select(ScheduledJob)).all()
    assert (job.task, job.status, job.attempts) == ("tests.fakes.job_tasks:fail_times", "due", 1)
    assert effects() == []


def test_a_rolled_back_transaction_queues_nothing(redis_app, db):
    db.session.execute(text("SELECT 1"))
    enqueue(record, "never")
    db.session.rollback()
    db.session.commit()
    assert get_queue().count == 0


def test_a_job_never_pushed_is_run_by_run_due(redis_app, db):
    """A crash (here: Redis unreachable) between the commit and the push loses nothing."""
    redis_app.extensions["shop_jobs_redis"] = Redis.from_url("redis://127.0.0.1:1/0")
    enqueue(record, "unpushed")
    db.session.commit()  # the push fails, the caller does not
    redis_app.extensions.pop("shop_jobs_redis")
    assert effects() == []
    assert run_due().done == 1
    assert effects() == ["unpushed"]


def test_a_job_run_by_run_due_is_skipped_by_the_worker(redis_app, db):
    enqueue(record, "once")
    db.session.commit()
    assert run_due().done == 1
    work(burst=True)  # the queued id finds the job done
    assert effects() == ["once"]
