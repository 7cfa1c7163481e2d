"""Concurrent reservations: no oversell, no deadlock, and a ledger that still adds up.

Each buyer runs in its own thread with its own application context, session and connection.
On SQLite writers queue (shop.db); on PostgreSQL they really overlap, and the conditional UPDATE
is what keeps the last units from being sold twice.
"""

import random
import threading
import time

import pytest
from sqlalchemy import func, select, text

from shop.accounts.models import User
from shop.catalog.models import Product
from shop.checkout.services import CheckoutError, place_order
from shop.orders.models import Order, OrderLine
from shop.stock import services as stock
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.factories import at, make_product
from tests.stock_checks import assert_stock_verified

BUYERS = 12
UNITS = 4


def test_buyers_of_several_products_in_any_order_never_oversell(app, db, shop_ready):
    products = [make_product(db, on_hand=UNITS) for _ in range(3)]
    users = [make_user(db) for _ in range(BUYERS)]
    rng = random.Random(16)
    requests = []
    for _ in users:
        chosen = rng.sample(products, rng.choice([2, 3]))  # shuffled: carts list them in any order
        requests.append(order_request([(product, 1) for product in chosen]))
    db.session.commit()
    user_ids = [user.id for user in users]
    db.session.rollback()
    start = threading.Barrier(BUYERS)
    outcomes: list[str] = []

    def buy(user_id: int, request) -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            db.session.rollback()
            start.wait()
            try:
                place_order(user, request, actor=f"client:{user_id}", now=at(2026, 11, 24))
                db.session.commit()
                outcomes.append("ok")
            except CheckoutError:
                db.session.rollback()
                outcomes.append("refused")
            except Exception as error:  # a deadlock or any database error fails the test
                db.session.rollback()
                outcomes.append(f"error: {error}")
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=buy, args=pair) for pair in zip(user_ids, requests, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == BUYERS and set(outcomes) <= {"ok", "refused"}, outcomes
    db.session.expire_all()
    sold = dict(
        db.session.execute(
            select(OrderLine.product_id, func.sum(OrderLine.quantity)).group_by(
                OrderLine.product_id
            )
        ).all()
    )
    for product in products:
        product = db.session.get(Product, product.id)
        assert sold.get(product.id, 0) <= UNITS  # no oversell
        assert (product.on_hand, product.allocated) == (UNITS, sold.get(product.id, 0))
    assert db.session.scalar(select(func.count()).select_from(Order)) == outcomes.count("ok")
    assert_stock_verified(app)


@pytest.mark.postgres
def test_a_waiting_reservation_rechecks_the_level_after_the_other_commits(app, db):
    """PostgreSQL: B's UPDATE waits on A's row lock, then re-reads the row A committed and
    finds nothing left: OutOfStock, no negative level."""
    product = make_product(db, on_hand=2)
    db.session.commit()
    product_id = product.id
    outcome: list[object] = []
    waiting = threading.Event()

    def buyer_b() -> None:
        with app.app_context():
            waiting.set()
            try:
                stock.reserve([stock.Line(product_id, 1)], order_id=None, actor="client:b")
                outcome.append("reserved")
            except stock.OutOfStock as error:
                outcome.append(error)
            finally:
                db.session.rollback()
                db.session.remove()

    stock.reserve([stock.Line(product_id, 2)], order_id=None, actor="client:a")
    db.session.flush()  # A holds the row lock, uncommitted
    thread = threading.Thread(target=buyer_b)
    thread.start()
    waiting.wait(5)
    _wait_until_blocked(app)
    assert outcome == []  # B is waiting for A
    db.session.commit()
    thread.join(timeout=10)
    assert len(outcome) == 1 and isinstance(outcome[0], stock.OutOfStock)
    assert outcome[0].available == 0
    db.session.expire_all()
    assert db.session.get(Product, product_id).allocated == 2


def _wait_until_blocked(app, seconds: float = 5.0) -> None:
    """Until another backend waits for a lock (the UPDATE of buyer B)."""
    from shop.extensions import db

    deadline = time.monotonic() + seconds
    with db.engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()"
                )
            )
            conn.rollback()
            if waiting:
                return
            time.sleep(0.02)
    raise AssertionError("buyer B never waited for the row lock")
