"""The session cookie, read so that an unreadable one is noticed instead of silently dropped.

Flask answers a tampered, expired or otherwise unreadable session cookie with an empty
session: the visitor's cart vanishes with no word. Here such a session is marked; a request
hook tells the visitor once (« Votre panier n'a pas pu être relu ») and logs once. The new
session written with that notice replaces the bad cookie, so the next request is quiet.
"""

from flask import Flask, flash, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

UNREADABLE_MESSAGE = (
    "Votre panier n'a pas pu être relu : il a été vidé. Ajoutez de nouveau vos produits."
)


class ShopSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions; an unreadable cookie gives a session marked so."""

    def open_session(self, app: Flask, request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            return self.session_class(serializer.loads(value, max_age=max_age))
        except BadSignature:
            fresh = self.session_class()
            fresh.unreadable = True  # type: ignore[attr-defined]
            return fresh


def tell_about_unreadable_session() -> None:
    """The hook: flash the notice and log once, on the request that brought the bad cookie."""
    if getattr(session._get_current_object(), "unreadable", False):
        from flask import current_app

        current_app.logger.warning(
            "Unreadable session cookie (%s %s): a new session was started",
            request.method, request.path,
        )
        flash(UNREADABLE_MESSAGE, "warning")


def register_sessions(app: Flask) -> None:
    app.session_interface = ShopSessionInterface()
    app.before_request(tell_about_unreadable_session)
