"""Catalogue benchmark: category page (24 products) and product page under a bounded load.

Run: .venv/bin/python bench/catalog.py
Serves the demo shop with gunicorn (2 sync workers) on PostgreSQL (database shop_bench, or the
one BENCH_DATABASE_URL names, recreated), loads each page from 127.0.0.1 with wrk (16
connections, 10 s, three times) and prints the run with the median requests/s, its p50 and p99
latency, the requests/s of the three runs, and what each worker weighs (RSS and PSS) after each
load.
Targets (2 cores): category >= 1,000 req/s, product >= 1,500 req/s, p99 < 50 ms, < 80 MiB/worker.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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

TARGETS = {"category page (24 products)": ">= 1000 req/s", "product page": ">= 1500 req/s"}


def pick_pages(database_url: str) -> tuple[str, str]:
    """A category page showing 24 products, and one product's page.

    The demo has about 40 products in 8 categories, so the benchmark first moves 24 published
    products into the first category of its own database (shop_bench, recreated each run).
    """
    engine = create_engine(database_url)
    with engine.begin() as conn:
        category_id, slug = conn.execute(
            text("SELECT id, slug FROM category ORDER BY position, id LIMIT 1")
        ).one()
        conn.execute(
            text(
                "UPDATE product SET category_id = :category WHERE id IN "
                "(SELECT id FROM product WHERE is_published ORDER BY id LIMIT 24)"
            ),
            {"category": category_id},
        )
        product = conn.scalar(
            text("SELECT slug FROM product WHERE is_published ORDER BY id LIMIT 1")
        )
    engine.dispose()
    return f"/categorie/{slug}", f"/produit/{product}"


def main() -> None:
    env = prepare_database(DEFAULT_DATABASE)
    category_path, product_path = pick_pages(DEFAULT_DATABASE)
    with gunicorn(env) as (base, master_pid):
        for url in (base + category_path, base + product_path):
            wrk(url, seconds=2)  # warm-up
        report("category page (24 products)", wrk_median(base + category_path), TARGETS)
        report_memory(master_pid, after="category page")
        report("product page", wrk_median(base + product_path), TARGETS)
        report_memory(master_pid, after="product page")


if __name__ == "__main__":
    main()
