"""The address book: several addresses, one default for delivery and one for billing."""

from dataclasses import asdict, dataclass

from flask_babel import gettext as _

from shop.accounts import validation
from shop.accounts.errors import InvalidInput
from shop.accounts.models import Address, User
from shop.extensions import db

REQUIRED = ("first_name", "last_name", "line1", "postal_code", "city")


@dataclass
class AddressData:
    """What the address form (or a phone order) submits."""

    first_name: str
    last_name: str
    line1: str
    postal_code: str
    city: str
    country_code: str = "FR"
    label: str = ""
    company: str = ""
    line2: str = ""
    phone: str = ""
    is_default_delivery: bool = False
    is_default_billing: bool = False


def _clean(data: AddressData) -> dict:
    """Checked and normalised fields; raises InvalidInput listing every bad field."""
    values = {k: v.strip() if isinstance(v, str) else v for k, v in asdict(data).items()}
    errors: dict[str, str] = {}
    for field in REQUIRED:
        if not values[field]:
            errors[field] = _("Ce champ est obligatoire.")
    for field in ("label", "first_name", "last_name", "company", "line1", "line2", "city"):
        try:
            validation.check_single_line(values[field])
        except ValueError as error:
            errors[field] = str(error)
    try:
        values["country_code"] = validation.check_country(values["country_code"])
    except ValueError as error:
        errors["country_code"] = str(error)
    if "postal_code" not in errors and "country_code" not in errors:
        try:
            values["postal_code"] = validation.normalise_postal_code(
                values["postal_code"], values["country_code"]
            )
        except ValueError as error:
            errors["postal_code"] = str(error)
    if values["phone"]:
        region = values["country_code"] if "country_code" not in errors else "FR"
        try:
            values["phone"] = validation.normalise_phone(values["phone"], region)
        except ValueError as error:
            errors["phone"] = str(error)
    if errors:
        raise InvalidInput(errors)
    return values


def check_address(data: AddressData) -> dict:
    """The address's fields checked and normalised, without saving anything; raises
    InvalidInput listing every bad field."""
    return _clean(data)


def _apply_defaults(user: User, address: Address) -> None:
    """Keep one default of each kind; the first address becomes both defaults."""
    others = [a for a in user.addresses if a is not address]
    if not others:
        address.is_default_delivery = address.is_default_billing = True
    for flag in ("is_default_delivery", "is_default_billing"):
        if getattr(address, flag):
            for other in others:
                setattr(other, flag, False)
        elif not any(getattr(other, flag) for other in others):
            setattr(address, flag, True)


def add_address(user: User, data: AddressData) -> Address:
    """Add an address to the user's book."""
    address = Address(**_clean(data))
    user.addresses.append(address)
    _apply_defaults(user, address)
    db.session.flush()
    return address


def update_address(user: User, address: Address, data: AddressData) -> Address:
    """Change one of the user's addresses."""
    _ensure_owner(user, address)
    for name, value in _clean(data).items():
        setattr(address, name, value)
    _apply_defaults(user, address)
    db.session.flush()
    return address


def delete_address(user: User, address: Address) -> None:
    """Remove an address; defaults move to the oldest remaining address."""
    _ensure_owner(user, address)
    user.addresses.remove(address)
    db.session.delete(address)
    if user.addresses:
        for flag in ("is_default_delivery", "is_default_billing"):
            if not any(getattr(a, flag) for a in user.addresses):
                setattr(user.addresses[0], flag, True)
    db.session.flush()


def _ensure_owner(user: User, address: Address) -> None:
    if address.user_id != user.id:
        raise InvalidInput({"address": _("Cette adresse n'appartient pas à ce compte.")})
