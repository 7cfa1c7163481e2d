"""Upgrading an empty database with the migrations gives exactly the models' schema."""

import os

import flask_migrate
import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from shop import create_app
from shop.config import TestConfig, database_url
from tests.conftest import ensure_postgres_database


def _fresh_database_url(tmp_path) -> str:
    url = database_url(os.environ.get("TEST_DATABASE_URL", ""))
    if not url:
        return f"sqlite:///{tmp_path / 'migrations.sqlite'}"
    parsed = make_url(url)
    parsed = parsed.set(database=f"{parsed.database}_migrations")
    ensure_postgres_database(parsed)
    engine = create_engine(parsed)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return parsed.render_as_string(hide_password=False)


def test_migrations_build_the_models_schema(tmp_path):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = _fresh_database_url(tmp_path)
    app = create_app(config)
    with app.app_context():
        flask_migrate.upgrade()
        from shop.extensions import db

        tables = set(inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        try:
            flask_migrate.check()  # exits non-zero when models and migrations differ
        except SystemExit as exit_:
            pytest.fail(f"models and migrations differ (exit {exit_.code})")
        db.engine.dispose()
