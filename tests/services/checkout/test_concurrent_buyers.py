"""20 buyers at once for the last 5 units: exactly 5 orders, none available, ledger verified.

Runs on SQLite and on PostgreSQL (the suite runs on both), through the real place_order, each
buyer in its own thread, application context and database connection.
"""

import threading

from sqlalchemy import func, select

from shop.accounts.models import User
from shop.checkout.services import CheckoutError, place_order
from shop.orders.models import Order
from shop.stock.models import StockMovement
from shop.stock.services import adjust
from tests.account_factories import make_user
from tests.checkout_factories import order_request
from tests.factories import at, make_product
from tests.stock_checks import assert_stock_verified

BUYERS = 20
UNITS = 5


def test_the_last_units_are_sold_exactly_once(app, db, shop_ready):
    product = make_product(db, on_hand=UNITS + 40)
    adjust(product.id, -40, actor="test", reason="stocktake")  # a movement history before
    users = [make_user(db) for _ in range(BUYERS)]
    db.session.commit()
    requests = [order_request([(product, 1)]) for _ in users]
    user_ids = [user.id for user in users]
    db.session.rollback()  # SQLite: an open transaction here would hold the write lock
    start = threading.Barrier(BUYERS)
    outcomes: list[str] = []

    def buy(user_id: int, request) -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            db.session.rollback()  # start from the barrier with no transaction open
            start.wait()
            try:
                place_order(user, request, actor=f"client:{user_id}", now=at(2026, 11, 24))
                db.session.commit()
                outcomes.append("ok")
            except CheckoutError:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=buy, args=args) for args in zip(user_ids, requests, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    db.session.expire_all()
    assert sorted(outcomes) == ["ok"] * UNITS + ["refused"] * (BUYERS - UNITS)
    assert db.session.scalar(select(func.count()).select_from(Order)) == UNITS
    product = db.session.get(type(product), product.id)
    assert (product.on_hand, product.allocated, product.available) == (UNITS, UNITS, 0)
    levels = db.session.scalars(
        select(StockMovement.allocated_after)
        .where(StockMovement.kind == "allocated")
        .order_by(StockMovement.allocated_after)
    ).all()
    assert levels == [1, 2, 3, 4, 5]  # one unit each, never beyond what was on hand
    assert_stock_verified(app)
