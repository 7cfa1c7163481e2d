"""The e-mails the shop sent (CGV 13), with their attachments: the list at /staff/outbox (the
development outbox grew into the archive), one message, and the partial listing an order's
or a customer's messages (`templates/staff/_messages.html`)."""

from urllib.parse import quote

from flask import Response, abort, render_template
from flask_babel import lazy_gettext as _l

from shop.accounts.models import User
from shop.extensions import db
from shop.notifications.archive import latest_messages, messages_for_order, messages_for_user
from shop.notifications.models import MailAttachment, MailMessage
from shop.orders.models import Order
from shop.staff import bp
from shop.storage import FileMissing

PAGE_SIZE = 50
STATUS_LABELS = {
    "queued": _l("En attente d'envoi"),
    "sent": _l("Envoyé"),
    "failed": _l("Échec d'envoi"),
    "outbox": _l("Gardé en développement (non envoyé)"),
}


@bp.context_processor
def message_helpers() -> dict:
    """What `staff/_messages.html` needs on any staff page: {% with messages =
    messages_for_order(order.id) %}{% include "staff/_messages.html" %}{% endwith %}."""
    return {"messages_for_order": messages_for_order, "messages_for_user": messages_for_user,
            "mail_status_labels": STATUS_LABELS}


@bp.get("/outbox")
def outbox():
    """The latest e-mails sent, whatever the mail backend."""
    return render_template("staff/outbox.html", messages=latest_messages(PAGE_SIZE))


@bp.get("/outbox/<int:message_id>")
def outbox_message(message_id: int):
    """One e-mail: headers, delivery, what it concerns, text body and attachments."""
    message = db.session.get(MailMessage, message_id) or abort(404)
    order = db.session.get(Order, message.order_id) if message.order_id else None
    customer = db.session.get(User, message.user_id) if message.user_id else None
    return render_template("staff/outbox_message.html", message=message, order=order,
                           customer=customer)


@bp.get("/outbox/<int:message_id>/html")
def outbox_message_html(message_id: int):
    """The HTML body on its own, sandboxed (no scripts, no same-origin access), with its
    inlined styles, as the customer's mail client shows it."""
    message = db.session.get(MailMessage, message_id) or abort(404)
    response = Response(message.html_body, mimetype="text/html")
    response.headers["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    return response


@bp.get("/outbox/attachments/<int:attachment_id>")
def outbox_attachment(attachment_id: int):
    """Download one attachment, read from the private storage (staff only)."""
    attachment = db.session.get(MailAttachment, attachment_id) or abort(404)
    try:
        content = attachment.content
    except FileMissing:
        abort(404)
    return Response(content, mimetype=attachment.mimetype, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(attachment.filename)}",
        "X-Content-Type-Options": "nosniff",
    })
