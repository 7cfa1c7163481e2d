"""Proof of communications (CGV 13): every e-mail the shop sends is archived, whatever the
mail backend, with what it concerns, its attachments (stored once, by hash, through the
storage interface) and how its delivery went; retention follows G1 and D8."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shop.db import utcnow
from shop.jobs import enqueue, run_due
from shop.notifications import Attachment, send_email
from shop.notifications.archive import messages_for_order, messages_for_user
from shop.notifications.models import MailAttachment, MailMessage
from shop.storage import storage
from tests.account_factories import make_user
from tests.checkout_factories import dev_verdict, order_request
from tests.fakes.smtp import SMTPServer, free_port

PDF = b"%PDF-1.4 the CGV, identical for everyone"


@pytest.fixture(params=["local", "s3"])
def files_in(request, app):
    """The archive's attachments in the private directory, then in an S3 bucket."""
    if request.param == "s3":
        request.getfixturevalue("storage_on_s3")
    return request.param


def _send(user_id=None, order_id=None, attachments=(), to="lea@example.com", subject="Objet"):
    user = type("U", (), {"first_name": "Léa", "email": to})()
    return send_email(to, subject, "password_reset",
                      context={"user": user, "link": "https://shop.example/x",
                               "valid_minutes": 60},
                      attachments=list(attachments), user_id=user_id, order_id=order_id)


def test_cgv13_an_email_sent_by_smtp_is_archived_with_the_servers_reply(
    db, mail_via_smtp, files_in
):
    customer = make_user(db)
    message = _send(user_id=customer.id,
                    attachments=[Attachment("cgv.pdf", "application/pdf", PDF)])
    assert message.status == "queued" and mail_via_smtp.messages == []
    db.session.commit()
    [received] = mail_via_smtp.messages
    db.session.expire_all()
    [archived] = messages_for_user(customer.id)
    assert archived.status == "sent" and archived.sent_at is not None
    assert archived.server_reply.startswith("250")
    assert received.message["Message-ID"] == archived.message_id
    assert archived.recipients == ["lea@example.com"] and archived.subject == "Objet"
    assert "Bonjour Léa" in archived.text_body and "<a href" in archived.html_body
    [attachment] = archived.attachments
    assert (attachment.filename, attachment.size) == ("cgv.pdf", len(PDF))
    assert storage().get(attachment.storage_key) == PDF == received.attachments[0][2]


def test_cgv13_an_attachment_sent_many_times_is_stored_once(db, files_in):
    keys = {_send(attachments=[Attachment(f"cgv-{n}.pdf", "application/pdf", PDF)])
            .attachments[0].storage_key for n in range(3)}
    db.session.commit()
    assert len(keys) == 1
    [key] = keys
    assert key.endswith("/sha256/" + __import__("hashlib").sha256(PDF).hexdigest())
    assert db.session.scalar(select(func.count()).select_from(MailAttachment)) == 3


def test_a_decision_rolled_back_archives_nothing_and_sends_nothing(db, mail_via_smtp):
    _send()
    db.session.rollback()
    assert db.session.scalars(select(MailMessage)).all() == []
    assert mail_via_smtp.messages == []


def test_the_development_outbox_keeps_the_message_as_not_sent(db, smtp_server):
    _send()
    db.session.commit()
    [message] = db.session.scalars(select(MailMessage)).all()
    assert message.status == "outbox" and message.sent_at is None
    assert smtp_server.messages == []


def test_cgv13_a_failed_delivery_shows_its_error_until_the_server_takes_it(app, db):
    port = free_port()  # nobody listens here yet
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        message_id = _send().id
        db.session.commit()
        db.session.expire_all()
        message = db.session.get(MailMessage, message_id)
        assert (message.status, message.attempts) == ("failed", 1)
        assert "Connection" in message.error or "refused" in message.error
        server = SMTPServer(port=port)
        server.start()
        try:
            assert run_due(now=utcnow() + timedelta(minutes=2)).done == 1
            assert len(server.messages) == 1
        finally:
            server.stop()
    finally:
        app.config.update(MAIL_BACKEND="outbox", MAIL_SERVER="localhost", MAIL_PORT=25)
    db.session.expire_all()
    message = db.session.get(MailMessage, message_id)
    assert (message.status, message.attempts) == ("sent", 2)
    assert message.server_reply.startswith("250")


def test_a_message_already_sent_is_not_sent_again(db, mail_via_smtp):
    from shop.notifications import deliver_email

    message = _send()
    db.session.commit()
    deliver_email(message.id)  # a job run twice (its lease ran out)
    db.session.commit()
    assert len(mail_via_smtp.messages) == 1


def test_a_delivery_job_written_before_the_archive_is_archived_and_sent(db, mail_via_smtp):
    """Jobs queued before the upgrade carried the whole e-mail in their arguments."""
    import base64

    enqueue("shop.notifications.services:deliver_email", {
        "recipients": ["lea@example.com"], "subject": "Ancien format", "text": "t",
        "html": "<p>h</p>",
        "attachments": [["a.pdf", "application/pdf", base64.b64encode(PDF).decode()]],
    })
    db.session.commit()
    [received] = mail_via_smtp.messages
    assert received.subject == "Ancien format"
    [message] = db.session.scalars(select(MailMessage)).all()
    assert message.status == "sent" and message.attachments[0].content == PDF


def test_the_order_confirmation_is_archived_with_its_order_and_customer(
    db, shop_ready, product_factory
):
    from shop.checkout.services import place_order

    customer = make_user(db)
    order = place_order(customer, order_request([(product_factory(on_hand=5), 1)]),
                        actor="test", now=utcnow())
    db.session.commit()
    dev_verdict(order)
    db.session.commit()
    [message] = messages_for_order(order.id)
    assert order.reference in message.subject and message.user_id == customer.id
    assert [a.filename for a in message.attachments][0] == f"commande-{order.reference}.pdf"
    assert message in messages_for_user(customer.id)
