"""The input boundary, in one place: what a request may carry before any view reads it.

A request hook refuses, before CSRF, the limiter or a view:
- NUL and other control characters in the path, the query string and form fields (PostgreSQL
  cannot store NUL; CR/LF in a name would become a header line of a text e-mail). Tab and
  newline are allowed only in the fields named in MULTILINE_FIELDS (none today);
- a POST body that is not a form (`application/x-www-form-urlencoded`, or
  `multipart/form-data`), unless the view is marked `raw_body` (the provider webhooks): 415;
- file parts, except in views marked `accepts_upload(max_bytes)` (the proof of identity), whose
  body may then reach max_bytes plus the form around it: 400.
URL integers go through a converter bounded to the database's integer range (PostgreSQL
`integer`), and form integers through `bounded_int`: a larger number is "not found" or a
refused field, never an overflow in the driver.
"""

import re
from collections.abc import Callable, Iterable

from flask import Flask, current_app, request
from werkzeug.routing import IntegerConverter
from wtforms import IntegerField

from shop.errors import render_error

# Ids are PostgreSQL `integer` columns; SQLite's driver overflows past 64 bits.
DB_INT_MIN = -(2**31)
DB_INT_MAX = 2**31 - 1

# C0 controls, DEL and C1 controls; tab and newline (and CR, which browsers send with LF) are
# told apart for multi-line fields.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_EXCEPT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Form fields that may hold several lines (a <textarea>); every other field is one line.
MULTILINE_FIELDS: frozenset[str] = frozenset()
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")

CONTROL_MESSAGE = (
    "La demande contient des caractères non autorisés (caractères de contrôle). "
    "Retirez-les et réessayez."
)
FILE_MESSAGE = "Cette page n'attend aucun fichier : envoyez le formulaire sans pièce jointe."
TYPE_MESSAGE = "Cette page n'accepte que les formulaires du site."


class DatabaseIntConverter(IntegerConverter):
    """`<int:...>` bounded to 1..DB_INT_MAX: a larger id is a 404, not a driver overflow."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, *args, **kwargs)


def install_converters(app: Flask) -> None:
    """Replace werkzeug's unbounded `int` converter; call before any route is added."""
    app.url_map.converters["int"] = DatabaseIntConverter


def bounded_int(value: object) -> int:
    """`int(value)` within the database's integer range, else ValueError (a WTForms coerce)."""
    number = int(value)  # type: ignore[call-overload]
    if not DB_INT_MIN <= number <= DB_INT_MAX:
        raise ValueError("nombre hors limites")
    return number


class BoundedIntegerField(IntegerField):
    """A WTForms integer field that refuses numbers outside the database's integer range."""

    def process_formdata(self, valuelist: list) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and not DB_INT_MIN <= self.data <= DB_INT_MAX:
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value."))


def raw_body(view: Callable) -> Callable:
    """Mark a view that reads its own body (a provider's JSON webhook)."""
    view.raw_body = True  # type: ignore[attr-defined]
    return view


def accepts_upload(max_bytes: int) -> Callable:
    """Mark a view whose form carries a file of at most `max_bytes` (the view checks it)."""
    def mark(view: Callable) -> Callable:
        view.upload_max_bytes = max_bytes  # type: ignore[attr-defined]
        return view
    return mark


UPLOAD_FORM_OVERHEAD = 64 * 1024  # the multipart headers and the other fields


def has_control_characters(value: str, multiline: bool = False) -> bool:
    """True when `value` holds a control character (tab and newlines allowed if multiline)."""
    return bool((_CONTROL_EXCEPT_LINES if multiline else _CONTROL).search(value))


def _any_control(pairs: Iterable[tuple[str, str]], multiline: frozenset[str]) -> bool:
    return any(
        has_control_characters(key) or has_control_characters(value, key in multiline)
        for key, value in pairs
    )


def check_request():
    """The hook: an error page when the request carries what the shop cannot take."""
    if has_control_characters(request.path) or _any_control(
        request.args.items(multi=True), frozenset()
    ):
        return render_error(400, CONTROL_MESSAGE)
    if request.method not in BODY_METHODS or request.endpoint is None:
        return None
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "raw_body", False):
        return None
    has_body = bool(request.content_length) or request.headers.get("Transfer-Encoding")
    if (has_body or request.mimetype) and request.mimetype not in FORM_TYPES:
        return render_error(415, TYPE_MESSAGE)
    upload_max = getattr(view, "upload_max_bytes", None)
    if upload_max:
        request.max_content_length = upload_max + UPLOAD_FORM_OVERHEAD
    elif request.files:
        return render_error(400, FILE_MESSAGE)
    if _any_control(request.form.items(multi=True), MULTILINE_FIELDS):
        return render_error(400, CONTROL_MESSAGE)
    return None


def register_input_checks(app: Flask) -> None:
    """Run check_request right after the Host check, before CSRF, the limiter and the views."""
    funcs = app.before_request_funcs.setdefault(None, [])
    funcs.insert(1 if funcs else 0, check_request)
