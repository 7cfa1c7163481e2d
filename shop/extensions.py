"""Unbound Flask extensions, initialised by create_app."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Connection

from shop.db import Base

db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
mail = Mail()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)


@limiter.request_filter
def _only_posts_are_limited() -> bool:
    """Every limit of the shop counts POSTs (login, sign-up, password reset): other requests
    skip the limiter's per-request work."""
    return request.method != "POST"


@contextmanager
def single_read() -> Iterator[Connection]:
    """A connection for one SELECT of a page that only reads: autocommit on PostgreSQL (one
    round trip, shop.db.autocommit_twin), the session's connection elsewhere."""
    twin = current_app.extensions.get("autocommit_engine")
    if twin is None:
        yield db.session.connection()
        return
    with twin.connect() as connection:
        yield connection
