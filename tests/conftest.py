"""Shared fixtures: one application per test session, a clean database for every test.

The database is SQLite (a file in a temporary folder) unless TEST_DATABASE_URL names another,
e.g. postgresql+psycopg2://postgres@127.0.0.1:5432/shop_test (created when missing).
"""

import os
import re

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from shop import caches, create_app
from shop.config import TestConfig, database_url
from shop.extensions import db as _db
from shop.extensions import limiter

# Hypothesis measures time: on a loaded machine (CI neighbours, -n 2) drawing inputs can take
# over a second without anything being wrong with the strategies. Their size is bounded in
# each test; only the timing checks go.
settings.register_profile("shop", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("shop")

pytest_plugins = [
    "tests.factories", "tests.fakes.fixtures", "tests.fakes.smtp", "tests.fakes.s3",
    "tests.account_factories",
    "tests.checkout_factories",
]


def _database_url(tmp_path_factory) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = database_url(os.environ.get("TEST_DATABASE_URL", ""))
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    parsed = make_url(url)
    if worker:
        parsed = parsed.set(database=f"{parsed.database}_{worker}")
    if parsed.get_backend_name() == "postgresql":
        ensure_postgres_database(parsed)
    return parsed.render_as_string(hide_password=False)


def ensure_postgres_database(url) -> None:
    """Create the PostgreSQL database named by url if it does not exist."""
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
        )
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = _database_url(tmp_path_factory)
    config.STORAGE_DIR = str(tmp_path_factory.mktemp("private"))
    application = create_app(config)
    import shop.models  # noqa: F401  (every table, even of a package no page imports yet)

    with application.app_context():
        _db.drop_all()
        _db.create_all()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture()
def db(app):
    """The database in a pushed app context, emptied after the test."""
    with app.app_context():
        yield _db
        _db.session.remove()
        empty_database()
    caches.clear_all()
    limiter.reset()  # rate-limit counters: not a cache, but no test may inherit another's


def empty_database() -> None:
    tables = [table.name for table in reversed(_db.metadata.sorted_tables)]
    with _db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            quoted = ", ".join(f'"{name}"' for name in tables)
            conn.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                conn.execute(text(f'DELETE FROM "{name}"'))


@pytest.fixture()
def client(app, db):
    return app.test_client()


@pytest.fixture()
def is_postgres(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


CSRF_PATTERN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    """The CSRF token of the first form in a page."""
    match = CSRF_PATTERN.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


class StatementCounter:
    """Counts SQL statements sent to the database while active."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[str] = []

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            self.statements.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._record)


@pytest.fixture()
def count_queries(db):
    return lambda: StatementCounter(db.engine)


def pytest_collection_modifyitems(config, items):
    """Skip PostgreSQL-only tests on a SQLite run."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set TEST_DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def visible_text(html: str) -> str:
    """The text a reader sees: tags removed, entities decoded, white space folded."""
    import html as html_lib

    without_tags = re.sub(r"<[^>]+>", " ", html)
    folded = re.sub(r"\s+", " ", html_lib.unescape(without_tags))
    return re.sub(r" ([,.;:])", r"\1", folded)
