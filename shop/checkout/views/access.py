"""Who may see a checkout page: a logged-in customer allowed to order, with a cart."""

from collections.abc import Callable
from functools import wraps

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shop.accounts.errors import OrderingBlocked
from shop.accounts.services import assert_can_order
from shop.cart.storage import cart_item_count
from shop.orders.models import Order
from shop.orders.services import customer_order


def to_login():
    """Send a visitor to the login page, coming back here afterwards (the cart is kept)."""
    flash(_("Un compte client est nécessaire pour commander : connectez-vous ou créez-le. "
            "Votre panier est conservé."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def blocked(error: OrderingBlocked):
    """The page that says why this customer cannot order (open payment dispute...)."""
    return render_template("checkout/blocked.html", message=str(error)), 403


def checkout_step(need_cart: bool = True) -> Callable:
    """Decorate a step: login (CGV 5.2.1), the right to order, and a cart that is not empty."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return to_login()
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
    """Decorate an order page: logged in, or to the login page and back."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return guarded


def own_order(reference: str) -> Order:
    """The logged-in customer's order with this reference; 404 for anybody else's."""
    order = customer_order(current_user.id, reference) if len(reference) <= 20 else None
    if order is None:
        abort(404)
    return order
