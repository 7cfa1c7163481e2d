"""The development outbox: e-mails the shop would have sent, with their attachments."""

from flask import Response, abort, render_template
from sqlalchemy import select

from shop.extensions import db
from shop.notifications.models import OutboxAttachment, OutboxMessage
from shop.staff import bp

PAGE_SIZE = 50


@bp.get("/outbox")
def outbox():
    """The latest messages of the development outbox."""
    messages = db.session.scalars(
        select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(PAGE_SIZE)
    ).all()
    return render_template("staff/outbox.html", messages=messages)


@bp.get("/outbox/<int:message_id>")
def outbox_message(message_id: int):
    """One outbox message: headers, text body and attachments."""
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    return render_template("staff/outbox_message.html", message=message)


@bp.get("/outbox/<int:message_id>/html")
def outbox_message_html(message_id: int):
    """The HTML body on its own, sandboxed (no scripts, no same-origin access)."""
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    response = Response(message.html_body, mimetype="text/html")
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src data:"
    return response


@bp.get("/outbox/attachments/<int:attachment_id>")
def outbox_attachment(attachment_id: int):
    """Download one attachment of an outbox message."""
    attachment = db.session.get(OutboxAttachment, attachment_id) or abort(404)
    return Response(
        attachment.content,
        mimetype=attachment.mimetype,
        headers={"Content-Disposition": _disposition(attachment.filename)},
    )


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(filename)}"
