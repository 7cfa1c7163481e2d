"""Cart pages: thin views around the cart services (POST, redirect, GET; no JavaScript needed)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from shop.accounts.vat import buyer_for, vat_number_notice
from shop.accounts.web import safe_next
from shop.cart import bp, services
from shop.cart.forms import (
    AddLineForm,
    CartForm,
    ClearCartForm,
    DestinationForm,
    RemoveLineForm,
    UpdateCartForm,
    country_options,
)
from shop.cart.quote import quote_cart
from shop.cart.services import Cart, CartError
from shop.cart.storage import cart_item_count, forget_cart, save_cart, stored_cart
from shop.checkout.vat_check import refresh_vat_check
from shop.db import utcnow
from shop.extensions import db
from shop.settings.services import oss_in_force_for
from shop.shipping.services import displayed_rates


@bp.app_context_processor
def cart_header() -> dict:
    """The header's item count: a callable reading the session only when a template asks."""
    return {"cart_item_count": lambda: cart_item_count(session)}


bp.add_app_template_global(services.max_quantity, "cart_max_quantity")
bp.add_app_template_global(services.offered_quantity, "offered_quantity")
bp.add_app_template_global(country_options, "country_options")


@bp.get("/")
def show() -> str:
    cart, _products = services.load_cart(stored_cart(session), read_only=True)
    _keep(cart)
    destination = DestinationForm(request.args)
    country, postal_code = destination.destination()
    user = current_user if current_user.is_authenticated else None
    if user is not None and refresh_vat_check(user, utcnow()):  # VIES's answer is kept
        db.session.commit()
    quote = quote_cart(cart, country, postal_code, datetime.now(UTC),
                       buyer_for(user, _established_in(user, country)),
                       oss=oss_in_force_for(country, postal_code), rates=displayed_rates())
    return render_template("cart/show.html", cart=cart, quote=quote, destination=destination,
                           vat_notice=vat_number_notice(user))


def _established_in(user, destination_country: str) -> str:
    """Where the buyer is established: their billing address's country, else the destination."""
    billing = user.default_address("billing") if user is not None else None
    return billing.country_code if billing is not None else destination_country


@bp.post("/ajouter")
def add_line() -> Response:
    form = AddLineForm()
    back = _safe_next(form.next.data)
    if not form.validate():
        return _refuse(form, back)
    try:
        # The session cart writes nothing in the database: its products are read in
        # autocommit (one round trip instead of BEGIN, SELECT and ROLLBACK).
        cart = services.add_line(stored_cart(session), form.product_id.data, form.quantity.data,
                                 read_only=True)
    except CartError as error:
        flash(str(error), "error")
        return redirect(back)
    _keep(cart)
    name = cart.line_for(form.product_id.data).product.name
    flash(_("« %(name)s » a été ajouté à votre panier.", name=name), "success")
    return redirect(url_for("cart.show"))


@bp.post("/modifier")
def update() -> Response:
    """Store the quantities typed; « Passer commande » sends this form too (suite=commande)
    and goes on to the checkout once they are kept."""
    form = UpdateCartForm()
    if not form.validate():
        return _refuse(form, url_for("cart.show"))
    try:
        cart = services.set_quantities(stored_cart(session), form.quantities(), read_only=True)
    except CartError as error:
        flash(str(error), "error")
        return redirect(url_for("cart.show"))
    _keep(cart)
    if request.form.get("suite") == "commande" and not cart.notices:
        return redirect(url_for("checkout.start"))
    flash(_("Quantités mises à jour."), "success")
    return redirect(url_for("cart.show"))


@bp.post("/retirer")
def remove_line() -> Response:
    form = RemoveLineForm()
    if not form.validate():
        return _refuse(form, url_for("cart.show"))
    _keep(services.remove_line(stored_cart(session), form.product_id.data, read_only=True))
    flash(_("Le produit a été retiré de votre panier."), "success")
    return redirect(url_for("cart.show"))


@bp.post("/vider")
def clear() -> Response:
    if ClearCartForm().validate():
        forget_cart(session)
        flash(_("Votre panier a été vidé."), "success")
    return redirect(url_for("cart.show"))


def _keep(cart: Cart) -> None:
    """Show the cart's notices once and store its reconciled content."""
    for notice in cart.notices:
        flash(notice, "warning")
    save_cart(session, cart.stored)


def _refuse(form: CartForm, back: str) -> Response:
    """Flash the first French error of an invalid form and go back; nothing changes."""
    flash(_first_error(form.errors) or _("Requête invalide."), "error")
    return redirect(back)


def _first_error(errors: dict | list | str) -> str | None:
    """The first message of a form's errors, which nest for the lines of UpdateCartForm."""
    if isinstance(errors, str):
        return errors
    for item in errors.values() if isinstance(errors, dict) else errors:
        message = _first_error(item)
        if message:
            return message
    return None


def _safe_next(target: str | None) -> str:
    """A local path to go back to (never another site), the cart page otherwise."""
    return safe_next(target) or url_for("cart.show")
