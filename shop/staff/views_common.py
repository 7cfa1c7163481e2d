"""Small helpers shared by the back-office customer and phone-order pages."""

from flask import abort, request

from shop.accounts.addresses import AddressData
from shop.accounts.models import User
from shop.accounts.services import Identity
from shop.boundaries import bounded_int
from shop.extensions import db


def customer_or_404(customer_id: int) -> User:
    """A customer account (not staff, not anonymised); 404 for anything else."""
    user = db.session.get(User, customer_id)
    if user is None or user.role != "customer" or user.is_anonymised:
        abort(404)
    return user


def int_arg(name: str) -> int | None:
    """A positive integer query argument, None when absent or malformed."""
    try:
        value = bounded_int(request.args.get(name, ""))
    except ValueError:
        return None
    return value if value > 0 else None


def identity_data(form) -> Identity:
    """Who the customer is, from the new-customer form."""
    return Identity(first_name=form.first_name.data or "", last_name=form.last_name.data or "",
                    customer_type=form.customer_type.data or "",
                    company_name=form.company_name.data or "", siret=form.siret.data or "",
                    vat_number=form.vat_number.data or "")


def address_data(form) -> AddressData:
    """The first address, named after the customer, from the new-customer form."""
    return AddressData(
        first_name=form.first_name.data or "", last_name=form.last_name.data or "",
        company=(form.company_name.data or "") if form.customer_type.data == "professional"
        else "", line1=form.address_line1.data or "", line2=form.address_line2.data or "",
        postal_code=form.address_postal_code.data or "", city=form.address_city.data or "",
        country_code=form.address_country_code.data or "", phone=form.address_phone.data or "")
