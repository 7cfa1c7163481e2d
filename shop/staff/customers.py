"""Customers for staff: search, one customer's record, the payment dispute flag (#19 item 7)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.accounts.errors import InvalidInput
from shop.billing.models import PAYMENT_STATUS_LABELS
from shop.customers.search import search_customers
from shop.customers.services import CustomerActionRefused, customer_record, set_payment_dispute
from shop.db import utcnow
from shop.extensions import db
from shop.orders import states
from shop.staff import bp
from shop.staff.forms import DisputeForm, SearchForm
from shop.staff.views_common import customer_or_404


@bp.get("/clients")
def customers():
    """Search customers by name, e-mail, phone or order reference."""
    form = SearchForm(request.args)
    found = search_customers(form.q.data or "") if form.validate() else []
    return render_template("staff/customers.html", form=form, found=found)


@bp.get("/clients/<int:customer_id>")
def customer(customer_id: int):
    """One customer: type, addresses, orders, payments, refunds, e-mails, dispute flag."""
    return _page(customer_or_404(customer_id), DisputeForm(formdata=None))


def _page(user, form: DisputeForm, status: int = 200):
    return render_template(
        "staff/customer.html", record=customer_record(user), form=form,
        order_status_names=states.LABELS, payment_status_labels=PAYMENT_STATUS_LABELS,
    ), status


@bp.post("/clients/<int:customer_id>/litige")
def customer_dispute(customer_id: int):
    """Raise or lower the payment dispute flag (it blocks new orders), with a note; audited."""
    user, form = customer_or_404(customer_id), DisputeForm()
    if not form.validate_on_submit():
        return _page(user, form, 400)
    try:
        set_payment_dispute(current_user, user, dispute_open=request.form.get("open") == "1",
                            note=form.note.data, now=utcnow())
    except InvalidInput as error:
        db.session.rollback()
        form.note.errors = [*form.note.errors, *error.errors.values()]
        return _page(user, form, 400)
    except CustomerActionRefused as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("staff.customer", customer_id=user.id))
    db.session.commit()
    flash("Litige de paiement ouvert : ce client ne peut plus commander." if
          user.payment_dispute_open else "Litige de paiement clos.", "success")
    return redirect(url_for("staff.customer", customer_id=user.id))
