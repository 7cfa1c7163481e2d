"""Back-office benchmark: the staff orders list at 100,000 orders.

Run: .venv/bin/python bench/backoffice.py
Recreates the database shop_bench_backoffice (PostgreSQL) with the demo data, adds 5,000
customers and their 100,000 orders spread over two years (SQL), serves the shop with gunicorn
(2 sync workers) and loads, as a logged-in staff member, with wrk (4 connections, 5 s each,
127.0.0.1 only): the first page of the list, a state filter, a customer search, the late
orders, and a page deep in the list (after 50,000 orders, through its keyset cursor). Prints
req/s, p50 and p99 of each.
Target: p99 under 100 ms for every list.
"""

import re
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from bench._common import gunicorn, prepare_database, report, wrk  # noqa: E402
from bench.cart import Visitor  # noqa: E402

DATABASE = "postgresql+psycopg2://postgres@127.0.0.1:5432/shop_bench_backoffice"
ORDERS = 100_000
STAFF_EMAIL, STAFF_PASSWORD = "bench.equipe@pronutri.example", "benchmark staff password"
TARGET = "p99 < 100 ms"

CUSTOMERS = 5_000
USERS = text("""
INSERT INTO user_account (email, password_hash, first_name, last_name, customer_type, role,
    payment_dispute_open, marketing_consent, is_active, session_token, created_at,
    email_confirmed_at)
SELECT 'client' || g || '@example.com', '!', 'Camille', 'Martin' || g, 'consumer', 'customer',
    false, false, true, md5(g::text), now(), now()
FROM generate_series(1, :customers) AS g
""")
FILL = text("""
INSERT INTO customer_order (
    reference, user_id, idempotency_key, channel, status, customer_type, customer_email,
    customer_first_name, customer_last_name, company_name, siret, vat_number,
    delivery_address, billing_address, shipping_method_code, shipping_method_name,
    shipping_zone, delivery_earliest, delivery_latest, products_ttc_cents, shipping_ttc_cents,
    total_ttc_cents, total_ht_cents, total_vat_cents, vat_breakdown, currency, cgv_version,
    cgv_accepted_at, payment_method, created_at)
SELECT
    'PB-' || lpad(to_hex(g), 4, '0') || '-' || lpad(g::text, 6, '0'),
    (SELECT id FROM user_account WHERE email = 'client' || (1 + g % :customers) || '@example.com'),
    md5(g::text),
    (ARRAY['web', 'web', 'web', 'phone', 'email'])[1 + g % 5],
    (ARRAY['delivered', 'delivered', 'delivered', 'shipped', 'paid', 'preparing',
           'cancelled', 'awaiting_payment'])[1 + g % 8],
    'consumer', 'client' || (1 + g % :customers) || '@example.com', 'Camille',
    'Martin' || (1 + g % :customers),
    '', '', '', '{}'::json, '{}'::json, 'colissimo-metro', 'Colissimo à domicile', 'metro',
    (now() - (g || ' minutes')::interval + interval '2 days')::date,
    (now() - (g || ' minutes')::interval + interval '4 days')::date,
    2580, 550, 3130, 2967, 163, '[]'::json, 'EUR', 1, now() - (g * 10 || ' minutes')::interval,
    (ARRAY['stripe', 'paypal', 'dev'])[1 + g % 3], now() - (g * 10 || ' minutes')::interval
FROM generate_series(1, :orders) AS g
""")


def fill(database_url: str) -> None:
    """5,000 customer accounts and their 100,000 orders (20 each)."""
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(USERS, {"customers": CUSTOMERS})
        conn.execute(FILL, {"customers": CUSTOMERS, "orders": ORDERS})
        conn.execute(text("ANALYZE"))
    engine.dispose()


def staff_cookie(base: str, env: dict) -> str:
    """Create a staff account (flask users create) and log in: the session cookie."""
    import subprocess

    from bench._common import ROOT, VENV_BIN

    subprocess.run([str(VENV_BIN / "flask"), "users", "create", STAFF_EMAIL, "--role", "staff"],
                   cwd=ROOT, env={**env, "SHOP_USER_PASSWORD": STAFF_PASSWORD}, check=True,
                   capture_output=True)
    visitor = Visitor(base)  # keeps the Secure session cookie over plain HTTP on 127.0.0.1
    page = visitor.send("GET", "/compte/connexion").text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    answer = visitor.send("POST", "/compte/connexion", data={
        "csrf_token": token, "email": STAFF_EMAIL, "password": STAFF_PASSWORD})
    assert answer.status_code == 302, answer.status_code
    listing = visitor.send("GET", "/staff/commandes?status=delivered")
    assert listing.status_code == 200 and listing.text.count("PB-") >= 50
    return visitor.cookie


def deep_cursor() -> str:
    """The cursor of the page after 50,000 orders (its last order's date and id)."""
    engine = create_engine(DATABASE)
    with engine.connect() as conn:
        created_at, order_id = conn.execute(text(
            "SELECT created_at, id FROM customer_order ORDER BY created_at DESC, id DESC "
            "OFFSET 50000 LIMIT 1")).one()
    engine.dispose()
    return quote(f"{created_at.isoformat()}_{order_id}")


def main() -> None:
    env = prepare_database(DATABASE)
    fill(DATABASE)
    with gunicorn(env) as (base, _pid):
        cookie = staff_cookie(base, env)
        header = {"WRK_HEADER": f"session={cookie}"}
        lists = {
            "first page": "/staff/commandes",
            "state filter": "/staff/commandes?status=paid",
            "customer search": "/staff/commandes?customer=martin4242",
            "late orders": "/staff/commandes?late=1",
            "page after 50,000": "/staff/commandes?apres=" + deep_cursor(),
        }
        script = Path(__file__).with_name("_cookie.lua")
        for name, path in lists.items():
            figures = wrk(base + path, script=str(script), seconds=5, connections=4,
                          env={**env, **header})
            report(name, figures, {name: TARGET})


if __name__ == "__main__":
    main()
