"""The money, for staff: refunds owed back, the latest attempts, and one order's ledger."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from shop.accounts.forms import ActionForm
from shop.billing.models import PAYMENT_STATUS_LABELS, Refund
from shop.billing.queries import latest_payments, order_money, refunds_needing_attention
from shop.billing.refunds import RefundRefused, retry_failed
from shop.db import utcnow
from shop.extensions import db
from shop.orders import states
from shop.orders.models import Order
from shop.staff import bp


@bp.get("/paiements")
def payments():
    """Refunds pending or failed first (money owed back), then the latest attempts."""
    return render_template(
        "staff/payments.html", attention=refunds_needing_attention(),
        payments=latest_payments(), form=ActionForm(),
        payment_status_labels=PAYMENT_STATUS_LABELS,
    )


@bp.get("/commandes/<reference>")
def order(reference: str):
    """One order for staff: its timeline (who, when) and its attempts, captures and refunds."""
    found = db.session.scalar(select(Order).where(Order.reference == reference)) or abort(404)
    return render_template("staff/order.html", order=found, money=order_money(found.id),
                           payment_status_labels=PAYMENT_STATUS_LABELS,
                           order_status_names=states.LABELS)


@bp.post("/remboursements/<int:refund_id>/relancer")
def retry_refund(refund_id: int):
    """Send a failed refund again."""
    row = db.session.get(Refund, refund_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        retry_failed(row, actor=f"staff:{current_user.id}", now=utcnow())
    except RefundRefused as error:
        flash(str(error), "error")
        return redirect(url_for("staff.payments"))
    db.session.commit()
    flash(f"Remboursement n° {refund_id} relancé.", "success")
    return redirect(url_for("staff.payments"))

