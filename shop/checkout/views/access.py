"""Who may see a checkout page: a logged-in customer allowed to order, or a new customer
ordering without an account yet (shop.checkout.guest), with a cart; and who may pay and read
an order: its account, or the session that placed it without one."""

from collections.abc import Callable
from functools import wraps

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shop.accounts.errors import OrderingBlocked
from shop.accounts.models import User
from shop.accounts.services import assert_can_order
from shop.cart.storage import cart_item_count
from shop.checkout import guest
from shop.orders.models import Order
from shop.orders.services import customer_order, order_by_reference


def to_login():
    """Send a visitor to the login page, coming back here afterwards (the cart is kept)."""
    flash(_("Un compte client est nécessaire pour commander : connectez-vous ou créez-le. "
            "Votre panier est conservé."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def blocked(error: OrderingBlocked):
    """The page that says why this customer cannot order (open payment dispute...)."""
    return render_template("checkout/blocked.html", message=str(error)), 403


def checkout_buyer() -> User | None:
    """Who the checkout prices and shows: the logged-in customer, else the new customer of
    this session (a User never added to the database), else None."""
    if current_user.is_authenticated:
        return current_user._get_current_object()
    new_customer = guest.load(session)
    return guest.buyer(new_customer) if new_customer else None


def checkout_identified() -> bool:
    """Whether the steps after the account are open: logged in, or a new customer."""
    return current_user.is_authenticated or guest.load(session) is not None


def checkout_step(need_cart: bool = True) -> Callable:
    """Decorate a step: an account or a new customer's identity (CGV 5.2.1: the account is
    then created with the order), the right to order, and a cart that is not empty."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not checkout_identified():
                return to_login()
            if current_user.is_authenticated:
                try:
                    assert_can_order(current_user)
                except OrderingBlocked as error:
                    return blocked(error)
            if need_cart and not cart_item_count(session):
                flash(_("Votre panier est vide."), "info")
                return redirect(url_for("cart.show"))
            return view(*args, **kwargs)

        return guarded

    return decorate


def customer_only(view: Callable) -> Callable:
    """Decorate an order page: logged in or placed by this session, or to the login page and
    back."""

    @wraps(view)
    def guarded(*args, reference: str, **kwargs):
        if not current_user.is_authenticated and reference not in guest.granted(session):
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        return view(*args, reference=reference, **kwargs)

    return guarded


def own_order(reference: str) -> Order:
    """The order with this reference if it is the logged-in customer's or this session placed
    it without an account; 404 for anybody else's."""
    order = None
    if len(reference) <= 20:
        if current_user.is_authenticated:
            order = customer_order(current_user.id, reference)
        if order is None and reference in guest.granted(session):
            order = order_by_reference(reference)
    if order is None:
        abort(404)
    return order
