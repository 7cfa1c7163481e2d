"""Paying a phone or e-mail order from the single-use link e-mailed to the customer.

No login is needed: the link's random token is the proof (shop.phone_orders.links). The
payment itself is the site's: the same methods, `start_payment` and the ledger.
"""

from flask import current_app, render_template, request, url_for

from shop.billing.gateways import gateway, payment_methods
from shop.checkout.forms import PaymentForm
from shop.checkout.payment_flow import confirm_return
from shop.checkout.views import bp
from shop.checkout.views.payment import start_payment
from shop.db import utcnow
from shop.extensions import db
from shop.orders import states
from shop.payments import PaymentError
from shop.phone_orders.links import LinkRefused, find_link, usable_link
from shop.urls import external_url


def _refused(error: LinkRefused | str, status: int = 410):
    return render_template("checkout/link_refused.html", message=str(error)), status


@bp.route("/lien/<token>", methods=["GET", "POST"])
def payment_link(token: str):
    """The order and its total, and the choice of card, PayPal or the demonstration."""
    try:
        order = usable_link(token, now=utcnow()).order
    except LinkRefused as error:
        return _refused(error, 404 if find_link(token) is None else 410)
    methods = payment_methods()
    form = PaymentForm(payment=methods[0][0] if methods else None)
    if form.validate_on_submit() and form.payment.data in dict(methods):
        return start_payment(
            order, form.payment.data, back=url_for("checkout.payment_link", token=token),
            return_url=external_url("checkout.payment_link_return", token=token),
            cancel_url=external_url("checkout.payment_link", token=token))
    return render_template("checkout/link_pay.html", order=order, form=form, methods=methods)


@bp.get("/lien/<token>/retour")
def payment_link_return(token: str):
    """Back from the provider: paid, still being confirmed (Stripe's webhook), or refused."""
    link = find_link(token)
    if link is None:
        return _refused(LinkRefused("Ce lien de paiement n'est pas valide."), 404)
    order = link.order
    try:
        confirm_return(order, gateway(order.payment_method), request.args, now=utcnow())
    except PaymentError as error:
        db.session.rollback()
        current_app.logger.warning("Link payment return refused (%s): %s", order.reference,
                                   error.detail)
        return _refused(error, 400)
    db.session.commit()
    return render_template(
        "checkout/link_status.html", order=order, token=token,
        pending=order.status == states.AWAITING_PAYMENT,
        refresh=current_app.config["PAYMENT_PENDING_REFRESH_SECONDS"])
