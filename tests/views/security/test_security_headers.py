"""Issue 18 §5: every page of the URL map carries the security headers; pages behind login or
with personal data are never stored by a browser or a proxy."""

import pytest

from shop.security import PRIVATE_BLUEPRINTS, form_action_sources
from tests.account_factories import log_in
from tests.factories import make_category, make_product

SAMPLE_VALUES = {"slug": "vitamine-d3", "reference": "CMD-0000001", "token": "jeton",
                 "filename": "css/shop.css", "provider": "stripe"}


def get_urls(app) -> list[tuple[str, str]]:
    """(endpoint, URL) of every rule answering GET, its parameters filled with samples."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        values = {name: 1 if name.endswith("_id") else SAMPLE_VALUES[name]
                  for name in rule.arguments}
        with app.test_request_context():
            urls.append((rule.endpoint, app.url_map.bind("localhost").build(rule.endpoint,
                                                                             values)))
    return urls


@pytest.fixture()
def catalogue(db):
    make_product(db, category=make_category(db, slug="vitamines"), slug="vitamine-d3")


@pytest.mark.parametrize("who", ["anonymous", "customer", "staff"])
def test_every_page_has_the_headers(app, client, catalogue, customer, staff_user, who):
    """Before: account pages sent no Cache-Control, and the CSP had no form-action."""
    if who != "anonymous":
        log_in(client, (customer if who == "customer" else staff_user).email)
    urls = get_urls(app)
    assert len(urls) > 35
    for endpoint, url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        csp = response.headers["Content-Security-Policy"]
        if endpoint != "staff.outbox_message_html":  # its own sandboxed policy
            assert "form-action 'self'" in csp, url
        private = endpoint.split(".")[0] in PRIVATE_BLUEPRINTS or who != "anonymous"
        if private and endpoint != "static":
            assert response.headers.get("Cache-Control") == "no-store", url
        elif endpoint in ("catalog.home", "catalog.product", "legal.cgv"):
            assert "no-store" not in response.headers.get("Cache-Control", ""), url


def test_the_profile_page_is_not_kept_after_logout(logged_in):
    assert logged_in.get("/compte/").headers["Cache-Control"] == "no-store"
    assert logged_in.get("/").headers["Cache-Control"] == "no-store"


def test_form_action_lists_the_configured_payment_pages():
    assert form_action_sources({}) == ("'self'",)
    assert form_action_sources({"STRIPE_SECRET_KEY": "sk", "PAYPAL_CLIENT_ID": "id"}) == (
        "'self'", "https://checkout.stripe.com", "https://www.sandbox.paypal.com")
    assert form_action_sources({"PAYPAL_CLIENT_ID": "id", "PRODUCTION": True}) == (
        "'self'", "https://www.paypal.com")
    assert form_action_sources({"STRIPE_SECRET_KEY": "sk",
                                "STRIPE_API_BASE": "http://127.0.0.1:9101/v1"}) == (
        "'self'", "http://127.0.0.1:9101")
