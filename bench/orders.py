"""Order benchmark: place_order on PostgreSQL with 8 concurrent workers over 20 products.

Run: .venv/bin/python bench/orders.py
Recreates the database shop_bench_orders with the demo data, gives 20 products 200 units each,
then 8 worker processes each place ORDERS_PER_WORKER orders (1 to 3 of those products, 1 or 2
units each) through the real service, one transaction per order, until the count is reached.
Prints orders/s, p50 and p99 latency of one order (service call and commit), the refusals
(out of stock at the end), and the oversell count (units sold beyond a product's stock: must
be 0). Target: >= 150 orders/s, p99 < 100 ms, oversell 0.
"""

import multiprocessing
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import bench_env, prepare_database  # noqa: E402

DATABASE = "postgresql+psycopg2://postgres@127.0.0.1:5432/shop_bench_orders"
WORKERS = 8
ORDERS_PER_WORKER = 150
PRODUCTS = 20
UNITS = 200
ADDRESS = {
    "first_name": "Camille", "last_name": "Martin", "company": "", "line1": "12 rue des Lilas",
    "line2": "", "postal_code": "75011", "city": "Paris", "country_code": "FR",
    "phone": "+33612345678",
}


def _app():
    import os

    os.environ.update(bench_env(DATABASE))
    from shop import create_app

    return create_app()


def setup() -> list[int]:
    """Demo data, 20 stocked products with 60 units, one buyer per worker."""
    from sqlalchemy import select

    from shop.accounts.models import User
    from shop.accounts.passwords import hash_password
    from shop.catalog.models import Product
    from shop.extensions import db

    app = _app()
    with app.app_context():
        products = db.session.scalars(
            select(Product)
            .where(Product.is_published.is_(True), Product.on_demand.is_(False))
            .order_by(Product.id)
            .limit(PRODUCTS)
        ).all()
        for product in products:
            product.stock = UNITS
        for number in range(WORKERS):
            db.session.add(
                User(
                    email=f"acheteur{number}@bench.example", password_hash=hash_password("x" * 12),
                    first_name="Camille", last_name=f"Bench{number}", customer_type="consumer",
                    role="customer",
                )
            )
        db.session.commit()
        return [product.id for product in products]


def worker(number: int, product_ids: list[int], start, results) -> None:
    """Place orders as one buyer; report (latencies, refusals)."""
    from sqlalchemy import select

    from shop.accounts.models import User
    from shop.catalog.models import Product
    from shop.checkout.services import CheckoutError, OrderRequest, place_order
    from shop.db import utcnow
    from shop.extensions import db

    app = _app()
    rng = random.Random(number)
    latencies, refused = [], 0
    with app.app_context():
        user_id = db.session.scalar(
            select(User.id).where(User.email == f"acheteur{number}@bench.example")
        )
        prices = dict(db.session.execute(select(Product.id, Product.price_cents)).all())
        db.session.rollback()
        start.wait()  # every worker is ready: the clock starts now
        began = time.time()
        for _ in range(ORDERS_PER_WORKER):
            chosen = rng.sample(product_ids, rng.randint(1, 3))
            request = OrderRequest(
                stored_cart=[[pid, rng.randint(1, 2), prices[pid]] for pid in chosen],
                delivery_address=ADDRESS, billing_address=ADDRESS,
                shipping_method_code="colissimo-metro", payment_method="dev",
                cgv_accepted=True, cgv_version=1, expected_total_cents=None,
                idempotency_key=uuid.uuid4().hex,
            )
            started = time.perf_counter()
            try:
                user = db.session.get(User, user_id)
                place_order(user, request, actor="bench", now=utcnow())
                db.session.commit()
            except CheckoutError:
                db.session.rollback()
                refused += 1
            latencies.append(time.perf_counter() - started)
    results.put((latencies, refused, began, time.time()))


def oversell(product_ids: list[int]) -> int:
    """Units reserved by orders beyond the stock the products had."""
    from sqlalchemy import func, select

    from shop.extensions import db
    from shop.orders.models import OrderLine

    app = _app()
    with app.app_context():
        sold = dict(
            db.session.execute(
                select(OrderLine.product_id, func.sum(OrderLine.reserved_quantity))
                .where(OrderLine.product_id.in_(product_ids))
                .group_by(OrderLine.product_id)
            ).all()
        )
    return sum(max(0, int(units) - UNITS) for units in sold.values())


def main() -> None:
    prepare_database(DATABASE)
    product_ids = setup()
    results, start = multiprocessing.Queue(), multiprocessing.Barrier(WORKERS)
    processes = [
        multiprocessing.Process(target=worker, args=(n, product_ids, start, results))
        for n in range(WORKERS)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=300) for _ in processes]
    elapsed = max(o[3] for o in outcomes) - min(o[2] for o in outcomes)
    for process in processes:
        process.join()
    latencies = sorted(x for o in outcomes for x in o[0])
    refused = sum(o[1] for o in outcomes)
    placed = len(latencies) - refused
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(
        f"place_order x{WORKERS} workers: {placed} orders, {refused} refused (out of stock) in "
        f"{elapsed:.1f} s -> {placed / elapsed:.0f} orders/s   "
        f"p50 {statistics.median(latencies) * 1000:.1f} ms   p99 {p99 * 1000:.1f} ms   "
        f"oversell {oversell(product_ids)}   (target >= 150 orders/s, p99 < 100 ms, oversell 0)"
    )


if __name__ == "__main__":
    main()
