"""The cookies the shop sets, described for the privacy page (LEGAL.md G4).

Only strictly necessary cookies exist: they need no consent. The list is built from the
settings that name them and fix their lifetime, so the page cannot drift from the code.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _

DEFAULT_SESSION_LIFETIME = timedelta(days=31)  # Flask's own default
DEFAULT_REMEMBER_DURATION = timedelta(days=365)  # Flask-Login's own default


@dataclass(frozen=True)
class CookieInfo:
    """One cookie: its name, what it is for, how long it lives."""

    name: str
    purpose: str
    lifetime: str


def _days(value: object, default: timedelta) -> int:
    if value is None:
        value = default
    if not isinstance(value, timedelta):
        value = timedelta(seconds=int(value))  # Flask accepts seconds as well
    return max(1, round(value.total_seconds() / 86400))


def necessary_cookies(config: Mapping) -> list[CookieInfo]:
    """The strictly necessary cookies of the shop, as configured (texts need an app context)."""
    session_days = _days(config.get("PERMANENT_SESSION_LIFETIME"), DEFAULT_SESSION_LIFETIME)
    remember_days = _days(config.get("REMEMBER_COOKIE_DURATION"), DEFAULT_REMEMBER_DURATION)
    return [
        CookieInfo(
            name=config.get("SESSION_COOKIE_NAME") or "session",
            purpose=_(
                "Garde votre panier, votre connexion à votre compte et le jeton de "
                "sécurité qui protège les formulaires contre la falsification (CSRF)."
            ),
            lifetime=_("%(days)s jours au plus après votre dernière visite", days=session_days),
        ),
        CookieInfo(
            name=config.get("REMEMBER_COOKIE_NAME") or "remember_token",
            purpose=_("Vous garde connecté, seulement si vous le demandez en vous connectant."),
            lifetime=_("%(days)s jours au plus", days=remember_days),
        ),
    ]
