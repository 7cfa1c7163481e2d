"""Pooled connections: one dropped by the database while idle is replaced before a request uses
it; one in use a moment ago is trusted without a round trip (shop.db.ping_after_idle); a page's
single read runs in autocommit (shop.db.autocommit_twin)."""

import pytest
from sqlalchemy import create_engine, exc, text
from sqlalchemy.pool import NullPool

from shop.db import ping_after_idle

pytestmark = pytest.mark.postgres


def _pooled_engine(url: str, idle_seconds: float):
    engine = create_engine(url, pool_size=1, max_overflow=0)
    ping_after_idle(engine, idle_seconds=idle_seconds)
    return engine


def _backend_pid(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _terminate(url: str, pid: int) -> None:
    """What a database restart does to a pooled connection."""
    killer = create_engine(url, poolclass=NullPool)
    with killer.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    killer.dispose()


def test_a_connection_dropped_while_idle_is_replaced_before_use(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    engine = _pooled_engine(url, idle_seconds=0)  # every pooled connection counts as idle
    dropped = _backend_pid(engine)
    _terminate(url, dropped)
    assert _backend_pid(engine) != dropped  # no error: the dead connection was replaced
    engine.dispose()


def test_a_connection_used_a_moment_ago_is_not_pinged(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    engine = _pooled_engine(url, idle_seconds=3600)
    dropped = _backend_pid(engine)
    _terminate(url, dropped)
    with pytest.raises(exc.OperationalError):  # the trade-off: this one request fails...
        _backend_pid(engine)
    assert _backend_pid(engine) != dropped  # ...and the pool is renewed for the next
    engine.dispose()


def test_a_single_read_runs_outside_any_transaction_block(app, db):
    """The cart page's read: one round trip, no BEGIN or ROLLBACK around it."""
    from shop.extensions import single_read

    own_transaction = text("SELECT statement_timestamp() = transaction_timestamp()")
    with app.test_request_context():
        with single_read() as connection:
            connection.execute(text("SELECT pg_sleep(0.01)"))
            assert connection.execute(own_transaction).scalar_one()  # autocommit
        db.session.execute(text("SELECT pg_sleep(0.01)"))
        assert not db.session.execute(own_transaction).scalar_one()  # the session's block
        db.session.rollback()
