"""Personal data rights (LEGAL G2): export everything held on a user; erase by anonymising
(the account's own e-mails are deleted from the archive, those about its orders are kept).

Later domains (orders, invoices, withdrawals) add their part of the export with
`@export_section("orders")`; anonymisation keeps their rows, which accounting law requires.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from shop.accounts.errors import InvalidInput
from shop.accounts.models import User, new_session_token
from shop.accounts.passwords import unusable_password, verify_password
from shop.db import utcnow
from shop.extensions import db
from shop.notifications.archive import forget_account_messages
from shop.stock_alerts.services import alerts_of, unsubscribe

EXPORT_SECTIONS: dict[str, Callable[[User], Any]] = {}

USER_FIELDS = (
    "id", "email", "first_name", "last_name", "customer_type", "company_name", "siret",
    "vat_number", "role", "marketing_consent", "marketing_consent_at", "payment_dispute_open",
    "created_at", "last_login_at", "last_seen_at",
)


def export_section(name: str) -> Callable:
    """Register a function `user -> JSON-ready data` as one section of the export."""

    def register(function: Callable[[User], Any]) -> Callable[[User], Any]:
        EXPORT_SECTIONS[name] = function
        return function

    return register


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


@export_section("addresses")
def _export_addresses(user: User) -> list[dict]:
    return [
        {"label": a.label, **a.as_snapshot(), "is_default_delivery": a.is_default_delivery,
         "is_default_billing": a.is_default_billing, "created_at": _plain(a.created_at)}
        for a in user.addresses
    ]


@export_section("stock_alerts")
def _export_stock_alerts(user: User) -> list[dict]:
    return [
        {"product": name, "email": alert.email, "created_at": _plain(alert.created_at),
         "notified_at": _plain(alert.notified_at)}
        for alert, name in alerts_of(user.email)
    ]


def export_user_data(user: User, now: datetime | None = None) -> dict:
    """Everything the shop holds on the user, as JSON-ready data (no password hash)."""
    data: dict[str, Any] = {
        "generated_at": _plain(now or utcnow()),
        "account": {field: _plain(getattr(user, field)) for field in USER_FIELDS},
    }
    for name, function in EXPORT_SECTIONS.items():
        data[name] = function(user)
    return data


def anonymised_email(user: User) -> str:
    """A unique placeholder address that cannot receive mail (.invalid is reserved)."""
    return f"compte-supprime-{user.id}@anonyme.invalid"


def anonymise_user(user: User, now: datetime | None = None) -> None:
    """Erase personal data at once; the row stays so orders and invoices keep their customer."""
    unsubscribe(user.email)  # « Prévenez-moi » alerts are kept by address
    user.email = anonymised_email(user)
    user.first_name = user.last_name = ""
    user.company_name = user.siret = user.vat_number = None
    user.password_hash = unusable_password()
    user.session_token = new_session_token()
    user.marketing_consent = False
    user.marketing_consent_at = None
    user.is_active = False
    user.anonymised_at = now or utcnow()
    for address in list(user.addresses):
        user.addresses.remove(address)
        db.session.delete(address)
    # The e-mails about the account alone (welcome, password) go with it; those about an
    # order are contract records and stay with the order (D8, CGV 13).
    forget_account_messages(user.id)
    db.session.flush()


def delete_account(user: User, password: str, now: datetime | None = None) -> None:
    """Close the user's own account after checking the password (erasure, GDPR art. 17)."""
    if not verify_password(user.password_hash, password or ""):
        raise InvalidInput({"password": _("Mot de passe incorrect.")})
    anonymise_user(user, now)
