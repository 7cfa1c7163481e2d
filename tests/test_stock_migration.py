"""The stock migration turns yesterday's data into a ledger that `flask stock verify` accepts.

Before it, Product.stock was "available": orders took units off it when placed, gave them back
when cancelled, and shipping changed nothing. After it: on_hand = stock + units held by open
orders, allocated = those units, shipped lines hold nothing, and each product's movements (an
opening, then the old history converted) add up to its levels.
"""

from datetime import UTC, datetime

import flask_migrate
import sqlalchemy as sa

from shop import create_app
from shop.config import TestConfig
from tests.stock_checks import stock_verify
from tests.test_migrations import _fresh_database_url

BEFORE = "794e0de30fa6"
T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)


def _filler(column):
    """A value for a required column the scenario does not care about."""
    kind = column["type"].python_type
    return {int: 1, bool: False, str: "x", dict: {}, list: []}.get(kind, T0)


def _insert(conn, table: str, **values) -> None:
    """Insert a row, filling the required columns not given (the old schema has many)."""
    for column in sa.inspect(conn).get_columns(table):
        name = column["name"]
        if name not in values and not column["nullable"] and name != "id":
            values[name] = _filler(column)
    if "delivery_address" in values:
        values = values | {"delivery_address": "{}", "billing_address": "{}", "vat_breakdown": "[]"}
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    conn.execute(sa.text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), values)


def _old_shop(conn) -> None:
    """Products A (8 left, one open order of 2), B (none), C (a shipped order of 2)."""
    _insert(conn, "category", id=1, slug="rayon", name="Rayon")
    _insert(
        conn, "user_account", id=1, email="a@example.com", customer_type="consumer", role="customer"
    )
    for product_id, stock in ((1, 8), (2, 0), (3, 5)):
        _insert(
            conn,
            "product",
            id=product_id,
            slug=f"p{product_id}",
            name=f"P{product_id}",
            category_id=1,
            price_cents=1000,
            stock=stock,
            created_at=T0,
        )
    orders = ((1, "awaiting_payment", 1, 2, 2), (2, "cancelled", 1, 1, 0), (3, "shipped", 3, 2, 2))
    for order_id, status, product_id, quantity, reserved in orders:
        _insert(
            conn,
            "customer_order",
            id=order_id,
            reference=f"PN-{order_id}",
            user_id=1,
            idempotency_key=f"k{order_id}",
            status=status,
            delivery_address="{}",
            created_at=T0,
            shipped_at=T0.replace(day=10) if status == "shipped" else None,
        )
        _insert(
            conn,
            "order_line",
            id=order_id,
            order_id=order_id,
            product_id=product_id,
            quantity=quantity,
            reserved_quantity=reserved,
            position=0,
        )
    history = (
        (1, -2, "order_reserved", 1),
        (1, -1, "order_reserved", 2),
        (1, 1, "order_released", 2),
        (1, -4, "adjustment", None),
        (3, -2, "order_reserved", 3),
    )
    for day, (product_id, quantity, reason, order_id) in enumerate(history, start=2):
        _insert(
            conn,
            "stock_movement",
            product_id=product_id,
            quantity=quantity,
            stock_after=0,
            reason=reason,
            order_id=order_id,
            actor="x",
            note="",
            created_at=T0.replace(day=day),
        )


def test_yesterdays_stock_becomes_a_ledger_that_adds_up(tmp_path):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = _fresh_database_url(tmp_path)
    app = create_app(config)
    with app.app_context():
        from shop.extensions import db

        flask_migrate.upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            _old_shop(conn)
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            levels = conn.execute(
                sa.text("SELECT id, on_hand, allocated FROM product ORDER BY id")
            ).all()
            ledger = conn.execute(
                sa.text(
                    "SELECT product_id, kind, on_hand_change, allocated_change, on_hand_after, "
                    "allocated_after, order_line_id, reason FROM stock_movement "
                    "ORDER BY product_id, created_at, id"
                )
            ).all()
            held = conn.scalars(sa.text("SELECT reserved_quantity FROM order_line ORDER BY id"))
            assert list(held) == [2, 0, 0]  # the shipped line holds nothing any more
            assert conn.scalar(sa.text("SELECT number FROM catalog_revision")) == 1
        assert [tuple(row) for row in levels] == [(1, 10, 2), (2, 0, 0), (3, 5, 0)]
        assert [tuple(row) for row in ledger] == [
            (1, "opening", 14, 0, 14, 0, None, "ledger_opening"),
            (1, "allocated", 0, 2, 14, 2, None, "order_placed"),
            (1, "allocated", 0, 1, 14, 3, None, "order_placed"),
            (1, "released", 0, -1, 14, 2, None, "order_cancelled"),
            (1, "adjusted", -4, 0, 10, 2, None, "adjustment"),
            (3, "opening", 7, 0, 7, 0, None, "ledger_opening"),
            (3, "allocated", 0, 2, 7, 2, None, "order_placed"),
            (3, "shipped", -2, -2, 5, 0, 3, "order_shipped"),
        ]
        result = stock_verify(app)
        assert result.exit_code == 0, result.output
        db.engine.dispose()
