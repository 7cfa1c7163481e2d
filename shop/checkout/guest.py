"""A new customer who orders at once: the account is created with the order (CGV 5.2.1).

The checkout's first step offers three ways on: sign in, sign up (then confirm the address by
e-mail), or give name, e-mail address and customer type and go on. For the third way nothing
is written until the order button: the identity and the addresses live in one session key, and
the steps price the order for a `buyer(guest)`, a User that is never added to the database.
On the recap the customer chooses the account's password, and `open_account` runs in the
order's transaction:

- an address without an account gets one (unconfirmed, like a sign-up, with the given
  password and addresses); its welcome e-mail carries the confirmation link;
- an address that already has an account gets the order on that account, the password typed is
  not used, and the owner is told by e-mail (the order, and how to sign in or reset the
  password). The visitor's page is the same either way, so the checkout tells no one which
  addresses have an account, like the sign-up form.

Either way the visitor is not logged in: the session is granted the placed order alone
(`grant_order`), to pay it and read its confirmation.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from shop.accounts import validation
from shop.accounts.addresses import AddressData, add_address, check_address
from shop.accounts.errors import InvalidInput
from shop.accounts.models import Address, User
from shop.accounts.passwords import hash_password
from shop.accounts.services import Identity, check_identity, find_user_by_email, register_user
from shop.checkout.services import CheckoutError
from shop.notifications import send_email
from shop.orders.models import Order

SESSION_KEY = "checkout_guest"
GRANTS_KEY = "guest_orders"
MAX_ADDRESSES = 4
MAX_GRANTS = 5
_IDENTITY_FIELDS = tuple(f.name for f in fields(Identity))
_ADDRESS_FIELDS = tuple(f.name for f in fields(AddressData)
                        if f.name not in ("is_default_delivery", "is_default_billing"))


@dataclass
class Guest:
    """Who is ordering without an account yet, and the addresses given so far."""

    email: str
    identity: Identity
    marketing_consent: bool = False
    vat_status: str | None = None  # VIES's last answer about the VAT number, and when
    vat_checked_at: str | None = None
    addresses: list[dict] = field(default_factory=list)


def start(email: str, identity: Identity, *, marketing_consent: bool) -> Guest:
    """The guest for a checked identity and address; raises InvalidInput naming each bad
    field (the same checks as a sign-up, the password aside)."""
    errors: dict[str, str] = {}
    try:
        clean_email = validation.normalise_email(email)
    except ValueError as error:
        errors["email"] = str(error)
    try:
        values = check_identity(identity)
    except InvalidInput as error:
        errors.update(error.errors)
    if errors:
        raise InvalidInput(errors)
    checked = Identity(**{name: values[name] or "" for name in _IDENTITY_FIELDS})
    return Guest(email=clean_email, identity=checked, marketing_consent=bool(marketing_consent))


def add_guest_address(guest: Guest, data: AddressData) -> int:
    """Keep a checked address for the order; its number (from 1) is its id on the pages."""
    values = check_address(data)
    if len(guest.addresses) >= MAX_ADDRESSES:
        raise InvalidInput({"line1": _("Vous avez déjà indiqué %(n)s adresses pour cette "
                                       "commande.", n=MAX_ADDRESSES)})
    guest.addresses.append({name: values[name] for name in _ADDRESS_FIELDS})
    return len(guest.addresses)


def buyer(guest: Guest) -> User:
    """The guest as the checkout's pages price and show it: a User never added to the
    database, whose addresses are numbered from 1 (the first is the default)."""
    who = guest.identity
    user = User(email=guest.email, first_name=who.first_name, last_name=who.last_name,
                customer_type=who.customer_type, company_name=who.company_name or None,
                siret=who.siret or None, vat_number=who.vat_number or None,
                vat_number_status=guest.vat_status, vat_number_checked_at=_vat_checked_at(guest),
                role="customer", is_active=True, payment_dispute_open=False)
    user.addresses = [
        Address(id=number, is_default_delivery=number == 1, is_default_billing=number == 1,
                **values)
        for number, values in enumerate(guest.addresses, start=1)
    ]
    return user


def _vat_checked_at(guest: Guest) -> datetime | None:
    """When VIES answered about the guest's number (kept as text in the session)."""
    return datetime.fromisoformat(guest.vat_checked_at) if guest.vat_checked_at else None


def keep_vat_check(guest: Guest, user: User) -> None:
    """Remember what VIES said of the guest's number (asked on `buyer(guest)`)."""
    guest.vat_status = user.vat_number_status
    checked = user.vat_number_checked_at
    guest.vat_checked_at = checked.isoformat() if checked else None


def open_account(guest: Guest, password: str, *, placed: Callable[[User], Order],
                 confirm_link: Callable[[User, Order], str], reset_link: str,
                 now: datetime) -> tuple[User, Order]:
    """The account that gets the guest's order, created if the address has none, and the
    order `placed(account)` returns (it places it, or finds the twin of a double click).

    Raises InvalidInput for a password too short, before anything is written. The e-mail is
    queued in the caller's transaction: sent after it commits, never for a rolled-back order.
    """
    try:
        validation.check_password(password)
    except ValueError as error:
        raise InvalidInput({"password": str(error)}) from None
    existing = find_user_by_email(guest.email)
    if existing is None:
        account = register_user(guest.email, password, guest.identity,
                                marketing_consent=guest.marketing_consent, confirmed=False,
                                now=now)
        if account.vat_number:  # VIES's answer, asked while the guest was pricing the order
            account.vat_number_status = guest.vat_status
            account.vat_number_checked_at = _vat_checked_at(guest)
        for values in guest.addresses:
            add_address(account, AddressData(**values))
        order = placed(account)
        send_email(account.email, _("Votre commande et votre compte %(shop)s",
                                    shop=current_app.config["SHOP_NAME"]),
                   "welcome", user_id=account.id, context={
                       "user": account, "order": order,
                       "confirm_url": confirm_link(account, order),
                       "valid_days": current_app.config["EMAIL_CONFIRM_MAX_AGE"] // 86400})
        return account, order
    hash_password(password)  # the same cost as a new account: the answer takes as long
    if not existing.can_place_order:  # why not (a payment dispute, a closed account) is the
        raise CheckoutError(_(          # owner's business, not the visitor's
            "Cette commande ne peut pas être enregistrée en ligne : contactez notre service "
            "client."))
    order = placed(existing)
    send_email(existing.email, _("Votre commande %(reference)s est enregistrée dans votre compte",
                                 reference=order.reference),
               "order_on_existing_account", user_id=existing.id,
               context={"user": existing, "order": order, "reset_url": reset_link})
    return existing, order


def load(session: MutableMapping[str, Any]) -> Guest | None:
    """The guest of this session, each value checked for its type (anything odd: None)."""
    raw = session.get(SESSION_KEY)
    if not isinstance(raw, dict):
        return None
    email, identity, addresses = raw.get("email"), raw.get("identity"), raw.get("addresses")
    if not (isinstance(email, str) and email and _strings(identity, _IDENTITY_FIELDS)
            and isinstance(addresses, list) and len(addresses) <= MAX_ADDRESSES
            and all(_strings(address, _ADDRESS_FIELDS) for address in addresses)):
        return None
    status, checked = raw.get("vat_status"), raw.get("vat_checked_at")
    try:
        if checked is not None:
            datetime.fromisoformat(checked)
    except (TypeError, ValueError):
        return None
    return Guest(email=email, identity=Identity(**identity),
                 marketing_consent=raw.get("marketing_consent") is True,
                 vat_status=status if isinstance(status, str) else None,
                 vat_checked_at=checked, addresses=addresses)


def _strings(value: Any, names: tuple[str, ...]) -> bool:
    """Whether `value` is a dict of exactly these keys, each holding a string."""
    return (isinstance(value, dict) and set(value) == set(names)
            and all(isinstance(each, str) for each in value.values()))


def save(session: MutableMapping[str, Any], guest: Guest) -> None:
    data = asdict(guest)
    if session.get(SESSION_KEY) != data:
        session[SESSION_KEY] = data


def forget(session: MutableMapping[str, Any]) -> None:
    session.pop(SESSION_KEY, None)


def grant_order(session: MutableMapping[str, Any], reference: str) -> None:
    """Let this session pay and read the order it placed without an account (the last few)."""
    grants = [r for r in granted(session) if r != reference]
    session[GRANTS_KEY] = [*grants, reference][-MAX_GRANTS:]


def granted(session: MutableMapping[str, Any]) -> list[str]:
    raw = session.get(GRANTS_KEY)
    return [r for r in raw if isinstance(r, str)] if isinstance(raw, list) else []
