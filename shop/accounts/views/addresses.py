"""The address book pages."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from shop.accounts.addresses import AddressData, add_address, delete_address, update_address
from shop.accounts.errors import InvalidInput
from shop.accounts.forms import ActionForm, AddressForm
from shop.accounts.models import Address
from shop.accounts.views import bp
from shop.accounts.web import apply_errors
from shop.country_names import NAMES as COUNTRIES
from shop.extensions import db


def _own_address(address_id: int) -> Address:
    address = db.session.get(Address, address_id)
    if address is None or address.user_id != current_user.id:
        abort(404)
    return address


def _data(form: AddressForm) -> AddressData:
    return AddressData(**{name: form[name].data or "" for name in (
        "first_name", "last_name", "line1", "postal_code", "city", "country_code",
        "label", "company", "line2", "phone")},
        is_default_delivery=form.is_default_delivery.data,
        is_default_billing=form.is_default_billing.data)


@bp.get("/adresses")
@login_required
def addresses():
    """The user's addresses, with their default delivery and billing ones."""
    return render_template("accounts/addresses.html", addresses=current_user.addresses,
                           action_form=ActionForm(), countries=COUNTRIES)


@bp.route("/adresses/nouvelle", methods=["GET", "POST"])
@bp.route("/adresses/<int:address_id>", methods=["GET", "POST"])
@login_required
def address_form(address_id: int | None = None):
    """Add an address, or change one."""
    address = _own_address(address_id) if address_id else None
    form = AddressForm(obj=address) if address else AddressForm(
        first_name=current_user.first_name, last_name=current_user.last_name)
    if form.validate_on_submit():
        try:
            if address is None:
                add_address(current_user, _data(form))
            else:
                update_address(current_user, address, _data(form))
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("L'adresse est enregistrée."), "success")
            return redirect(url_for("accounts.addresses"))
    return render_template("accounts/address_form.html", form=form, address=address)


@bp.post("/adresses/<int:address_id>/supprimer")
@login_required
def address_delete(address_id: int):
    """Remove an address from the book (orders keep their own copy)."""
    delete_address(current_user, _own_address(address_id))
    db.session.commit()
    flash(_("L'adresse est supprimée."), "info")
    return redirect(url_for("accounts.addresses"))
