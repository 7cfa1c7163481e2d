"""The back-office home page, and the retry of a failed job."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from shop.accounts.forms import ActionForm
from shop.billing.queries import refunds_needing_attention
from shop.db import utcnow
from shop.extensions import db
from shop.fulfilment.queries import dashboard, today
from shop.jobs.models import ScheduledJob
from shop.jobs.overview import describe_age, job_overview
from shop.jobs.services import retry_job
from shop.staff import bp


@bp.get("/")
def home():
    """Staff home: counts that open their filtered lists, money owed back, deferred jobs."""
    now = utcnow()
    overview = job_overview(now, current_app.config["JOBS_LEASE_SECONDS"])
    return render_template(
        "staff/home.html", jobs=overview, now=now, age=describe_age, form=ActionForm(),
        owed=refunds_needing_attention(), counts=dashboard(now), today=today(now),
    )


@bp.post("/jobs/<int:job_id>/retry")
def retry(job_id: int):
    """Run a failed job again (after this request's commit)."""
    if not ActionForm().validate_on_submit():
        flash("Formulaire expiré : rechargez la page.", "error")
        return redirect(url_for("staff.home"))
    job = db.session.get(ScheduledJob, job_id)
    if job is None or job.status != "failed":
        flash("Cette tâche n'est pas en échec : rien à relancer.", "error")
        return redirect(url_for("staff.home"))
    retry_job(job, utcnow())
    current_app.logger.info("Job %s retried by %s", job_id, current_user.email)
    db.session.commit()
    flash(f"Tâche n° {job_id} relancée.", "success")
    return redirect(url_for("staff.home"))
