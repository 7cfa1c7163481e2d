"""E-mail: rendered in French with the shop's identity, delivered by SMTP or to the outbox."""

from datetime import timedelta

from sqlalchemy import select

from shop.db import utcnow
from shop.jobs import run_due
from shop.jobs.models import ScheduledJob
from shop.notifications import Attachment, send_email
from shop.notifications.models import MailMessage
from tests.fakes.smtp import SMTPServer, free_port

PDF = b"%PDF-1.4 fake recap"


def _send(to="lea@example.com", attachments=None):
    user = type("U", (), {"first_name": "Léa", "email": "lea@example.com"})()
    send_email(to, "Réinitialisation", "password_reset",
               context={"user": user, "link": "https://shop.example/x", "valid_minutes": 60},
               attachments=attachments)


def test_smtp_delivery_has_text_html_footer_and_attachments(db, mail_via_smtp, app):
    _send(to=["lea@example.com", "copie@example.com"],
          attachments=[Attachment("récapitulatif.pdf", "application/pdf", PDF)])
    assert mail_via_smtp.messages == []  # nothing leaves before the caller commits
    db.session.commit()
    [mail] = mail_via_smtp.messages
    assert sorted(mail.rcpt_tos) == ["copie@example.com", "lea@example.com"]
    assert mail.subject == "Réinitialisation"
    assert "commande@pronutri.com" in mail.message["From"]
    for body in (mail.text, mail.html):
        assert "Bonjour Léa" in body
        assert "https://shop.example/x" in body
        assert app.config["SELLER"]["rcs"] in body
        assert app.config["SELLER"]["phone"] in body
    assert mail.attachments == [("récapitulatif.pdf", "application/pdf", PDF)]


def test_outbox_backend_keeps_the_message_and_sends_nothing(db, smtp_server):
    _send(attachments=[Attachment("cgv.pdf", "application/pdf", PDF)])
    db.session.commit()
    [message] = db.session.scalars(select(MailMessage)).all()
    assert message.recipients == ["lea@example.com"]
    assert "Bonjour Léa" in message.text_body and "<a href" in message.html_body
    assert [(a.filename, a.content) for a in message.attachments] == [("cgv.pdf", PDF)]
    assert smtp_server.messages == []


def test_smtp_down_is_recorded_and_retried_not_raised(app, db):
    port = free_port()  # nobody listens here yet
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        _send()  # the customer's request does not fail
        db.session.commit()
        [job] = db.session.scalars(select(ScheduledJob)).all()
        assert (job.task, job.status, job.attempts) == (
            "shop.notifications.services:deliver_email", "due", 1,
        )
        assert "Connection" in job.last_error or "refused" in job.last_error
        server = SMTPServer(port=port)  # the server comes back
        server.start()
        try:
            summary = run_due(now=utcnow() + timedelta(minutes=2))
            assert summary.done == 1
            assert [m.subject for m in server.messages] == ["Réinitialisation"]
        finally:
            server.stop()
    finally:
        app.config.update(MAIL_BACKEND="outbox", MAIL_SERVER="localhost", MAIL_PORT=25)
    db.session.refresh(job)
    assert job.status == "done"
