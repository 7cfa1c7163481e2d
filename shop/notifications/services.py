"""Templated e-mails: rendered now, delivered through the job system.

`send_email` renders `templates/email/<template>.txt` and `.html` (French, with the shop's
identity in the footer) and enqueues `deliver_email` with a JSON payload. Delivery goes to
the development outbox (MAIL_BACKEND = "outbox") or to the SMTP server (MAIL_BACKEND =
"smtp", through Flask-Mail). A delivery failure raises in the task, so the job system
records it and retries it with backoff; the customer's request never fails because of it.
"""

import base64
from typing import NamedTuple

from flask import current_app, render_template
from flask_mail import Connection, Message

from shop.extensions import db, mail
from shop.jobs import enqueue
from shop.notifications.models import OutboxAttachment, OutboxMessage

BACKENDS = ("outbox", "smtp")


class Attachment(NamedTuple):
    """A file to attach: name, MIME type, content."""

    filename: str
    mimetype: str
    content: bytes


def render_email(template: str, context: dict) -> tuple[str, str]:
    """The plain-text and HTML bodies of `templates/email/<template>`."""
    text = render_template(f"email/{template}.txt", **context)
    html = render_template(f"email/{template}.html", **context)
    return text, html


def send_email(
    to: str | list[str],
    subject: str,
    template: str,
    *,
    context: dict,
    attachments: list[Attachment] | None = None,
) -> None:
    """Render a templated French e-mail and hand it to the job system for delivery."""
    recipients = [to] if isinstance(to, str) else list(to)
    text, html = render_email(template, {"subject": subject, **context})
    payload = {
        "recipients": recipients,
        "subject": str(subject),
        "text": text,
        "html": html,
        "attachments": [
            [a.filename, a.mimetype, base64.b64encode(a.content).decode("ascii")]
            for a in attachments or []
        ],
    }
    enqueue(deliver_email, payload)


def _sender() -> str:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    if isinstance(sender, (tuple, list)):
        return f"{sender[0]} <{sender[1]}>"
    return sender


def deliver_email(payload: dict) -> None:
    """Job task: deliver one rendered e-mail with the configured backend.

    Once the job is marked done it never runs again; the only repeat is a crash between the
    SMTP server's acceptance and our commit, which sends the same message twice (at least
    once is the right side to err on for a legal acknowledgement).
    """
    backend = current_app.config.get("MAIL_BACKEND", "outbox")
    files = [(n, m, base64.b64decode(c)) for n, m, c in payload.get("attachments", [])]
    if backend == "outbox":
        _store_in_outbox(payload, files)
    elif backend == "smtp":
        _send_smtp(payload, files)
    else:
        raise ValueError(f"MAIL_BACKEND inconnu : {backend!r}")


def _store_in_outbox(payload: dict, files: list[tuple[str, str, bytes]]) -> None:
    message = OutboxMessage(
        sender=_sender(), recipients=payload["recipients"], subject=payload["subject"],
        text_body=payload["text"], html_body=payload["html"],
    )
    message.attachments = [
        OutboxAttachment(filename=n, mimetype=m, content=c) for n, m, c in files
    ]
    db.session.add(message)
    db.session.flush()


def _send_smtp(payload: dict, files: list[tuple[str, str, bytes]]) -> None:
    message = Message(
        subject=payload["subject"], recipients=payload["recipients"],
        body=payload["text"], html=payload["html"],
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    for filename, mimetype, content in files:
        message.attach(filename, mimetype, content)
    # The settings are read at each delivery (not frozen at start-up) and never suppressed:
    # MAIL_BACKEND alone decides whether mail leaves the machine.
    state = mail.init_mail(current_app.config, current_app.debug, testing=False)
    state.suppress = False
    with Connection(state) as connection:
        message.send(connection)
