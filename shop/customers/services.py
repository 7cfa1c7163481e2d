"""What staff do to a customer: open an account for them, read their record, raise or lower
the payment dispute flag. Each action writes its audit row in the caller's transaction; the
caller commits."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from shop.accounts.addresses import AddressData, add_address, check_address
from shop.accounts.errors import InvalidInput
from shop.accounts.models import Address, User
from shop.accounts.passwords import unusable_password
from shop.accounts.reset import send_invitation
from shop.accounts.services import Identity, register_user
from shop.accounts.validation import check_single_line
from shop.audit.services import changed, record, snapshot
from shop.billing.models import Payment
from shop.billing.queries import customer_payments
from shop.notifications.archive import messages_for_user
from shop.notifications.models import MailMessage
from shop.orders.models import Order
from shop.orders.services import customer_orders

NOTE_MAX = 400


class CustomerActionRefused(Exception):
    """The action cannot be done in this state; the French message says why."""


def create_customer(staff: User, email: str, identity: Identity, address: AddressData, *,
                    now: datetime) -> User:
    """Open a customer account from a phone call or an e-mail, with its first address.

    Nobody knows a password for it: the stored hash matches none, and the customer gets an
    e-mail (after commit) with a link to choose one (ACCOUNT_INVITATION_MAX_AGE, once). Staff
    vouch for the address they were given, so the account counts as confirmed (it is never
    purged as an unfinished sign-up); choosing the password confirms it again. Raises
    InvalidInput with every bad field of the account and the address.
    """
    errors: dict[str, str] = {}
    try:
        check_address(address)
    except InvalidInput as error:
        errors.update({f"address_{k}": v for k, v in error.errors.items()})
    try:  # a random password nobody sees, replaced below by a hash no password matches
        user = register_user(email, secrets.token_urlsafe(32), identity, now=now)
    except InvalidInput as error:
        raise InvalidInput(error.errors | errors) from None
    if errors:
        raise InvalidInput(errors)
    add_address(user, address)
    user.password_hash = unusable_password()
    record(staff, "customer.create", user, at=now, label=user.email,
           summary=_("Compte ouvert par l'équipe (commande par téléphone ou e-mail)"),
           changes={"email": [None, user.email]})
    send_invitation(user, _("Votre compte %(shop)s", shop=current_app.config["SHOP_NAME"]),
                    "account_invitation")
    return user


def add_customer_address(staff: User, customer: User, data: AddressData, *,
                         now: datetime) -> Address:
    """Add an address the customer gives on the phone to their book (audited); raises
    InvalidInput with each bad field."""
    address = add_address(customer, data)
    record(staff, "customer.address_add", customer, at=now, label=customer.email,
           summary=f"{address.postal_code} {address.city}",
           changes={"address": [None, address.as_snapshot()]})
    return address


def set_payment_dispute(staff: User, customer: User, *, dispute_open: bool, note: str,
                        now: datetime) -> None:
    """Raise or lower the « payment dispute » flag (CGV 5.1.1: no new order while it is
    raised), with the note staff give, in the audit trail."""
    note = (note or "").strip()
    if not note:
        raise InvalidInput({"note": _("Indiquez la raison dans la note.")})
    if len(note) > NOTE_MAX:
        raise InvalidInput({"note": _("La note ne peut pas dépasser %(n)s caractères.",
                                      n=NOTE_MAX)})
    try:
        check_single_line(note.replace("\r\n", " ").replace("\n", " "))
    except ValueError as error:
        raise InvalidInput({"note": str(error)}) from None
    if customer.payment_dispute_open == dispute_open:
        raise CustomerActionRefused(
            _("Un litige de paiement est déjà ouvert pour ce client.") if dispute_open
            else _("Aucun litige de paiement n'est ouvert pour ce client."))
    before = snapshot(customer, ["payment_dispute_open"])
    customer.payment_dispute_open = dispute_open
    action = "customer.dispute_open" if dispute_open else "customer.dispute_close"
    record(staff, action, customer, at=now, label=customer.email, summary=note,
           changes=changed(before, customer))


@dataclass
class CustomerRecord:
    """Everything the staff customer page shows."""

    customer: User
    orders: list[Order]
    addresses: list[Address]
    payments: list[Payment]
    emails: list[MailMessage]

    @property
    def refunds(self):
        """Every refund of the customer's payments, newest first."""
        return sorted((r for p in self.payments for r in p.refunds), key=lambda r: -r.id)


def customer_record(customer: User) -> CustomerRecord:
    """The customer's orders, addresses, payments with refunds, and the e-mails sent to them."""
    return CustomerRecord(
        customer=customer,
        orders=customer_orders(customer.id),
        addresses=list(customer.addresses),
        payments=customer_payments(customer.id),
        emails=messages_for_user(customer.id),
    )
