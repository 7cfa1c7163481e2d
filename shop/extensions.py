"""Unbound Flask extensions, initialised by create_app."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Connection

from shop.db import Base

db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)


@limiter.request_filter
def _only_posts_are_limited() -> bool:
    """Every limit of the shop counts POSTs (login, sign-up, password reset): other requests
    skip the limiter's per-request work."""
    return request.method != "POST"


@contextmanager
def single_read() -> Iterator[Connection]:
    """A connection for one SELECT of a page that only reads.

    On PostgreSQL, a connection of the session's own pool whose driver is put in autocommit
    while it is borrowed (as SQLAlchemy's own ping does): the statement is one round trip
    instead of three (BEGIN, the statement, ROLLBACK), and sees one consistent snapshot. Being
    the same pool, it has the engine's options (size, idle ping, connect arguments, echo) and
    is renewed with it after a database restart. SQLAlchemy's isolation_level="AUTOCOMMIT"
    would cost a SET on every return to the pool. Elsewhere (SQLite), the session's connection.
    Anything that reads twice or writes uses the session.
    """
    engine = db.engine
    if engine.dialect.name != "postgresql":
        yield db.session.connection()
        return
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        driver.autocommit = True
        try:
            yield connection
        finally:
            if not driver.closed:
                driver.autocommit = False
