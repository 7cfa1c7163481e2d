"""Search benchmark: the catalogue search on 10,000 published products, SQLite and PostgreSQL.

Run: .venv/bin/python bench/search.py [--sqlite-only]
For each database (a fresh SQLite file in a temporary folder; the PostgreSQL database
shop_bench_search, or BENCH_DATABASE_URL's name with « _search », recreated), migrates an empty
database, adds 10,000 products through the ORM (so the search words come from the same hook as
in the shop), then runs a bounded set of varied queries in one process, one at a time: whole
words, two words, a typo, a category, a word no product holds, and prefixes as typed in the
header. Each results query loads the ranked ids and the first page of 24 products
(shop.catalog.queries.search_page, what /recherche runs before rendering); each suggestion loads
8 names (queries.suggestions, what /recherche/suggestions runs). Prints p50, p95 and p99 in ms
per database and kind, and the load average of the machine (2 cores shared: a load above 2
means the figures were measured under load).
Target: p99 < 30 ms for the results query on both databases.
"""

import argparse
import contextlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import DEFAULT_DATABASE  # noqa: E402

PRODUCTS = 10_000
PER_PAGE = 24
ROUNDS = 40  # each query this many times, after one warm-up round
TARGET_P99_MS = 30.0
RESULTS_QUERIES = ["magnésium", "vitamine d", "sommeil", "magnesuim", "oméga 3",
                   "zinc bisglycinate", "spiruline bio", "collagene marin", "vitamines",
                   "chocolat"]
SUGGEST_QUERIES = ["ma", "magn", "vita", "som", "curc", "omega 3 ma"]

BASES = ["Magnésium", "Calcium", "Zinc", "Fer", "Vitamine C", "Vitamine D3", "Vitamine B12",
         "Oméga-3", "Mélatonine", "Spiruline", "Curcuma", "Collagène", "Probiotiques",
         "Ginseng", "Rhodiola", "Valériane", "Guarana", "Glucosamine", "Levure de bière",
         "Biotine", "Sélénium", "Iode", "Potassium", "Coenzyme Q10", "Acide hyaluronique"]
FORMS = ["bisglycinate", "marin", "liposomal", "bio", "forte", "citrate", "végétal", "junior",
         "sport", "nuit", "en gommes", "en poudre", "en gouttes", "à croquer"]
CATEGORIES = ["Vitamines", "Minéraux", "Oméga-3 et acides gras", "Plantes", "Sommeil et détente",
              "Articulations", "Sport et énergie", "Beauté"]
EXCIPIENTS = ["stéarate de magnésium", "cellulose microcristalline", "gélatine de poisson",
              "dioxyde de silicium", "amidon de maïs", "gomme arabique"]


def seed(db, count: int) -> None:
    """`count` published products with varied names, categories, nutrients and ingredients."""
    from shop.catalog.models import Category, Nutrient, Product

    rng = random.Random(21)
    categories = [Category(slug=f"rayon-{i}", name=name, position=i)
                  for i, name in enumerate(CATEGORIES)]
    db.session.add_all(categories)
    for start in range(0, count, 1000):
        for number in range(start, min(start + 1000, count)):
            base, form = rng.choice(BASES), rng.choice(FORMS)
            name = f"{base} {form} {number} – complément alimentaire"
            ingredients = f"{base}, {', '.join(rng.sample(EXCIPIENTS, 2))}."
            product = Product(
                slug=f"produit-{number}", name=name, brand=rng.choice(["Nutrivia", "Solaris"]),
                category=rng.choice(categories), format="gelules", price_cents=990 + number % 3000,
                vat_rate=Decimal("5.5"), short_description=f"{base} {form}, qualité française.",
                ingredients=ingredients, is_published=True)
            product.nutrients = [Nutrient(position=i, name=nutrient, amount="10", unit="mg")
                                 for i, nutrient in enumerate(rng.sample(BASES, 2))]
            db.session.add(product)
        db.session.commit()


def timed(call, queries: list[str]) -> list[float]:
    """Milliseconds of each call, ROUNDS rounds over the queries after one warm-up round."""
    for query in queries:
        call(query)
    samples = []
    for _ in range(ROUNDS):
        for query in queries:
            began = time.perf_counter()
            call(query)
            samples.append((time.perf_counter() - began) * 1000)
    return samples


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return f"p50 {cuts[49]:6.2f} ms   p95 {cuts[94]:6.2f} ms   p99 {cuts[98]:6.2f} ms"


def bench(label: str, url: str) -> None:
    import flask_migrate

    from shop import create_app
    from shop.catalog import queries
    from shop.config import TestConfig
    from shop.extensions import db

    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    app = create_app(config)
    with app.app_context():
        with open(os.devnull, "w") as sink, contextlib.redirect_stderr(sink):
            flask_migrate.upgrade()  # alembic's log lines, one per migration
        began = time.monotonic()
        seed(db, PRODUCTS)
        print(f"{label}: {PRODUCTS} products seeded in {time.monotonic() - began:.0f} s")
        if url.startswith("postgresql"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-d",
                            url.rsplit("/", 1)[1], "-c", "VACUUM ANALYZE"], check=True)
        found = {query: queries.search_page(query, 1, PER_PAGE).total
                 for query in RESULTS_QUERIES}
        print(f"  products found: {found}")
        results = timed(lambda q: queries.search_page(q, 1, PER_PAGE), RESULTS_QUERIES)
        suggestions = timed(lambda q: queries.suggestions(q, 8), SUGGEST_QUERIES)
        db.session.remove()
        db.engine.dispose()
    verdict = "ok" if statistics.quantiles(results, n=100)[98] < TARGET_P99_MS else "ABOVE TARGET"
    print(f"  {'results page query':<20} {percentiles(results)}   "
          f"(target p99 < {TARGET_P99_MS:.0f} ms: {verdict}, {len(results)} queries)")
    print(f"  {'suggestions':<20} {percentiles(suggestions)}   ({len(suggestions)} queries)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite-only", action="store_true")
    options = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores)")
    with tempfile.TemporaryDirectory() as folder:
        bench("SQLite", f"sqlite:///{folder}/search.sqlite")
    if not options.sqlite_only:
        url = f"{DEFAULT_DATABASE}_search"
        name = url.rsplit("/", 1)[1]
        for command in (["dropdb", "--if-exists", name], ["createdb", name]):
            subprocess.run([command[0], "-h", "127.0.0.1", "-U", "postgres", *command[1:]],
                           check=True)
        bench("PostgreSQL", url)
    print(f"load average after: {os.getloadavg()[0]:.2f} (2 cores)")


if __name__ == "__main__":
    main()
