"""Account operations: sign-up, login check, profile and password changes, ordering right.

Nothing here knows about requests or sessions; the caller commits.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from shop.accounts import validation
from shop.accounts.errors import InvalidInput, OrderingBlocked
from shop.accounts.models import CUSTOMER_TYPES, ROLES, User, new_session_token
from shop.accounts.passwords import hash_password, needs_rehash, verify_dummy, verify_password
from shop.db import utcnow
from shop.extensions import db
from shop.notifications import send_email


@dataclass
class Identity:
    """Who the customer is: the fields shared by sign-up and the profile form."""

    first_name: str
    last_name: str
    customer_type: str = "consumer"
    company_name: str = ""
    siret: str = ""
    vat_number: str = ""


def _check(errors: dict[str, str], field: str, check: Callable, *args) -> str | None:
    """Run one check; record its French message under `field` instead of raising."""
    try:
        return check(*args)
    except ValueError as error:
        errors[field] = str(error)
        return None


def find_user_by_email(email: str) -> User | None:
    """The account with this e-mail address, whatever its case."""
    wanted = (email or "").strip().lower()
    return db.session.scalar(select(User).where(func.lower(User.email) == wanted))


def check_identity(identity: Identity) -> dict:
    """The identity's fields checked and normalised, ready to set on a User; raises
    InvalidInput naming each bad field."""
    errors: dict[str, str] = {}
    values = _clean_identity(identity, errors)
    if errors:
        raise InvalidInput(errors)
    return values


def _clean_identity(identity: Identity, errors: dict[str, str]) -> dict:
    """Validated identity fields, ready to set on a User; errors are collected."""
    values = {
        "first_name": identity.first_name.strip(),
        "last_name": identity.last_name.strip(),
        "customer_type": identity.customer_type,
        "company_name": None,
        "siret": None,
        "vat_number": None,
    }
    for field in ("first_name", "last_name"):
        if not values[field]:
            errors[field] = _("Ce champ est obligatoire.")
        _check(errors, field, validation.check_single_line, values[field])
    if identity.customer_type not in CUSTOMER_TYPES:
        errors["customer_type"] = _("Choisissez particulier ou professionnel.")
    elif identity.customer_type == "professional":
        values["company_name"] = identity.company_name.strip()
        _check(errors, "company_name", validation.check_single_line, values["company_name"])
        if not values["company_name"]:
            errors["company_name"] = _("La raison sociale est obligatoire.")
        values["siret"] = _check(errors, "siret", validation.normalise_siret, identity.siret)
        if identity.vat_number.strip():
            values["vat_number"] = _check(
                errors, "vat_number", validation.normalise_vat_number, identity.vat_number
            )
    return values


def register_user(
    email: str,
    password: str,
    identity: Identity,
    *,
    marketing_consent: bool = False,
    role: str = "customer",
    confirmed: bool = True,
    now: datetime | None = None,
) -> User:
    """Create an account after checking every field; one per e-mail address (any case).

    `confirmed=False` (the sign-up form) leaves the address to be confirmed by its owner before
    the account can log in; staff and the command line create confirmed accounts.
    """
    errors: dict[str, str] = {}
    clean_email = _new_email(email, errors)
    _check(errors, "password", validation.check_password, password)
    values = _clean_identity(identity, errors)
    if role not in ROLES:
        errors["role"] = _("Rôle inconnu.")
    if errors:
        raise InvalidInput(errors)
    now = now or utcnow()
    user = User(
        email=clean_email,
        password_hash=hash_password(password),
        role=role,
        marketing_consent=marketing_consent,
        marketing_consent_at=now if marketing_consent else None,
        email_confirmed_at=now if confirmed else None,
        created_at=now,
        **values,
    )
    db.session.add(user)
    db.session.flush()
    return user


def sign_up(
    email: str,
    password: str,
    identity: Identity,
    *,
    marketing_consent: bool,
    confirm_link: Callable[[User], str],
    help_link: str,
    now: datetime | None = None,
) -> User | None:
    """The sign-up form's operation: the new, unconfirmed account, or None when the address
    already has one.

    A new account gets the welcome e-mail with its confirmation link (`confirm_link(user)`);
    the owner of a known address is told instead (« quelqu'un a essayé de créer un compte avec
    votre adresse ») and nothing else changes. Neither logs anyone in, so the page cannot tell
    a visitor which addresses have an account; the password is hashed either way, so both
    answers take as long.
    """
    existing = find_user_by_email(email) if _is_valid_email(email) else None
    if existing is None:
        user = register_user(email, password, identity, marketing_consent=marketing_consent,
                             confirmed=False, now=now)
        send_email(
            user.email, _("Bienvenue chez %(shop)s", shop=current_app.config["SHOP_NAME"]),
            "welcome", context={
                "user": user, "confirm_url": confirm_link(user),
                "valid_days": current_app.config["EMAIL_CONFIRM_MAX_AGE"] // 86400,
            }, user_id=user.id,
        )
        return user
    errors: dict[str, str] = {}
    _check(errors, "password", validation.check_password, password)
    _clean_identity(identity, errors)
    if errors:
        raise InvalidInput(errors)
    hash_password(password)  # the same cost as a new account
    send_email(existing.email, _("Tentative d'inscription avec votre adresse"), "signup_attempt",
               context={"user": existing, "reset_url": help_link}, user_id=existing.id)
    return None


def confirm_email(user: User, now: datetime | None = None) -> bool:
    """Record that the owner of the address opened its link; False if it already was."""
    if user.email_confirmed_at is not None:
        return False
    user.email_confirmed_at = now or utcnow()
    return True


def _is_valid_email(email: str) -> bool:
    try:
        validation.normalise_email(email)
    except ValueError:
        return False
    return True


def _new_email(email: str, errors: dict[str, str]) -> str | None:
    """The normalised address if valid and free; otherwise the reason goes into errors."""
    clean_email = _check(errors, "email", validation.normalise_email, email)
    if clean_email and find_user_by_email(clean_email):
        errors["email"] = _("Un compte existe déjà avec cette adresse e-mail.")
    return clean_email


def authenticate(email: str, password: str) -> User | None:
    """The active, confirmed account matching e-mail and password, or None (same cost either
    way). An unconfirmed account answers like a wrong password: whoever signed up with someone
    else's address cannot use the login form to learn that the address was new."""
    try:
        clean_email = validation.normalise_email(email)
    except ValueError:
        clean_email = None
    user = find_user_by_email(clean_email) if clean_email else None
    if user is None:
        verify_dummy(password or "")
        return None
    if not verify_password(user.password_hash, password or ""):
        return None
    if not user.is_active or user.is_anonymised or user.email_confirmed_at is None:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def record_login(user: User, now: datetime | None = None) -> None:
    """Remember when the user last logged in (used by the retention purge, G1)."""
    user.last_login_at = user.last_seen_at = now or utcnow()


def update_profile(
    user: User, identity: Identity, *, marketing_consent: bool, now: datetime | None = None
) -> None:
    """Change name, customer type, company details and marketing consent."""
    errors: dict[str, str] = {}
    values = _clean_identity(identity, errors)
    if errors:
        raise InvalidInput(errors)
    if values["vat_number"] != user.vat_number:  # VIES said nothing of the new number yet
        user.vat_number_status = user.vat_number_checked_at = None
    for name, value in values.items():
        setattr(user, name, value)
    if marketing_consent != user.marketing_consent:
        user.marketing_consent = marketing_consent
        user.marketing_consent_at = (now or utcnow()) if marketing_consent else None


def set_password(user: User, new_password: str) -> None:
    """Store a new password; every other session and every reset link stops working."""
    try:
        validation.check_password(new_password)
    except ValueError as error:
        raise InvalidInput({"password": str(error)}) from None
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()


def end_every_session(user: User) -> None:
    """Log the user out everywhere: every session cookie and "remember me" cookie made so far
    names the old token, which load_user_for_session no longer accepts."""
    user.session_token = new_session_token()


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change the password after checking the current one."""
    if not verify_password(user.password_hash, current_password or ""):
        raise InvalidInput({"current_password": _("Mot de passe actuel incorrect.")})
    set_password(user, new_password)


def set_role(user: User, role: str) -> None:
    """Make the user a customer, a staff member or an administrator."""
    if role not in ROLES:
        raise InvalidInput({"role": _("Rôle inconnu.")})
    user.role = role


def assert_can_order(user: User) -> None:
    """Raise OrderingBlocked with the reason shown to the customer when no order is allowed."""
    if user.payment_dispute_open:
        raise OrderingBlocked(
            _(
                "Un litige de paiement est en cours sur une commande précédente : "
                "aucune nouvelle commande n'est possible tant qu'il n'est pas réglé. "
                "Contactez notre service client."
            )
        )
    if not user.is_active or user.is_anonymised:
        raise OrderingBlocked(_("Ce compte est fermé."))


def load_user_for_session(session_id: str) -> User | None:
    """The user named by a Flask-Login id 'id:token', if the token is still current."""
    user_id, _sep, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_token != token or not user.is_active:
        return None
    return user
