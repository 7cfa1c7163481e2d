"""Paying for a placed order: go to the provider, come back, retry, cancel, confirmation."""

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shop.accounts.forms import ActionForm
from shop.billing.attempts import AttemptRefused, start_attempt
from shop.billing.events import apply_event
from shop.billing.gateways import gateway, payment_methods
from shop.billing.queries import order_money
from shop.billing.unpaid import cancel_unpaid_order
from shop.cart.storage import put_back_order_lines
from shop.checkout.forms import DevPaymentForm, PaymentForm
from shop.checkout.payment_flow import confirm_return
from shop.checkout.views import bp
from shop.checkout.views.access import customer_only, own_order
from shop.db import utcnow
from shop.errors import render_error
from shop.extensions import db
from shop.orders import states
from shop.orders.models import Order
from shop.orders.services import order_for_update
from shop.payments import InvalidReturn, PaymentError
from shop.urls import external_url


def start_payment(order: Order, method: str, *, return_url: str | None = None,
                  cancel_url: str | None = None, back: str | None = None):
    """Open an attempt at the provider and send the buyer there (card data never comes here).

    The site's order pages by default; a payment link passes its own return and cancel URLs
    and the page to come back to when the attempt cannot start (`back`)."""
    back = back or url_for("checkout.retry_payment", reference=order.reference)
    provider = gateway(method)
    if provider is None:
        flash(_("Ce moyen de paiement n'est plus proposé : choisissez-en un autre."), "error")
        return redirect(back)
    try:
        _payment, url = start_attempt(
            order_for_update(order.id), provider, now=utcnow(),
            return_url=return_url or external_url("checkout.payment_return",
                                                  reference=order.reference),
            cancel_url=cancel_url or external_url("checkout.payment_cancelled",
                                                  reference=order.reference),
        )
    except (PaymentError, AttemptRefused) as error:
        db.session.rollback()
        current_app.logger.warning("Payment start refused (%s): %s", order.reference,
                                   getattr(error, "detail", error))
        flash(str(error), "error")
        return redirect(back)
    db.session.commit()
    return redirect(url, 303)


def after_placing(order: Order):
    """Pay an order awaiting payment; show any other where it stands."""
    if order.status == states.AWAITING_PAYMENT:
        return start_payment(order, order.payment_method)
    return redirect(url_for("checkout.payment_return", reference=order.reference))


@bp.route("/<reference>/paiement", methods=["GET", "POST"])
@customer_only
def retry_payment(reference: str):
    """Pay again, or with another method, until the order's deadline; or cancel it."""
    order = own_order(reference)
    if order.status != states.AWAITING_PAYMENT:
        return redirect(url_for("checkout.payment_return", reference=reference))
    methods = payment_methods()
    names = [name for name, _label in methods]
    form = PaymentForm(payment=order.payment_method if order.payment_method in names else None)
    if form.validate_on_submit() and form.payment.data in names:
        return start_payment(order, form.payment.data)
    return render_template("checkout/retry.html", order=order, form=form, methods=methods,
                           cancel_form=ActionForm())


@bp.get("/<reference>/paiement/retour")
@customer_only
def payment_return(reference: str):
    """Back from the provider: paid -> confirmation; Stripe waits for its webhook."""
    order = own_order(reference)
    try:
        confirm_return(order, gateway(order.payment_method), request.args, now=utcnow())
    except PaymentError as error:
        db.session.rollback()
        current_app.logger.warning("Payment return refused (%s): %s", reference, error.detail)
        flash(str(error), "error")
        return redirect(url_for("checkout.retry_payment", reference=reference))
    db.session.commit()
    if order.status == states.AWAITING_PAYMENT:
        refresh = current_app.config["PAYMENT_PENDING_REFRESH_SECONDS"]
        return render_template("checkout/pending.html", order=order, refresh=refresh,
                               money=order_money(order.id))
    if order.status == states.CANCELLED:
        return _cancelled(order)
    return redirect(url_for("checkout.confirmation", reference=reference))


def _cancelled(order: Order):
    """The cancelled order's page; after a refusal its lines are the cart again (no lost work)."""
    money = order_money(order.id)
    if order.cancel_reason == "payment_refused" and not money.captured_cents:
        put_back_order_lines(
            session, [[ln.product_id, ln.quantity, ln.unit_price_cents]
                      for ln in order.lines if ln.product_id is not None]
        )
    return render_template("checkout/payment_failed.html", order=order, money=money)


@bp.get("/<reference>/paiement/annule")
@customer_only
def payment_cancelled(reference: str):
    """The buyer left the provider's page: the order waits for payment until its deadline."""
    order = own_order(reference)
    if order.status == states.AWAITING_PAYMENT:
        flash(_("Le paiement n'a pas été effectué. Votre commande reste en attente de paiement : "
                "vous pouvez réessayer, changer de moyen de paiement ou l'annuler."), "warning")
    return redirect(url_for("checkout.retry_payment", reference=reference))


@bp.post("/<reference>/annuler")
@customer_only
def cancel(reference: str):
    """Cancel an order before it is paid; its stock goes back on sale, its attempts close."""
    order = order_for_update(own_order(reference).id)
    if order.status != states.AWAITING_PAYMENT:
        flash(_("Cette commande ne peut plus être annulée en ligne."), "error")
        return redirect(_order_page(reference))
    cancel_unpaid_order(order, reason="customer", actor=f"customer:{order.user_id}",
                        now=utcnow())
    db.session.commit()
    flash(_("Votre commande %(reference)s est annulée.", reference=reference), "info")
    return redirect(_order_page(reference))


def _order_page(reference: str) -> str:
    """The account's order page; for a session that ordered without logging in, where the
    payment stands (the account's pages need the account)."""
    if current_user.is_authenticated:
        return url_for("accounts.order", reference=reference)
    return url_for("checkout.payment_return", reference=reference)


@bp.get("/<reference>/confirmation")
@customer_only
def confirmation(reference: str):
    """Thanks, reference, recap and what happens next (A7)."""
    order = own_order(reference)
    if order.status in (states.AWAITING_PAYMENT, states.CANCELLED):
        return redirect(url_for("checkout.payment_return", reference=reference))
    return render_template("checkout/confirmation.html", order=order)


@bp.route("/paiement/demonstration", methods=["GET", "POST"])
def dev_payment():
    """The development gateway's page: accept or refuse; no money moves."""
    provider = gateway("dev")
    if provider is None:
        abort(404)
    form = DevPaymentForm(token=request.args.get("token", ""))
    if not form.token.data:
        return redirect(url_for("accounts.orders"))
    try:
        payment = provider.read_token(form.token.data or "")
        if form.validate_on_submit():
            choice = {"token": form.token.data, "choice": request.form.get("choice", "")}
            event = provider.handle_return(choice)
            apply_event(event, provider=provider.name, now=utcnow())
            db.session.commit()
            return redirect(payment["return_url"], 303)
    except InvalidReturn as error:
        return render_error(400, str(error))
    return render_template("checkout/dev_payment.html", form=form, payment=payment)
