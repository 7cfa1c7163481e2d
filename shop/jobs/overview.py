"""What staff see of the job system: counts by state, and the jobs that need a look."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from shop.extensions import db
from shop.jobs.models import ScheduledJob


@dataclass(frozen=True)
class JobOverview:
    """Counts of due (now), waiting (later), running, stuck and failed jobs, and the rows."""

    due: int
    waiting: int
    running: int
    stuck: int
    failed: int
    attention: list[ScheduledJob]  # failed, stuck, or due with an error, oldest first


def describe_age(age: timedelta) -> str:
    """A job's age for staff: "45 s", "12 min", "3 h", "2 j"."""
    seconds = max(int(age.total_seconds()), 0)
    for unit, size in (("j", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


def job_overview(now: datetime, lease_seconds: int, limit: int = 50) -> JobOverview:
    """The state of deferred work; "stuck" is running past its lease (its worker died)."""
    lease_end = now - timedelta(seconds=lease_seconds)
    stuck_rule = (ScheduledJob.status == "running") & (ScheduledJob.claimed_at <= lease_end)
    late_rule = (ScheduledJob.status == "due") & (ScheduledJob.run_at <= now)
    row = db.session.execute(
        select(
            func.count().filter(late_rule),
            func.count().filter((ScheduledJob.status == "due") & (ScheduledJob.run_at > now)),
            func.count().filter(ScheduledJob.status == "running"),
            func.count().filter(stuck_rule),
            func.count().filter(ScheduledJob.status == "failed"),
        )
    ).one()
    attention = db.session.scalars(
        select(ScheduledJob)
        .where(
            (ScheduledJob.status == "failed")
            | stuck_rule
            | ((ScheduledJob.status == "due") & ScheduledJob.last_error.is_not(None))
        )
        .order_by(ScheduledJob.created_at, ScheduledJob.id)
        .limit(limit)
    ).all()
    return JobOverview(*row, attention=list(attention))
