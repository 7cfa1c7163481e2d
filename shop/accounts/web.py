"""Helpers of the accounts web face: safe `next` targets, session renewal, form errors."""

import string
from collections.abc import Iterable, MutableMapping
from urllib.parse import urlsplit

from flask import g
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm

from shop.accounts.errors import InvalidInput
from shop.accounts.models import User
from shop.accounts.services import record_login
from shop.cart.storage import forget_cart, restore_cart, stored_cart

_ALLOWED_NEXT_CHARS = set(string.ascii_letters + string.digits + "-._~/?#[]@!$&'()*+,;=%:")


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path inside this shop ("/panier?x=1"), else None.

    Refused: absolute URLs, scheme-relative ("//evil"), backslashes ("/\\evil"), schemes
    ("javascript:"), whitespace and control characters (browsers strip some of them).
    """
    if not target or len(target) > 2000 or not target.startswith("/"):
        return None
    if target.startswith("//") or "\\" in target or not set(target) <= _ALLOWED_NEXT_CHARS:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def renew_session(session: MutableMapping, keep: Iterable[str] = ("cart",)) -> None:
    """Start a fresh session holding only the `keep` keys (the cart): new CSRF secret, no ids."""
    kept = {key: session[key] for key in keep if key in session}
    session.clear()
    session.update(kept)
    g.pop("csrf_token", None)  # Flask-WTF caches the token of the old session here


def end_session(session: MutableMapping) -> None:
    """Log out and forget everything, cart included (a shared computer stays clean)."""
    logout_user()
    forget_cart(session)
    renew_session(session, keep=())


def log_in(session: MutableMapping, user: User, remember: bool = False) -> None:
    """Log the user in on a renewed session that keeps the cart (through the cart's API)."""
    taken = stored_cart(session)
    renew_session(session, keep=())
    restore_cart(session, taken)
    login_user(user, remember=remember)
    record_login(user)


def apply_errors(form: FlaskForm, error: InvalidInput) -> None:
    """Show a service's French messages next to the matching fields (or above the form)."""
    for name, message in error.errors.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)
