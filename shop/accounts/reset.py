"""Links e-mailed to prove that someone reads an address: password reset (valid one hour,
usable once), sign-up confirmation (valid EMAIL_CONFIRM_MAX_AGE, usable once) and the
invitation to choose a first password sent to an account staff created (valid
ACCOUNT_INVITATION_MAX_AGE, usable once: it is a reset link with a salt and a validity of
its own).

A token carries the user id and a fingerprint of the current password hash, signed with a salt
of its own (a reset link cannot confirm an account, nor the reverse): once the password
changes, the fingerprint no longer matches and the link is dead.
"""

import hashlib
import time
from collections.abc import Callable
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from shop.accounts.errors import AccountError
from shop.accounts.models import User
from shop.accounts.services import confirm_email, find_user_by_email, set_password
from shop.accounts.validation import normalise_email
from shop.extensions import db
from shop.notifications import send_email
from shop.urls import external_url

SALT = "password-reset"
CONFIRM_SALT = "email-confirmation"
INVITATION_SALT = "account-invitation"
DEFAULT_MAX_AGE = 3600


class InvalidResetLink(AccountError):
    """The reset link is forged, expired or already used."""


class _ClockSigner(TimestampSigner):
    """A timestamp signer whose clock can be set, to issue tokens at a given moment."""

    def __init__(self, *args, issued_at: float | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.issued_at = issued_at

    def get_timestamp(self) -> int:
        return int(self.issued_at if self.issued_at is not None else time.time())


def _serializer(
    secret_key: str, issued_at: float | None = None, salt: str = SALT
) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        secret_key, salt=salt, signer=_ClockSigner, signer_kwargs={"issued_at": issued_at}
    )


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:20]


def make_reset_token(
    user: User, secret_key: str, now: datetime | None = None, salt: str = SALT
) -> str:
    """A signed token for this user's current password, issued now (or at `now`)."""
    issued_at = now.timestamp() if now else None
    payload = {"uid": user.id, "fp": _fingerprint(user.password_hash)}
    return _serializer(secret_key, issued_at, salt).dumps(payload)


def make_confirm_token(user: User, secret_key: str, now: datetime | None = None) -> str:
    """The token of the sign-up confirmation link."""
    return make_reset_token(user, secret_key, now, salt=CONFIRM_SALT)


def user_for_reset_token(
    token: str, secret_key: str, max_age: int = DEFAULT_MAX_AGE, salt: str = SALT
) -> User:
    """The user a valid token belongs to; raises InvalidResetLink otherwise."""
    try:
        payload = _serializer(secret_key, salt=salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise InvalidResetLink(_("Ce lien a expiré. Demandez-en un nouveau.")) from None
    except BadSignature:
        raise InvalidResetLink(_("Ce lien n'est pas valide.")) from None
    user = db.session.get(User, payload.get("uid")) if isinstance(payload, dict) else None
    if user is None or _fingerprint(user.password_hash) != payload.get("fp"):
        raise InvalidResetLink(_("Ce lien a déjà été utilisé ou n'est plus valide."))
    if not user.is_active or user.is_anonymised:
        raise InvalidResetLink(_("Ce lien n'est pas valide."))
    return user


def request_password_reset(
    email: str, secret_key: str, make_link: Callable[[str], str], max_age: int = DEFAULT_MAX_AGE
) -> None:
    """E-mail a reset link if an active account has this address; silent otherwise."""
    try:
        user = find_user_by_email(normalise_email(email))
    except ValueError:
        return
    if user is None or not user.is_active or user.is_anonymised:
        return
    link = make_link(make_reset_token(user, secret_key))
    send_email(
        user.email,
        _("Réinitialisation de votre mot de passe"),
        "password_reset",
        context={"user": user, "link": link, "valid_minutes": max_age // 60},
        user_id=user.id,
    )


def make_invitation_token(user: User, secret_key: str, now: datetime | None = None) -> str:
    """The token of the « choose your password » link e-mailed to an account staff created."""
    return make_reset_token(user, secret_key, now, salt=INVITATION_SALT)


def send_invitation(user: User, subject: str, template: str, **context) -> None:
    """E-mail the owner of an account staff opened (or reset) the link to choose a password:
    valid ACCOUNT_INVITATION_MAX_AGE, once. Sent after the caller commits."""
    config = current_app.config
    link = external_url("accounts.invitation",
                        token=make_invitation_token(user, config["SECRET_KEY"]))
    send_email(user.email, subject, template, user_id=user.id,
               context={"user": user, "link": link,
                        "valid_days": config["ACCOUNT_INVITATION_MAX_AGE"] // 86400} | context)


def reset_password(
    token: str, new_password: str, secret_key: str, max_age: int = DEFAULT_MAX_AGE,
    salt: str = SALT,
) -> User:
    """Set a new password from a valid link; the link dies with the old password. The link
    came to the address, so an account not yet confirmed is confirmed too (an owner who lost
    the welcome e-mail, or whose address someone else signed up with, takes the account back
    this way)."""
    user = user_for_reset_token(token, secret_key, max_age, salt=salt)
    set_password(user, new_password)
    confirm_email(user)
    return user


def user_for_confirm_token(token: str, secret_key: str, max_age: int) -> User:
    """The account a valid sign-up confirmation link belongs to; raises InvalidResetLink."""
    return user_for_reset_token(token, secret_key, max_age, salt=CONFIRM_SALT)
