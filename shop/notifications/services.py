"""Templated e-mails: rendered and archived now, delivered through the job system.

`send_email` renders `templates/email/<template>.txt` and `.html` (French, with the shop's
identity in the footer), archives the message in the caller's transaction (`MailMessage`,
CGV 13) and enqueues `deliver_email` with its id: nothing is sent before that transaction
commits, and a rollback removes the message with the rest. Delivery goes to the development
outbox (MAIL_BACKEND = "outbox": nothing leaves the machine) or to the SMTP server
(MAIL_BACKEND = "smtp", through Flask-Mail). A delivery failure is recorded on the message
and raised in the task, so the job system retries it with backoff; the customer's request
never fails because of it.
"""

import base64
from functools import cache
from typing import NamedTuple

from flask import current_app, render_template

from shop.db import utcnow
from shop.extensions import db
from shop.jobs import enqueue
from shop.notifications.archive import record_message
from shop.notifications.models import FAILED, OUTBOX, SENT, MailMessage
from shop.urls import external_url

BACKENDS = ("outbox", "smtp")



@cache
def _inliner():
    """Mail clients drop <style> and never load a stylesheet: every rule of email/_style.css
    goes into style attributes; only the @media rules (narrow screens) stay in a <style> tag.
    Imported on the first e-mail: a web worker that sends none does not carry its 5 MiB."""
    import css_inline

    return css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


class Attachment(NamedTuple):
    """A file to attach: name, MIME type, content."""

    filename: str
    mimetype: str
    content: bytes


def render_email(template: str, context: dict) -> tuple[str, str]:
    """The plain-text and HTML bodies of `templates/email/<template>`, the HTML with the shop's
    header and look, its CSS inlined."""
    context = {"shop_url": external_url("catalog.home"), **context}
    text = render_template(f"email/{template}.txt", **context)
    html = _inliner().inline(render_template(f"email/{template}.html", **context))
    return text, html


def send_email(
    to: str | list[str],
    subject: str,
    template: str,
    *,
    context: dict,
    attachments: list[Attachment] | None = None,
    order_id: int | None = None,
    user_id: int | None = None,
    unsubscribe_url: str | None = None,
) -> MailMessage:
    """Render a templated French e-mail, archive it and hand it to the job system.

    `order_id` and `user_id` name what the message concerns: staff read it from that order's
    or that customer's page, and it is kept as long as they are (D8, G1). A message about an
    order should name the order's customer too. `unsubscribe_url`, for a message the recipient
    asked to receive (an alert), adds the one-click unsubscribe headers of RFC 8058.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    text, html = render_email(template, {"subject": subject, **context})
    message = record_message(
        recipients, str(subject), text, html, attachments=attachments or (),
        template=template, order_id=order_id, user_id=user_id, unsubscribe_url=unsubscribe_url,
    )
    enqueue(deliver_email, message.id)
    return message


def deliver_email(message_id: int | dict) -> None:
    """Job task: deliver one archived e-mail with the configured backend.

    A message already sent (or kept by the outbox) is not sent again, and a message purged
    since (G1) is not sent at all. The one repeat left is a crash between the SMTP server's
    acceptance and our commit, which sends the same message twice, with the same Message-ID
    (at least once is the right side to err on for a legal acknowledgement).
    """
    if isinstance(message_id, dict):  # a job written before the archive carried the e-mail
        message = _archive_payload(message_id)
    else:
        message = db.session.get(MailMessage, message_id)
    if message is None or message.status in (SENT, OUTBOX):
        return
    backend = current_app.config.get("MAIL_BACKEND", "outbox")
    if backend not in BACKENDS:
        raise ValueError(f"MAIL_BACKEND inconnu : {backend!r}")
    now = utcnow()
    if backend == "outbox":
        message.status = OUTBOX
    else:
        try:
            message.server_reply = _send_smtp(message)
        except Exception as error:
            _record_failure(message.id, error)
            raise
        message.status, message.sent_at = SENT, utcnow()
    message.attempts, message.last_attempt_at = message.attempts + 1, now


def _record_failure(message_id: int, error: Exception) -> None:
    """Note the failure on the message and commit it: the job runner rolls the task's
    transaction back when it raises, which would erase the note, and staff must see why a
    message has not left. The job itself records the same error and retries."""
    db.session.rollback()
    message = db.session.get(MailMessage, message_id)
    if message is None:
        return
    message.status, message.error = FAILED, f"{type(error).__name__}: {error}"[:2000]
    message.attempts, message.last_attempt_at = message.attempts + 1, utcnow()
    db.session.commit()


def _archive_payload(payload: dict) -> MailMessage:
    """Archive the e-mail a job of the previous format carried in its arguments."""
    return record_message(
        payload["recipients"], payload["subject"], payload["text"], payload["html"],
        attachments=[(n, m, base64.b64decode(c)) for n, m, c in payload.get("attachments", [])],
    )


def _send_smtp(message: MailMessage) -> str:
    """Send through MAIL_SERVER; the server's reply to DATA (its id of the message).

    Flask-Mail (and smtplib, the e-mail generator) are imported here, by the job that delivers:
    a web request only archives the message and enqueues its delivery, so a web worker does
    not carry them (0.8 MiB)."""
    from flask_mail import Mail, Message

    from shop.notifications.smtp import ReplyKeepingConnection

    # The settings are read at each delivery (not frozen at start-up) and never suppressed:
    # MAIL_BACKEND alone decides whether mail leaves the machine.
    state = Mail().init_app(current_app)
    state.suppress = False
    outgoing = Message(
        subject=message.subject, recipients=list(message.recipients),
        body=message.text_body, html=message.html_body,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    outgoing.msgId = message.message_id
    if message.unsubscribe_url:  # RFC 8058: the mail client POSTs to the link, no page shown
        outgoing.extra_headers = {
            "List-Unsubscribe": f"<{message.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    for attachment in message.attachments:
        outgoing.attach(attachment.filename, attachment.mimetype, attachment.content)
    with ReplyKeepingConnection(state) as connection:
        outgoing.send(connection)
        return connection.server_reply
