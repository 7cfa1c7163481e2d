"""Upgrading an empty database with the migrations gives exactly the models' schema."""

import os

import flask_migrate
import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from shop import create_app
from shop.config import TestConfig, database_url
from tests.conftest import ensure_postgres_database


def _fresh_database_url(tmp_path, name: str = "migrations") -> str:
    """An empty database named after `name`, of this test worker's own."""
    url = database_url(os.environ.get("TEST_DATABASE_URL", ""))
    if not url:
        return f"sqlite:///{tmp_path / (name + '.sqlite')}"
    parsed = make_url(url)
    # One database per test worker: two workers running migration tests at once would drop
    # each other's schema.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    parsed = parsed.set(database=f"{parsed.database}_{name}_{worker}")
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


def test_the_ledger_migration_keeps_every_existing_attempt(tmp_path):
    """Orders placed before the ledger keep their last attempt as a Payment row."""
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = _fresh_database_url(tmp_path)
    app = create_app(config)
    with app.app_context():
        from shop.extensions import db

        flask_migrate.upgrade(revision="bd9813080ad7")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO user_account (id, email, password_hash, first_name, last_name, "
                "customer_type, role, payment_dispute_open, marketing_consent, is_active, "
                "session_token, created_at) VALUES (1, 'a@example.com', 'x', 'A', 'B', "
                "'consumer', 'customer', false, false, true, 't', '2026-11-01 10:00:00+00')"))
            for number, (status, ref, paid) in enumerate(
                [("paid", "pi_1", "'2026-11-01 10:05:00+00'"), ("awaiting_payment", None, "NULL"),
                 ("cancelled", None, "NULL")], start=1):
                conn.execute(text(
                    "INSERT INTO customer_order (id, reference, user_id, idempotency_key, channel,"
                    " status, customer_type, customer_email, customer_first_name, "
                    "customer_last_name, company_name, siret, vat_number, delivery_address, "
                    "billing_address, shipping_method_code, shipping_method_name, shipping_zone, "
                    "products_ttc_cents, shipping_ttc_cents, total_ttc_cents, total_ht_cents, "
                    "total_vat_cents, vat_breakdown, currency, cgv_version, cgv_accepted_at, "
                    "payment_method, payment_provider_ref, payment_ref, created_at, paid_at) "
                    f"VALUES ({number}, 'PN-{number}', 1, 'k{number}', 'web', '{status}', "
                    "'consumer', 'a@example.com', 'A', 'B', '', '', '', '{}', '{}', 'c', 'C', "
                    "'metro', 1000, 550, 1550, 1469, 81, '[]', 'EUR', 1, "
                    "'2026-11-01 10:00:00+00', 'stripe', :attempt, :ref, "
                    f"'2026-11-01 10:00:00+00', {paid})"),
                    {"attempt": f"cs_{number}", "ref": ref})
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT order_id, attempt_ref, status, captured_ref, captured_cents FROM payment "
                "ORDER BY order_id")).all()
        assert [tuple(row) for row in rows] == [
            (1, "cs_1", "captured", "pi_1", 1550), (2, "cs_2", "open", None, 0),
            (3, "cs_3", "cancelled", None, 0)]
        db.engine.dispose()


def test_running_the_migrations_leaves_the_apps_loggers_working(tmp_path):
    """Before: alembic's fileConfig disabled every existing logger, the shop's included, so
    warnings logged after a migration in the same process went nowhere."""
    import logging

    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = _fresh_database_url(tmp_path)
    app = create_app(config)
    with app.app_context():
        flask_migrate.upgrade()
        from shop.extensions import db

        db.engine.dispose()
    for name in ("shop", "shop.jobs.services", "shop.billing.events"):
        assert not logging.getLogger(name).disabled, name


def test_the_search_migration_indexes_the_existing_catalogue(tmp_path):
    """Products published before the ranked search are found by it right after the upgrade,
    with their category's name and their nutrients."""
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = _fresh_database_url(tmp_path)
    app = create_app(config)
    with app.app_context():
        from shop.catalog.search import search_products
        from shop.extensions import db

        flask_migrate.upgrade(revision="702e6df17858")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO category (id, slug, name, description, position) "
                              "VALUES (1, 'sommeil', 'Sommeil et détente', '', 1)"))
            for id_, slug, name, ingredients in [
                    (1, "calcium", "Calcium", "Stéarate de magnésium"),
                    (2, "magnesium-marin", "Magnésium marin", "Oxyde de magnésium")]:
                conn.execute(text(
                    "INSERT INTO product (id, slug, name, brand, category_id, short_description, "
                    "description, format, net_quantity, is_food_supplement, price_cents, "
                    "vat_rate, weight_grams, ingredients, allergens, daily_portion, usage, "
                    "storage, warnings, plant_warnings, operator_name, operator_address, "
                    "sealed_hygiene, on_demand, on_hand, allocated, is_published, search_text, "
                    "created_at, updated_at) VALUES (:id, :slug, :name, 'Marque', 1, '', '', "
                    "'gelules', '', true, 990, 5.5, 60, :ingredients, '', '', '', '', '', '', "
                    "'', '', true, false, 0, 0, true, '', '2026-11-01 10:00:00+00', "
                    "'2026-11-01 10:00:00+00')"),
                    {"id": id_, "slug": slug, "name": name, "ingredients": ingredients})
            conn.execute(text("INSERT INTO nutrient (id, product_id, position, name, amount, "
                              "unit) VALUES (1, 1, 0, 'Calcium', '120', 'mg')"))
        flask_migrate.upgrade()
        assert search_products("magnésium").ids == [2, 1]
        assert search_products("sommeil").ids == [1, 2]
        assert search_products("calcium").ids == [1]
        assert search_products("magnesuim").ids == [2, 1]
        db.session.remove()
        db.engine.dispose()
