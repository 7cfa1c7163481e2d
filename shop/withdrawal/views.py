"""The online withdrawal function (B3, B4): « Renoncer au contrat ici », usable without an account.

GET shows the form (pre-filled from a signed-in customer's order), POST « Confirmer la
rétractation » records the declaration, commits (the acknowledgement leaves after the commit) and
redirects to a page saying what was received. Nothing changes on a GET.
"""

import uuid

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from shop.db import utcnow
from shop.extensions import db, limiter
from shop.orders.services import customer_order
from shop.withdrawal.forms import WithdrawalForm
from shop.withdrawal.models import Withdrawal
from shop.withdrawal.services import Declaration, declare, normalise_reference
from shop.withdrawal.tasks import received_at_text

bp = Blueprint("withdrawal", __name__, url_prefix="/renoncer")
KEY = "withdrawal_key"
RECEIPT = "withdrawal_receipt"


def withdrawal_limit() -> str:
    return current_app.config["RATELIMIT_WITHDRAWAL"]


def _own_order(reference: str):
    """The signed-in customer's order with this reference, or None (never someone else's)."""
    if not current_user.is_authenticated or not reference or len(reference) > 40:
        return None
    return customer_order(current_user.id, normalise_reference(reference))


def _form() -> tuple[WithdrawalForm, object]:
    reference = request.form.get("reference") or request.args.get("commande", "")
    order = _own_order(reference)
    form = WithdrawalForm()
    if order is not None:
        form.lines.choices = [(line.id, f"{line.product_name} × {line.quantity}")
                              for line in order.lines]
        if request.method == "GET":
            form.name.data = order.customer_name
            form.reference.data = order.reference
            form.email.data = order.customer_email
            form.lines.data = [line.id for line in order.lines]  # all by default
    if request.method == "GET":
        form.idempotency_key.data = session.setdefault(KEY, uuid.uuid4().hex)
    return form, order


@bp.route("", methods=["GET", "POST"])
@limiter.limit(withdrawal_limit, methods=["POST"])
def declare_form():
    """The form, and its « Confirmer la rétractation » button."""
    form, order = _form()
    if form.validate_on_submit():
        actor = f"client:{current_user.id}" if current_user.is_authenticated else "online"
        withdrawal = declare(Declaration(
            channel="online", name=form.name.data, reference=form.reference.data,
            email=form.email.data, idempotency_key=form.idempotency_key.data,
            line_ids=form.lines.data if order is not None else None,
        ), actor=actor, at=utcnow())
        db.session.commit()
        session.pop(KEY, None)
        session[RECEIPT] = withdrawal.id
        return redirect(url_for("withdrawal.receipt"))
    return render_template("withdrawal/form.html", form=form, order=order)


@bp.get("/accuse")
def receipt():
    """What was received, for the browser that sent it (the id is kept in its session only)."""
    withdrawal = db.session.get(Withdrawal, session.get(RECEIPT) or 0)
    if withdrawal is None:  # nothing sent from this browser: the form
        return redirect(url_for("withdrawal.declare_form"))
    matched = withdrawal.order is not None and not withdrawal.needs_review
    return render_template("withdrawal/receipt.html", withdrawal=withdrawal, matched=matched,
                           received_at_text=received_at_text(withdrawal))
