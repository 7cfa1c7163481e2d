"""The money, for staff: refunds owed back and the latest attempts (each order's ledger is on
its page, shop/staff/orders.py)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from shop.accounts.forms import ActionForm
from shop.billing.models import PAYMENT_STATUS_LABELS, Refund
from shop.billing.queries import latest_payments, refunds_needing_attention
from shop.billing.refunds import RefundRefused, retry_failed
from shop.db import utcnow
from shop.extensions import db
from shop.staff import bp


@bp.get("/paiements")
def payments():
    """Refunds pending or failed first (money owed back), then the latest attempts."""
    return render_template(
        "staff/payments.html", attention=refunds_needing_attention(),
        payments=latest_payments(), form=ActionForm(),
        payment_status_labels=PAYMENT_STATUS_LABELS,
    )


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

