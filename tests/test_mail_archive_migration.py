"""The archive migration keeps every message of the development outbox (CGV 13): rows,
ids and attachments survive, the files moving into the storage by hash."""

import hashlib

import flask_migrate
from sqlalchemy import text

from shop import create_app
from shop.config import TestConfig
from tests.test_migrations import _fresh_database_url

BEFORE = "cd1c0f43d657"  # the revision before the mail archive
PDF = b"%PDF-1.4 an old recap"


def test_outbox_messages_and_attachments_survive_the_migration(tmp_path):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = _fresh_database_url(tmp_path, "mail_migration")
    config.STORAGE_DIR = str(tmp_path / "private")
    app = create_app(config)
    with app.app_context():
        from shop.extensions import db

        flask_migrate.upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO user_account (id, email, password_hash, first_name, last_name, "
                "customer_type, role, payment_dispute_open, marketing_consent, is_active, "
                "session_token, created_at) VALUES (7, 'lea@example.com', 'x', 'L', 'M', "
                "'consumer', 'customer', false, false, true, 't', '2026-11-01 10:00:00+00')"))
            for id_, to in ((4, '["LEA@example.com"]'), (9, '["nobody@example.com"]')):
                conn.execute(text(
                    "INSERT INTO outbox_message (id, sender, recipients, subject, text_body, "
                    "html_body, created_at) VALUES (:id, 'PRONUTRI <commande@pronutri.com>', "
                    ":to, :subject, 'texte', '<p>html</p>', '2026-11-02 09:00:00+00')"),
                    {"id": id_, "to": to, "subject": f"Message {id_}"})
            for id_, message_id in ((3, 4), (5, 9)):
                conn.execute(text(
                    "INSERT INTO outbox_attachment (id, message_id, filename, mimetype, content)"
                    " VALUES (:id, :message_id, 'recap.pdf', 'application/pdf', :content)"),
                    {"id": id_, "message_id": message_id, "content": PDF})
        flask_migrate.upgrade()

        from shop.notifications import send_email
        from shop.notifications.models import MailMessage
        from shop.storage import storage

        messages = db.session.query(MailMessage).order_by(MailMessage.id).all()
        assert [(m.id, m.subject, m.status, m.user_id) for m in messages] == [
            (4, "Message 4", "outbox", 7), (9, "Message 9", "outbox", None)]
        assert messages[0].text_body == "texte" and messages[0].created_at.day == 2
        keys = {a.id: a.storage_key for m in messages for a in m.attachments}
        assert set(keys) == {3, 5} and len(set(keys.values())) == 1  # one file for both
        assert keys[3].endswith(hashlib.sha256(PDF).hexdigest())
        assert storage().get(keys[3]) == PDF
        new = send_email("lea@example.com", "Après", "password_changed",
                         context={"user": messages[0]})  # ids go on after the copied ones
        db.session.commit()
        assert new.id == 10
        db.session.remove()
        db.engine.dispose()
