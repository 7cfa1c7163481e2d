"""The order confirmation on a durable medium (A7, A8): an e-mail with three PDFs.

Sent once, when the provider's payment verdict marks the order paid: the order recap, the
CGV version the customer accepted (not the one in force today), and, for consumers only, the
model withdrawal form pre-filled with the order (B2; professionals have no withdrawal right,
B10). The PDFs are made by WeasyPrint (shop.pdf) inside the job, never in a page request
when a queue is configured.
"""

from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

from shop.countries import country_name
from shop.db import utcnow
from shop.extensions import db
from shop.legal.documents import (
    WithdrawalFormOrder,
    cgv_pdf_filename,
    render_cgv_pdf,
    render_withdrawal_form,
    withdrawal_form_filename,
)
from shop.legal.services import get_cgv
from shop.notifications import Attachment, send_email
from shop.orders.models import Order
from shop.pdf import render_pdf
from shop.urls import external_url

PDF = "application/pdf"


def withdrawal_form_data(order: Order) -> WithdrawalFormOrder:
    """What the order pre-fills on the withdrawal form (the receipt date stays blank)."""
    address = order.delivery_address
    lines = [address.get("company", ""), address.get("line1", ""), address.get("line2", ""),
             f"{address.get('postal_code', '')} {address.get('city', '')}".strip(),
             country_name(address.get("country_code", ""))]
    paris = ZoneInfo(current_app.config["SHOP_TIMEZONE"])
    return {
        "reference": order.reference,
        "ordered_on": order.created_at.astimezone(paris).date(),
        "received_on": order.delivered_at.astimezone(paris).date() if order.delivered_at else None,
        "customer_name": order.customer_name,
        "customer_address": "\n".join(line for line in lines if line),
        "lines": [{"name": ln.product_name, "quantity": ln.quantity} for ln in order.lines],
    }


def render_order_pdf(order: Order) -> bytes:
    """The order recap as a PDF (not an invoice: that one comes after delivery)."""
    return render_pdf("order.html", order=order)


def order_documents(order: Order) -> list[Attachment]:
    """The recap, the accepted CGV and (consumers only) the pre-filled withdrawal form."""
    cgv = get_cgv(order.cgv_version)
    if cgv is None:
        raise LookupError(f"CGV version {order.cgv_version} of order {order.reference} is missing")
    documents = [
        Attachment(f"commande-{order.reference}.pdf", PDF, render_order_pdf(order)),
        Attachment(cgv_pdf_filename(cgv), PDF, render_cgv_pdf(cgv)),
    ]
    if order.is_consumer:
        form = withdrawal_form_data(order)
        documents.append(
            Attachment(withdrawal_form_filename(form), PDF, render_withdrawal_form(form))
        )
    return documents



def send_order_confirmation(order_id: int) -> None:
    """Job task: e-mail the confirmation of a paid order with its PDF documents.

    Harmless twice: it only enqueues a delivery job in its own transaction; a rerun after a
    failure (rolled back) writes the delivery job once.
    """
    order = db.session.get(Order, order_id)
    if order is None:
        return
    if order.is_consumer and order.withdrawal_info_sent_at is None:
        # B9: the withdrawal information and form leave with this e-mail, in this transaction.
        order.withdrawal_info_sent_at = utcnow()
    send_email(
        order.customer_email,
        _("Confirmation de votre commande %(reference)s", reference=order.reference),
        "order_confirmation",
        context={"order": order,
                 "order_url": external_url("accounts.order", reference=order.reference)},
        attachments=order_documents(order),
        order_id=order.id, user_id=order.user_id,
    )
