"""Declarative base with a naming convention, the column types the shop shares, and how the
connection pools check their connections."""

import time
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import DateTime, Integer, MetaData, TypeDecorator, event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime (UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Rate(TypeDecorator):
    """A percentage such as a VAT rate, exact: stored as hundredths of a percent (5.5 % -> 550)."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        hundredths = Decimal(value) * 100
        if hundredths != hundredths.to_integral_value():
            raise ValueError(f"rate {value} has more than two decimals")
        return int(hundredths)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return (Decimal(value) / 100).normalize() + Decimal("0.0")


def configure_sqlite_engines() -> None:
    """Make SQLite (demo and tests) safe for concurrent writers; PostgreSQL is untouched.

    pysqlite's own transaction handling starts a transaction lazily at the first write, so two
    requests that read then write can fail at once with "database is locked". Every transaction
    here starts with BEGIN IMMEDIATE instead: writers queue (busy timeout 30 s) rather than fail,
    and a conditional stock update can never be overtaken between its read and its write.
    """
    import sqlite3

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if getattr(configure_sqlite_engines, "done", False):
        return

    @event.listens_for(Engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA busy_timeout = 30000")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.close()

    @event.listens_for(Engine, "begin")
    def _on_begin(connection):
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    configure_sqlite_engines.done = True


IDLE_PING_SECONDS = 5.0


def ping_after_idle(engine: Engine, idle_seconds: float = IDLE_PING_SECONDS) -> None:
    """Check a pooled connection before handing it out when it has sat unused for a while.

    SQLAlchemy's pool_pre_ping checks on every checkout: one more round trip to the database on
    every request, about 5 % of a cart page. A connection that carried a request a moment ago
    is alive; one that waited longer than ``idle_seconds`` (a quiet night, a database restart)
    is pinged, and a dead one is replaced before the request sees it (the pool retries after a
    DisconnectionError). A restart under steady traffic still fails one request per worker,
    after which SQLAlchemy renews the whole pool.
    """

    @event.listens_for(engine, "checkin")
    def _note_idle_since(dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, proxy) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < idle_seconds:
            return  # a new connection, or one in use a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError("connexion à la base perdue : remplacée") from error


def insert_for(dialect_name: str):
    """The dialect's INSERT construct (PostgreSQL or SQLite), which has ON CONFLICT DO NOTHING."""
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert
