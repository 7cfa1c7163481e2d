"""Pooled connections: one dropped by the database while idle is replaced before a request uses
it; one in use a moment ago is trusted without a round trip (shop.db.ping_after_idle); a page's
single read runs in autocommit on a connection of the same pool (shop.extensions.single_read);
a database restart fails one request per worker."""

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


def test_the_single_read_borrows_from_the_sessions_pool_and_gives_back_a_transactional_connection(
    app, db
):
    """One pool with the engine's options (size, idle ping, connect arguments, echo); the
    connection goes back to it out of autocommit, even when the read fails."""
    from shop.extensions import single_read

    with app.test_request_context():
        with single_read() as connection:
            assert connection.engine is db.engine
            driver = connection.connection.driver_connection
            assert driver.autocommit is True
        assert driver.autocommit is False
        with pytest.raises(exc.ProgrammingError), single_read() as connection:
            driver = connection.connection.driver_connection
            connection.execute(text("SELECT no_such_column FROM product"))
        assert driver.autocommit is False


def _worker_app(app):
    """A second application on the test database: one web worker, with its own pools."""
    from shop import create_app
    from shop.config import TestConfig

    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
    config.PROPAGATE_EXCEPTIONS = False  # a failed request answers 500, as in production
    return create_app(config)


def _terminate_every_other_backend(url: str) -> int:
    """What a database restart does: every connection to the database but this one dropped."""
    killer = create_engine(url, poolclass=NullPool)
    with killer.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    killer.dispose()
    return killed


def test_a_database_restart_under_traffic_fails_one_request_per_worker(app, db):
    """The README's promise: the next request on each dead pool fails, then the pool is renewed.
    A worker with two pools (the session's and an autocommit twin) failed two."""
    from shop import caches
    from shop.shipping.services import seed_shipping_methods
    from tests.conftest import csrf_token_from
    from tests.factories import make_product

    seed_shipping_methods()
    product = make_product(db, on_hand=30)
    db.session.commit()
    pages = [f"/categorie/{product.category.slug}", "/panier/", f"/produit/{product.slug}"]
    db.session.remove()
    db.engine.dispose()  # this test's own connections are closed, not dropped
    worker = _worker_app(app)
    client = worker.test_client()
    token = csrf_token_from(client.get(pages[2]).text)
    line = {"csrf_token": token, "product_id": product.id, "quantity": 1}
    assert client.post("/panier/ajouter", data=line).status_code == 302
    assert [client.get(page).status_code for page in pages] == [200, 200, 200]  # pools warm
    caches.clear_all()  # every page reads the database again

    assert _terminate_every_other_backend(app.config["SQLALCHEMY_DATABASE_URI"]) >= 1
    statuses = [client.get(page).status_code for _ in range(3) for page in pages]

    assert statuses.count(500) == 1 and statuses.count(200) == len(statuses) - 1, statuses
    with worker.app_context():
        for engine in worker.extensions["sqlalchemy"].engines.values():
            engine.dispose()
