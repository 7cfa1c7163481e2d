"""The job system: a row in the caller's transaction, run after its commit, never stuck."""

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from shop.db import utcnow
from shop.jobs import enqueue, run_due, schedule
from shop.jobs.models import ScheduledJob
from shop.jobs.services import backoff, retry_job, run_job
from tests.fakes import job_tasks
from tests.fakes.job_tasks import (
    always_fail,
    bad_sql,
    effects,
    fail_times,
    record,
    record_and_enqueue,
    record_and_take,
    record_then_fail,
)


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


def test_enqueue_writes_a_row_and_runs_it_only_after_the_commit(db, effect_table):
    enqueue(record, "inline")
    enqueue("tests.fakes.job_tasks:record", "by-path")
    assert effects() == []  # nothing runs inside the caller's transaction
    assert [job.status for job in jobs(db)] == ["due", "due"]
    db.session.commit()
    assert effects() == ["inline", "by-path"]
    assert [job.status for job in jobs(db)] == ["done", "done"]


def test_a_rolled_back_transaction_takes_its_jobs_with_it(db, effect_table):
    enqueue(record, "never")
    db.session.rollback()
    db.session.commit()
    assert effects() == [] and jobs(db) == []


def test_a_savepoint_release_is_not_a_commit(db, effect_table):
    """SQLAlchemy fires after_commit for savepoints too: a job must wait for the outer one."""
    with db.session.begin_nested():
        enqueue(record, "inner")
    assert effects() == []
    db.session.rollback()  # the outer transaction decides: nothing happened
    db.session.commit()
    assert effects() == [] and jobs(db) == []


def test_a_job_of_a_rolled_back_savepoint_is_dropped_and_the_others_run(db, effect_table):
    enqueue(record, "kept")
    try:
        with db.session.begin_nested():
            enqueue(record, "dropped")
            raise RuntimeError
    except RuntimeError:
        pass
    db.session.commit()
    assert effects() == ["kept"]


def test_arguments_must_be_json_ready(db, effect_table):
    with pytest.raises(TypeError, match="JSON"):
        enqueue(record, object())
    assert jobs(db) == []


def test_only_module_level_functions_can_be_tasks(db):
    def local_task():
        pass

    with pytest.raises(ValueError, match="module-level"):
        enqueue(local_task)
    with pytest.raises(ValueError):
        enqueue("tests.fakes.job_tasks:no_such_task")


def test_a_task_that_writes_then_fails_leaves_nothing_and_the_caller_keeps_its_work(
    db, effect_table
):
    """Before: inline tasks ran in the caller's transaction, so the half-write stayed and the
    retry wrote it a second time."""
    db.session.execute(text("INSERT INTO job_effect (key) VALUES ('caller')"))
    enqueue(record_then_fail, "half")
    db.session.commit()  # no exception for the caller
    assert effects() == ["caller"]
    [job] = jobs(db)
    assert (job.status, job.attempts) == ("due", 1)
    assert "échec après écriture" in job.last_error


def test_a_database_error_in_a_task_does_not_poison_the_callers_session(db, effect_table):
    db.session.execute(text("INSERT INTO job_effect (key) VALUES ('caller')"))
    enqueue(bad_sql, "poison")
    db.session.commit()
    # the caller's session still works and its write is committed
    assert effects() == ["caller"]
    db.session.execute(text("INSERT INTO job_effect (key) VALUES ('after')"))
    db.session.commit()
    assert sorted(effects()) == ["after", "caller"]
    [job] = jobs(db)
    assert job.status == "due" and "no_such_table" in job.last_error


def test_an_inline_failure_becomes_a_due_retry(db, effect_table):
    before = utcnow()
    enqueue(fail_times, "flaky", 1)
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


def test_jobs_enqueued_by_a_job_run_after_that_job_commits(db, effect_table):
    enqueue(record_and_enqueue, "first", "second")
    db.session.commit()
    assert effects() == ["first", "second"]


def test_a_keyed_job_is_written_once(db, effect_table):
    first = schedule(record, utcnow(), "once", key="once:1")
    again = schedule(record, utcnow(), "once", key="once:1")
    db.session.commit()
    assert first is not None and again is None
    assert len(jobs(db)) == 1


def test_scheduled_job_runs_once_when_due(db, effect_table):
    run_at = utcnow() + timedelta(hours=2)
    schedule(record, run_at, "later")
    db.session.commit()
    assert effects() == []  # scheduled, not enqueued: it waits for its time
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


def test_a_job_claimed_by_a_live_worker_is_not_taken(db, effect_table):
    job = schedule(record, utcnow(), "taken")
    job.status, job.claimed_by, job.claimed_at = "running", "other-host:1:1", utcnow()
    schedule(record, utcnow(), "free")
    db.session.commit()
    assert run_due(worker="me").claimed == 1
    assert effects() == ["free"]


def test_a_job_stranded_by_a_killed_worker_runs_again_when_its_lease_ends(app, db, effect_table):
    """Before: a run-due killed between claim and finish left its jobs `running` for ever."""
    claimed_at = utcnow() - timedelta(minutes=30)
    job = schedule(record, claimed_at, "stranded")
    job.status, job.claimed_by, job.claimed_at, job.attempts = "running", "dead:1:1", claimed_at, 1
    db.session.commit()
    lease = timedelta(seconds=app.config["JOBS_LEASE_SECONDS"])
    assert run_due(now=claimed_at + lease - timedelta(seconds=1)).claimed == 0  # lease holds
    summary = run_due(now=claimed_at + lease)  # the lease has run out
    assert (summary.claimed, summary.done) == (1, 1)
    assert effects() == ["stranded"]
    db.session.refresh(job)
    assert (job.status, job.attempts) == ("done", 2)


def test_run_job_skips_a_job_already_done(db, effect_table):
    job = enqueue(record, "once")
    db.session.commit()
    assert run_job(job.id) is None  # done: not claimable again
    assert effects() == ["once"]


def test_staff_retry_of_a_failed_job_runs_it_after_the_commit(db, effect_table):
    job = schedule(fail_times, utcnow(), "later", 1)
    job.max_attempts = 1
    db.session.commit()
    assert run_due().failed == 1
    db.session.refresh(job)
    retry_job(job, utcnow())
    assert effects() == []
    db.session.commit()
    db.session.refresh(job)
    assert (job.status, job.attempts) == ("done", 1)
    assert effects() == ["later"]
    with pytest.raises(ValueError, match="^Seule une tâche en échec peut être relancée.$"):
        retry_job(job, utcnow())


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


def test_dispatch_is_installed_once_on_a_session_factory():
    from sqlalchemy.orm import Session, sessionmaker

    from shop.jobs.services import _after_transaction, _note_commit, install_dispatch

    factory = sessionmaker(class_=type("FreshSession", (Session,), {}))
    install_dispatch(factory)
    install_dispatch(factory)  # a second app on the same factory: still one listener each
    session = factory()
    assert list(session.dispatch.after_commit).count(_note_commit) == 1
    assert list(session.dispatch.after_transaction_end).count(_after_transaction) == 1


def test_a_failure_is_recorded_with_its_type_and_logged(db, effect_table, caplog):
    job = schedule(always_fail, utcnow())
    job.max_attempts = 1
    db.session.commit()
    run_due()
    db.session.refresh(job)
    assert job.last_error == "RuntimeError: toujours en échec"
    assert f"Job {job.id} (tests.fakes.job_tasks:always_fail) failed for good: " \
           "RuntimeError: toujours en échec" in caplog.text


def test_retries_follow_the_configured_base_and_errors_are_cut(app, db, effect_table):
    from tests.fakes.job_tasks import fail_at_length

    app.config["JOBS_RETRY_BASE_SECONDS"] = 10
    try:
        now = utcnow() + timedelta(hours=1)  # the run's clock, ahead of the real time
        job = schedule(fail_at_length, now)
        db.session.commit()
        run_due(now=now)
        db.session.refresh(job)
        assert job.run_at - now == timedelta(seconds=10)
        assert len(job.last_error) == 4000 and job.last_error.startswith("RuntimeError: xxx")
    finally:
        app.config["JOBS_RETRY_BASE_SECONDS"] = 60


def test_one_pass_runs_the_oldest_due_jobs_up_to_its_limit_and_counts_each_outcome(
        db, effect_table):
    """Jobs scheduled newest first, so that the oldest are not the lowest ids; one job fails
    for good, one is retried later; the pass stops at its limit and names its worker."""
    start = utcnow() - timedelta(hours=1)
    for number in range(14, -1, -1):
        schedule(record, start + timedelta(minutes=number), f"job{number:02}")
    flaky = schedule(fail_times, start - timedelta(minutes=2), "flaky", 1)
    broken = schedule(always_fail, start - timedelta(minutes=1))
    broken.max_attempts = 1
    db.session.commit()
    summary = run_due(worker="dispatch:1", limit=12)
    assert (summary.claimed, summary.done, summary.retried, summary.failed) == (12, 10, 1, 1)
    assert effects() == [f"job{number:02}" for number in range(10)]  # oldest first
    done = db.session.scalars(select(ScheduledJob).where(ScheduledJob.status == "done")).all()
    assert {(job.claimed_by, job.attempts) for job in done} == {("dispatch:1", 1)}
    assert all(job.claimed_at is not None for job in done)
    db.session.refresh(flaky)
    assert flaky.status == "due" and flaky.run_at > utcnow()
    assert run_due().claimed == 5  # the rest; the retry is not due yet


def test_a_pass_claims_at_most_fifty_jobs_by_default(db, effect_table):
    for number in range(52):
        schedule(record, utcnow() - timedelta(seconds=number), f"j{number}")
    db.session.commit()
    assert run_due().claimed == 50
    assert run_due().claimed == 2


def test_a_job_taken_meanwhile_is_skipped_and_the_rest_of_its_batch_still_runs(db,
                                                                               effect_table):
    start = utcnow() - timedelta(minutes=10)
    taken = schedule(record, start + timedelta(minutes=1), "taken")
    db.session.flush()
    schedule(record_and_take, start, "first", taken.id)
    schedule(record, start + timedelta(minutes=2), "last")
    db.session.commit()
    summary = run_due()
    assert (summary.claimed, summary.done) == (2, 2)
    assert effects() == ["first", "last"]


def test_a_jobs_keyword_arguments_reach_its_task(db, effect_table):
    job = enqueue(fail_times, "by-keyword", times=0)
    db.session.commit()
    assert job.kwargs == {"times": 0}
    db.session.refresh(job)
    assert job.status == "done" and effects() == ["by-keyword"]


def test_a_keyword_argument_a_job_row_cannot_carry_is_refused(db):
    with pytest.raises(TypeError, match="JSON-serialisable"):
        enqueue(record, "x", pause=object())
    assert jobs(db) == []
