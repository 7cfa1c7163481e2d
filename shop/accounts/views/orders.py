"""My orders: the list and one order's page. A customer reaches only their own orders."""

from datetime import timedelta

from flask import abort, render_template
from flask_login import current_user, login_required

from shop.accounts.forms import ActionForm
from shop.accounts.views import bp
from shop.db import utcnow
from shop.orders import export  # noqa: F401 - adds the "orders" section to the data export
from shop.orders.carriers import CARRIERS
from shop.orders.services import customer_order, customer_orders
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
    return render_template("accounts/order.html", order=found, action_form=ActionForm(),
                           withdrawal_open=window if window.open else None,
                           withdrawal_closes_on=closes_on, carriers=CARRIERS)
