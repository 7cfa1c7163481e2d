"""My orders: the list and one order's page. A customer reaches only their own orders."""

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from shop.accounts.forms import ActionForm
from shop.accounts.views import bp
from shop.boundaries import accepts_upload
from shop.db import utcnow
from shop.extensions import db
from shop.fulfilment.documents import MAX_BYTES, DocumentRefused
from shop.fulfilment.identity import current_proof, submit_proof
from shop.orders import (
    export,  # noqa: F401 - adds the "orders" section to the data export
    states,
)
from shop.orders.carriers import CARRIERS
from shop.orders.services import FulfilmentError, customer_order, customer_orders
from shop.withdrawal.services import order_window


@bp.get("/commandes")
@login_required
def orders():
    """The customer's orders, newest first: reference, date, status, total."""
    return render_template("accounts/orders.html", orders=customer_orders(current_user.id))


@bp.get("/commandes/<reference>")
@login_required
def order(reference: str):
    """One order: lines, totals, VAT, addresses and where it stands; 404 if not theirs."""
    found = customer_order(current_user.id, reference) if len(reference) <= 20 else None
    if found is None:
        abort(404)
    window = order_window(found, utcnow())
    closes_on = (window.closes_at - timedelta(days=1)).date() if window.closes_at else None
    proof = current_proof(found) if found.status == states.AWAITING_IDENTITY else None
    return render_template("accounts/order.html", order=found, action_form=ActionForm(),
                           withdrawal_open=window if window.open else None,
                           withdrawal_closes_on=closes_on, carriers=CARRIERS, proof=proof)


@bp.post("/commandes/<reference>/justificatif")
@login_required
@accepts_upload(MAX_BYTES)
def identity_document(reference: str):
    """The buyer sends the proof of identity staff asked for (PDF, JPEG or PNG, 5 MB)."""
    found = customer_order(current_user.id, reference) if len(reference) <= 20 else None
    if found is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    upload = request.files.get("document")
    try:
        submit_proof(found, data=upload.read() if upload else b"",
                     filename=upload.filename if upload else "", now=utcnow())
    except (DocumentRefused, FulfilmentError) as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash("Merci : votre justificatif est bien reçu. Nous vous écrivons dès qu'il est "
              "examiné.", "success")
    return redirect(url_for("accounts.order", reference=found.reference))
