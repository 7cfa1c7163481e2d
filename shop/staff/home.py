"""The back-office home page."""

from flask import render_template
from sqlalchemy import func, select

from shop.extensions import db
from shop.jobs.models import ScheduledJob
from shop.staff import bp


@bp.get("/")
def home():
    """Staff home: links to the areas and the state of deferred jobs."""
    counts = dict(
        db.session.execute(
            select(ScheduledJob.status, func.count()).group_by(ScheduledJob.status)
        ).all()
    )
    failed_jobs = db.session.scalars(
        select(ScheduledJob)
        .where(ScheduledJob.status == "failed")
        .order_by(ScheduledJob.id.desc())
        .limit(20)
    ).all()
    return render_template("staff/home.html", job_counts=counts, failed_jobs=failed_jobs)
