"""Staff home: due, running, stuck and failed jobs with their age and error; retry a failure."""

from datetime import timedelta

from sqlalchemy import text

from shop.db import utcnow
from shop.jobs import schedule
from shop.jobs.models import ScheduledJob
from tests.account_factories import log_in
from tests.conftest import csrf_token_from, visible_text
from tests.fakes import job_tasks
from tests.fakes.job_tasks import always_fail, effects, record


def test_staff_see_stuck_and_failed_jobs_and_retry_a_failed_one(client, db, staff_user):
    db.session.execute(text(job_tasks.CREATE))
    now = utcnow()
    failed = schedule(record, now, "again")
    failed.status, failed.attempts, failed.last_error = "failed", 5, "SMTPServerDisconnected: x"
    failed.created_at = now - timedelta(hours=3)
    stuck = schedule(always_fail, now)
    stuck.status, stuck.claimed_at = "running", now - timedelta(hours=1)
    schedule(record, now + timedelta(days=1), "tomorrow")
    db.session.commit()
    try:
        log_in(client, staff_user.email)
        page = client.get("/staff/")
        text_seen = visible_text(page.get_data(as_text=True))
        assert "Bloquées (bail expiré): 1" in text_seen
        assert "En échec définitif: 1" in text_seen
        assert "Planifiées plus tard: 1" in text_seen
        assert "SMTPServerDisconnected: x" in text_seen and "3 h" in text_seen
        token = csrf_token_from(page.get_data(as_text=True))
        assert client.post(f"/staff/jobs/{failed.id}/retry").status_code == 400  # no token
        db.session.refresh(failed)
        assert failed.status == "failed"
        response = client.post(f"/staff/jobs/{failed.id}/retry", data={"csrf_token": token},
                                follow_redirects=True)
        assert f"Tâche n° {failed.id} relancée" in response.get_data(as_text=True)
        db.session.expire_all()
        assert db.session.get(ScheduledJob, failed.id).status == "done"
        assert effects() == ["again"]
        again = client.post(f"/staff/jobs/{stuck.id}/retry", data={"csrf_token": token},
                            follow_redirects=True)
        assert "n'est pas en échec" in visible_text(again.get_data(as_text=True))
    finally:
        db.session.rollback()
        db.session.execute(text("DROP TABLE job_effect"))
        db.session.commit()


def test_customers_cannot_retry_jobs(client, db, customer):
    log_in(client, customer.email)
    token = csrf_token_from(client.get("/compte/").get_data(as_text=True))
    assert client.post("/staff/jobs/1/retry", data={"csrf_token": token}).status_code == 403
