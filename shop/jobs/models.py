"""Deferred work stored in the database: due jobs, retries and failures on record."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shop.db import UTCDateTime, utcnow
from shop.extensions import db

JOB_STATUSES = ("due", "running", "done", "failed")


class ScheduledJob(db.Model):
    """One call of a task function (by import path), to run at `run_at`.

    `running` is a lease: past `claimed_at` + JOBS_LEASE_SECONDS the job is due again.
    """

    __table_args__ = (
        CheckConstraint("status IN ('due', 'running', 'done', 'failed')", name="status"),
        Index("ix_scheduled_job_status_run_at", "status", "run_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(200))  # "package.module:function"
    key: Mapped[str | None] = mapped_column(String(200), unique=True)  # "do this once" jobs
    args: Mapped[list] = mapped_column(JSON, default=list)
    kwargs: Mapped[dict] = mapped_column(JSON, default=dict)
    run_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="due")
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=5)
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<ScheduledJob {self.id} {self.task} {self.status}>"
