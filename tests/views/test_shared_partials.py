"""Shared partials depend only on their arguments, by construction: they are rendered where the
request, the session, the visitor and the CSRF token cannot be reached."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from flask import session
from flask_login import login_user
from jinja2 import ChoiceLoader, DictLoader
from jinja2.exceptions import UndefinedError

from shop.accounts.models import User
from shop.cart.quote import quote_cart
from shop.cart.services import Cart, CartLine, CartProduct
from shop.cart.totals import CustomerType
from shop.shipping.services import DEMO_RATES
from shop.shipping.zones import Zone
from shop.tax.decision import Buyer
from shop.templating import shared_partial

PRODUCT = CartProduct(
    id=7, slug="vitamine-d3", name="Vitamine D3 – complément alimentaire", brand="Nutrivia",
    price_cents=1290, vat_rate=Decimal("5.5"), weight_grams=60, available=3, on_demand=False,
    supplier_delay_days=None, sealed_hygiene=False,
)
QUOTE = quote_cart(
    Cart(lines=[CartLine(PRODUCT, 2)]), "FR", "75001", datetime(2026, 11, 23, 9, tzinfo=UTC),
    Buyer(CustomerType.CONSUMER, "FR"), oss=False, rates=list(DEMO_RATES),
)
# Every shared partial of the shop, with arguments as its callers give them, and a text each
# rendering must show.
PARTIALS = {
    "_footer.html": ({"withdrawal_link": True}, 'href="/renoncer"'),
    "catalog/_menu.html": (
        {"menu": (("vitamines", "Vitamines"),), "active": "vitamines"},
        '<a href="/categorie/vitamines" aria-current="page">Vitamines</a>',
    ),
    "_brand_search.html": ({"query": "magnésium"}, 'value="magnésium"'),
    "checkout/_conditions.html": (
        {"methods": ("dev",), "zones": (Zone.METRO, Zone.EU)}, "Union européenne"
    ),
    "cart/_line.html": (
        {"index": 0, "product": PRODUCT, "quantity": 2, "unit_cents": 1290,
         "total_cents": 2580, "vat_rate": Decimal("5.5"), "pro": False},
        'href="/produit/vitamine-d3"',
    ),
    "cart/_summary.html": ({"quote": QUOTE, "vat_notice": None}, "Livraison estimée entre le"),
    "cart/_destination.html": (
        {"country": "FR", "postal_code": "0651", "error": "Code postal incomplet"},
        'action="/panier/"',
    ),
}
REQUEST_STATE = {
    "request": "{{ request.path }}",
    "session": "{{ session }}",
    "g": "{{ g }}",
    "config": "{{ config.SECRET_KEY }}",
    "current_user": "{{ current_user }}",
    "csrf_token": "{{ csrf_token() }}",
    "get_flashed_messages": "{{ get_flashed_messages() }}",
}


@pytest.fixture()
def two_visitors(app, db):
    """Render in the request of one logged-in visitor, then of another on another page."""
    first, second = (
        User(email=email, password_hash="!", first_name="Camille", last_name="Martin",
             customer_type="consumer", role="customer")
        for email in ("une@example.com", "deux@example.com")
    )
    db.session.add_all([first, second])
    db.session.commit()

    def render_as(user, path: str, template: str, **arguments) -> str:
        app.extensions["shared_partials"].clear()  # rendered afresh for this visitor
        with app.test_request_context(path, headers={"Host": f"shop-{user.id}.example"}):
            login_user(user)
            session["csrf_token"] = f"token-of-{user.email}"
            return str(shared_partial(template, **arguments))

    return lambda template, **arguments: (
        render_as(first, "/panier/?q=un", template, **arguments),
        render_as(second, "/recherche?q=deux", template, **arguments),
    )


@pytest.mark.parametrize("template", PARTIALS)
def test_every_shared_partial_renders_the_same_bytes_for_two_visitors_and_outside_requests(
    app, two_visitors, template
):
    arguments, shown = PARTIALS[template]
    first, second = two_visitors(template, **arguments)
    assert shown in first
    assert first == second
    app.extensions["shared_partials"].clear()
    with app.app_context():  # no request at all: nothing of one was needed
        assert str(shared_partial(template, **arguments)) == first


@pytest.mark.parametrize("name", REQUEST_STATE)
def test_a_shared_partial_cannot_reach_the_request_or_the_visitor(
    app, db, monkeypatch, two_visitors, name
):
    leaking = f"tests/leak_{name}.html"
    loader = ChoiceLoader([DictLoader({leaking: REQUEST_STATE[name]}), app.jinja_loader])
    monkeypatch.setattr(app, "jinja_loader", loader)
    with pytest.raises(UndefinedError, match=name):
        two_visitors(leaking)
