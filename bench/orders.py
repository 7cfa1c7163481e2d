"""Order benchmark: place_order on PostgreSQL with 8 concurrent workers over 20 products.

Run: .venv/bin/python bench/orders.py
Recreates the database shop_bench_orders with the demo data, gives 20 products 200 available
units each (through the stock service), then 8 worker processes each place ORDERS_PER_WORKER
orders (1 to 3 of those products, 1 or 2 units each) through the real service, one transaction
per order, until the count is reached.
Prints orders/s, p50 and p99 latency of one order (service call and commit), the refusals
(out of stock at the end), and the oversell count (units sold beyond a product's stock: must
be 0). Then serves the shop with gunicorn (2 sync workers) and times the order button: the
demo customer (development configuration, so the demonstration gateway takes the payment
without a network call), logged in with a cart and the checkout steps filled, POSTs the recap
form with
wrk (16 connections, 10 s), a fresh idempotency key each time, so every request places a real
order and is sent on to the payment page. Target: >= 150 orders/s, p99 < 100 ms, oversell 0.
"""

import multiprocessing
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    bench_env,
    gunicorn,
    prepare_database,
    report,
    wrk,
)
from bench.cart import Visitor  # noqa: E402

DATABASE = "postgresql+psycopg2://postgres@127.0.0.1:5432/shop_bench_orders"
WORKERS = 8
ORDERS_PER_WORKER = 150
PRODUCTS = 20
UNITS = 200
ADDRESS = {
    "first_name": "Camille",
    "last_name": "Martin",
    "company": "",
    "line1": "12 rue des Lilas",
    "line2": "",
    "postal_code": "75011",
    "city": "Paris",
    "country_code": "FR",
    "phone": "+33612345678",
}


def _app():
    import os

    os.environ.update(bench_env(DATABASE))
    from shop import create_app

    return create_app()


def setup() -> list[int]:
    """Demo data, 20 stocked products with UNITS available, one buyer per worker."""
    from sqlalchemy import select

    from shop.accounts.models import User
    from shop.accounts.passwords import hash_password
    from shop.catalog.models import Product
    from shop.db import utcnow
    from shop.extensions import db
    from shop.stock.services import adjust

    app = _app()
    with app.app_context():
        products = db.session.scalars(
            select(Product)
            .where(Product.is_published.is_(True), Product.on_demand.is_(False))
            .order_by(Product.id)
            .limit(PRODUCTS)
        ).all()
        for product in products:
            if product.available != UNITS:
                adjust(product.id, UNITS - product.available, actor="bench", reason="bench")
        for number in range(WORKERS):
            db.session.add(
                User(
                    email=f"acheteur{number}@bench.example",
                    password_hash=hash_password("x" * 12),
                    first_name="Camille",
                    last_name=f"Bench{number}",
                    customer_type="consumer",
                    role="customer",
                    email_confirmed_at=utcnow(),
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
    from shop.legal.services import current_cgv

    app = _app()
    rng = random.Random(number)
    latencies, refused = [], 0
    with app.app_context():
        cgv = current_cgv().number  # the version in force, as the recap form sends it
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
                delivery_address=ADDRESS,
                billing_address=ADDRESS,
                shipping_method_code="colissimo-metro",
                payment_method="dev",
                cgv_accepted=True,
                cgv_version=cgv,
                expected_total_cents=None,
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
    http_order_button(product_ids)


RECAP_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "%(cookie)s"
local hex = "0123456789abcdef"
request = function()
  local key = {}
  for i = 1, 32 do
    local n = math.random(1, 16)
    key[i] = hex:sub(n, n)
  end
  local body = "%(fields)s&cgv_accepted=y&idempotency_key=" .. table.concat(key)
  return wrk.format(nil, "/commande/recapitulatif", nil, body)
end
"""


def customer_at_recap(base: str, product_id: int) -> Visitor:
    """The demo customer, logged in, one product in the cart, every step before the recap done."""
    import re

    visitor = Visitor(base)

    def post(path: str, data: dict, page: str | None = None) -> None:
        html = visitor.send("GET", page or path).text
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
        answer = visitor.send("POST", path, data={"csrf_token": token, **data})
        assert answer.status_code == 302, (path, answer.status_code)

    post("/compte/connexion", {"email": "client@example.com", "password": "demo-client-2026"})
    post("/panier/ajouter", {"product_id": product_id, "quantity": 1}, page="/panier/")
    html = visitor.send("GET", "/commande/adresses").text
    address = re.search(r'name="delivery_id"[^>]*value="(\d+)"', html).group(1)
    post("/commande/adresses", {"delivery_id": address, "billing_same": "y"})
    post("/commande/livraison", {"method": "colissimo-metro"})
    post("/commande/paiement", {"payment": "dev"})
    return visitor


def recap_fields(visitor: Visitor) -> str:
    """The recap form's hidden fields (CSRF token, total, CGV version), URL-encoded."""
    import re
    from urllib.parse import urlencode

    html = visitor.send("GET", "/commande/recapitulatif").text
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    fields.pop("idempotency_key", None)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
    return urlencode(fields | {"csrf_token": token})


def http_order_button(product_ids: list[int]) -> None:
    """Time the recap POST under the same bounded load as the other benchmarks."""
    import tempfile

    from shop.extensions import db
    from shop.stock.services import receive

    with _app().app_context():
        receive(product_ids[0], 1_000_000, actor="bench", reason="bench")
        db.session.commit()
    # The development configuration on the same PostgreSQL database: its demonstration gateway
    # answers without a network call, so the figure is the shop's own work.
    env = bench_env(DATABASE) | {"SHOP_ENV": "development"}
    with gunicorn(env) as (base, _pid), tempfile.TemporaryDirectory() as tmp:
        visitor = customer_at_recap(base, product_ids[0])
        script = Path(tmp) / "recap.lua"
        script.write_text(
            RECAP_SCRIPT % {"cookie": f"session={visitor.cookie}", "fields": recap_fields(visitor)}
        )
        figures = wrk(base + "/commande/recapitulatif", script=str(script))
        report("order button (HTTP POST)", figures, {"order button (HTTP POST)": ">= 150 req/s"})


if __name__ == "__main__":
    main()
