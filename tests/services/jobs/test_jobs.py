"""The job system: inline runs, scheduled runs, retries with backoff, failures on record."""

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from shop.db import utcnow
from shop.jobs import enqueue, run_due, schedule
from shop.jobs.models import ScheduledJob
from shop.jobs.services import backoff
from tests.fakes import job_tasks
from tests.fakes.job_tasks import always_fail, effects, fail_times, record, record_then_fail


@pytest.fixture()
def effect_table(db):
    """The `job_effect` table where test tasks leave their mark."""
    db.session.execute(text(job_tasks.CREATE))
    db.session.commit()
    yield
    db.session.rollback()
    db.session.execute(text("DROP TABLE job_effect"))
    db.session.commit()
    job_tasks._failures.clear()


def jobs(db) -> list[ScheduledJob]:
    return list(db.session.scalars(select(ScheduledJob).order_by(ScheduledJob.id)))


def test_enqueue_runs_inline_by_default(db, effect_table):
    enqueue(record, "inline")
    enqueue("tests.fakes.job_tasks:record", "by-path")
    assert effects() == ["inline", "by-path"]
    assert jobs(db) == []


def test_arguments_must_be_json_ready_even_inline(db, effect_table):
    with pytest.raises(TypeError, match="JSON"):
        enqueue(record, object())
    assert effects() == []


def test_only_module_level_functions_can_be_tasks(db):
    def local_task():
        pass

    with pytest.raises(ValueError, match="module-level"):
        enqueue(local_task)
    with pytest.raises(ValueError):
        enqueue("tests.fakes.job_tasks:no_such_task")


def test_an_inline_failure_never_raises_and_becomes_a_due_retry(db, effect_table):
    before = utcnow()
    enqueue(fail_times, "flaky", 1)  # no exception for the caller
    db.session.commit()
    [job] = jobs(db)
    assert (job.task, job.args, job.status, job.attempts) == (
        "tests.fakes.job_tasks:fail_times", ["flaky", 1], "due", 1,
    )
    assert "échec simulé" in job.last_error
    assert job.run_at >= before + timedelta(seconds=60)
    assert run_due(now=before).claimed == 0  # not due yet
    summary = run_due(now=job.run_at)
    assert (summary.claimed, summary.done) == (1, 1)
    assert effects() == ["flaky"]
    db.session.refresh(job)
    assert (job.status, job.attempts, job.last_error) == ("done", 2, None)


def test_scheduled_job_runs_once_when_due(db, effect_table):
    run_at = utcnow() + timedelta(hours=2)
    schedule(record, run_at, "later")
    db.session.commit()
    assert run_due().claimed == 0
    assert run_due(now=run_at).done == 1
    assert run_due(now=run_at + timedelta(hours=1)).claimed == 0
    assert effects() == ["later"]
    [job] = jobs(db)
    assert job.status == "done" and job.finished_at is not None and job.claimed_by


def test_failures_are_retried_with_backoff_then_marked_failed(app, db, effect_table):
    now = utcnow() + timedelta(hours=1)  # the run's clock, ahead of the real time
    job = schedule(always_fail, now)
    job.max_attempts = 3
    db.session.commit()
    delays = []
    for _attempt in range(3):
        run_due(now=now)
        db.session.refresh(job)
        delays.append(job.run_at - now)
        now = job.run_at
    assert delays[:2] == [timedelta(seconds=60), timedelta(seconds=120)]
    assert (job.status, job.attempts) == ("failed", 3)
    assert "toujours en échec" in job.last_error
    assert run_due(now=now + timedelta(days=1)).claimed == 0


def test_a_failed_job_leaves_no_partial_effects(db, effect_table):
    schedule(record_then_fail, utcnow(), "half")
    db.session.commit()
    summary = run_due()
    assert (summary.claimed, summary.retried) == (1, 1)
    assert effects() == []


def test_a_job_claimed_by_another_worker_is_not_taken(db, effect_table):
    job = schedule(record, utcnow(), "taken")
    job.status, job.claimed_by = "running", "other-host:1:1"
    schedule(record, utcnow(), "free")
    db.session.commit()
    assert run_due(worker="me").claimed == 1
    assert effects() == ["free"]


def test_backoff_doubles_and_is_capped():
    assert [backoff(n, 60).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert backoff(30, 60) == timedelta(hours=6)


def test_run_due_command(app, db, effect_table):
    schedule(record, utcnow(), "cli")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["jobs", "run-due"])
    assert result.exit_code == 0, result.output
    assert "1 tâche(s) prise(s) : 1 terminée(s)" in result.output
    db.session.rollback()
    assert effects() == ["cli"]


def test_worker_command_needs_redis(app, db):
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code != 0
    assert "REDIS_URL" in result.output
