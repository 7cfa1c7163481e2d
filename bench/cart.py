"""Cart benchmark: add-to-cart POST and the cart page with 10 lines under a bounded load.

Run: .venv/bin/python bench/cart.py
Serves the demo shop with gunicorn (2 sync workers) on PostgreSQL (database shop_bench_cart, or
BENCH_DATABASE_URL's name with _cart; recreated), takes a session cookie and its CSRF token with
one real visit, then loads from 127.0.0.1 with wrk (16 connections, 10 s, three times each):
POST /panier/ajouter cycling over 10 products (a Lua script sends the token and the cookie; every
POST starts from the same empty cart and answers 302), and GET /panier/ with a 10-line cart in
the cookie. Prints the run with the median requests/s, its p50 and p99 latency, the requests/s
of the three runs, and what each worker weighs (RSS and PSS) after each load.
Targets (2 cores): each >= 800 req/s, p99 < 50 ms, < 80 MiB per worker.
"""

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from bench._common import (  # noqa: E402
    DEFAULT_DATABASE,
    gunicorn,
    prepare_database,
    report,
    report_memory,
    wrk,
    wrk_median,
)

DATABASE = DEFAULT_DATABASE + "_cart"
TARGETS = {"add to cart (POST)": ">= 800 req/s", "cart page (10 lines)": ">= 800 req/s"}
LINES = 10

ADD_SCRIPT = """
local ids = {%(ids)s}
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "%(cookie)s"
request = function()
  counter = counter + 1
  local id = ids[(counter %% #ids) + 1]
  local body = "csrf_token=%(token)s&quantity=1&product_id=" .. id
  return wrk.format(nil, "/panier/ajouter", nil, body)
end
"""


def stocked_products(database_url: str) -> list[tuple[int, str]]:
    """(id, slug) of published products with plenty of stock, enough for the cart."""
    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, slug FROM product WHERE is_published "
                "AND (on_demand OR on_hand - allocated >= 20) "
                "ORDER BY id LIMIT :n"
            ),
            {"n": LINES},
        ).all()
    engine.dispose()
    assert len(rows) == LINES, "the demo data has too few stocked products"
    return [(row.id, row.slug) for row in rows]


class Visitor:
    """One browser session. The production cookie is Secure, so it is carried by hand here."""

    def __init__(self, base: str) -> None:
        self.client = httpx.Client(base_url=base, follow_redirects=False, timeout=10)
        self.cookie = ""

    def send(self, method: str, path: str, **kwargs) -> httpx.Response:
        headers = {"Cookie": f"session={self.cookie}"} if self.cookie else {}
        answer = self.client.request(method, path, headers=headers, **kwargs)
        found = re.search(r"session=([^;]*)", answer.headers.get("set-cookie", ""))
        if found:
            self.cookie = found.group(1)
        return answer


def visitor_with_token(base: str, slug: str) -> tuple[Visitor, str]:
    """A visitor whose session holds a CSRF token, read from one product page."""
    visitor = Visitor(base)
    page = visitor.send("GET", f"/produit/{slug}").text
    return visitor, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def fill_cart(visitor: Visitor, token: str, ids: list[int]) -> str:
    """Put one unit of each product in the visitor's cart; the resulting session cookie."""
    for product_id in ids:
        data = {"csrf_token": token, "product_id": product_id, "quantity": 1}
        answer = visitor.send("POST", "/panier/ajouter", data=data)
        assert answer.status_code == 302, answer.status_code
    page = visitor.send("GET", "/panier/")  # shows (and so clears) the flashed messages
    assert page.status_code == 200 and page.text.count('-quantity" type="number"') == len(ids)
    return visitor.cookie


def main() -> None:
    env = prepare_database(DATABASE)
    products = stocked_products(DATABASE)
    ids = [product_id for product_id, _ in products]
    with gunicorn(env) as (base, master_pid), tempfile.TemporaryDirectory() as tmp:
        visitor, token = visitor_with_token(base, products[0][1])
        cookie = visitor.cookie  # an empty cart: every POST adds to the same empty cart
        full_cookie = fill_cart(visitor, token, ids)
        script = Path(tmp) / "add.lua"
        script.write_text(
            ADD_SCRIPT
            % {"ids": ", ".join(map(str, ids)), "cookie": f"session={cookie}", "token": token}
        )
        page_script = Path(tmp) / "page.lua"
        page_script.write_text(f'wrk.headers["Cookie"] = "session={full_cookie}"\n')
        for path, lua in (("/panier/ajouter", script), ("/panier/", page_script)):
            wrk(base + path, script=str(lua), seconds=2)  # warm-up
        adding = wrk_median(base + "/panier/ajouter", script=str(script))
        report("add to cart (POST)", adding, TARGETS)
        report_memory(master_pid, after="adding")
        page = wrk_median(base + "/panier/", script=str(page_script))
        report("cart page (10 lines)", page, TARGETS)
        report_memory(master_pid, after="cart page")


if __name__ == "__main__":
    main()
