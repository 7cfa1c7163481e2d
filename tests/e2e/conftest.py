"""End-to-end fixtures: the shop served on 127.0.0.1 from a thread, and Debian's Chromium.

The live shop is its own app (create_app(TestConfig)) on its own database: a temporary SQLite
file, or TEST_DATABASE_URL's server with a database suffixed "_e2e". It is seeded with the CGV,
the shipping methods and two products, committed, then served by werkzeug's threaded server
on port 0 (the OS picks a free one). Playwright's sync API drives /usr/bin/chromium.
"""

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from shop import caches, create_app
from shop.config import TestConfig, database_url
from shop.extensions import db
from shop.legal.services import seed_cgv
from shop.security import use_base_url
from shop.shipping.services import seed_shipping_methods
from tests.conftest import ensure_postgres_database
from tests.factories import make_category, make_product

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-gpu"]


@dataclass
class LiveShop:
    """The running shop: its app (to read the database) and its base URL."""

    app: Flask
    url: str


def _e2e_database_url(tmp_path_factory) -> str:
    url = database_url(os.environ.get("TEST_DATABASE_URL", ""))
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'shop.sqlite'}"
    parsed = make_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    parsed = parsed.set(database=f"{parsed.database}_e2e{('_' + worker) if worker else ''}")
    if parsed.get_backend_name() == "postgresql":
        ensure_postgres_database(parsed)
    return parsed.render_as_string(hide_password=False)


def _seed() -> None:
    seed_cgv()
    seed_shipping_methods()
    category = make_category(db, name="Vitamines", slug="vitamines")
    make_product(db, category=category, name="Vitamine D3 – complément alimentaire",
                 slug="vitamine-d3", price_cents=1290, on_hand=20)
    make_product(db, category=category, name="Magnésium marin – complément alimentaire",
                 slug="magnesium-marin", price_cents=1650, on_hand=20)
    db.session.commit()


@pytest.fixture(scope="module")
def live_shop(tmp_path_factory):
    """The shop served on 127.0.0.1:<free port> until the module's tests are done."""
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = _e2e_database_url(tmp_path_factory)
    # Limits raised, not switched off: Flask-Limiter's `enabled` belongs to the one limiter
    # object every app of the process shares, so RATELIMIT_ENABLED = False here switched the
    # limits off for the view tests that ran after an end-to-end module in the same worker.
    for name in ("RATELIMIT_LOGIN", "RATELIMIT_LOGIN_PER_ACCOUNT", "RATELIMIT_SIGNUP",
                 "RATELIMIT_PASSWORD_RESET", "RATELIMIT_WITHDRAWAL", "RATELIMIT_STOCK_ALERT"):
        setattr(config, name, "10000 per minute")
    app = create_app(config)
    caches.clear_all()  # the process's caches are never shared between apps
    with app.app_context():
        db.drop_all()
        db.create_all()
        _seed()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    use_base_url(app, url)  # links in pages, e-mails and payment returns; the trusted Host
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveShop(app, url)
    server.shutdown()
    thread.join(5)
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    caches.clear_all()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, through Playwright's sync API."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed: end-to-end tests need Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    """A fresh browser context (no cookies) and page, with short timeouts."""
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
