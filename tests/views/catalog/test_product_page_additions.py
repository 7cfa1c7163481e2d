"""Product page: cost per day, live delivery estimate, « Prévenez-moi », related products,
card titles, the « ne se substitue pas » statement once."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from shop.shipping.services import seed_shipping_methods
from tests.account_factories import log_in, make_user
from tests.conftest import visible_text
from tests.factories import make_category, make_product

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture()
def methods(db):
    seed_shipping_methods()  # Colissimo metro: 1 day of preparation, 2 to 3 days of transit
    db.session.commit()


def _page(client, product) -> str:
    response = client.get(f"/produit/{product.slug}")
    assert response.status_code == 200
    return visible_text(response.text)


def test_cost_per_day_is_shown_from_the_days_a_pack_lasts(client, db):
    known = make_product(db, price_cents=1290, days_per_pack=30)
    unknown = make_product(db, price_cents=1290)
    db.session.commit()
    assert "soit 0,43 € par jour" in _page(client, known)
    assert "par jour" not in _page(client, unknown).replace("1 gélule par jour", "")


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Monday before the noon cut-off: handled that day.
        (datetime(2026, 12, 7, 11, 59), "livré entre le jeu. 10 et le ven. 11 décembre"),
        # Monday after the cut-off: from Tuesday.
        (datetime(2026, 12, 7, 12, 1), "livré entre le ven. 11 et le lun. 14 décembre"),
        # Friday afternoon: from Monday.
        (datetime(2026, 12, 4, 15, 0), "livré entre le jeu. 10 et le ven. 11 décembre"),
        # The day before Christmas: the 25th is not a working day.
        (datetime(2026, 12, 24, 10, 0), "livré entre le mer. 30 et le jeu. 31 décembre"),
        # Over a month's end, both months named.
        (datetime(2026, 11, 25, 10, 0), "livré entre le lun. 30 novembre et le mar. 1 décembre"),
    ],
)
def test_delivery_estimate_for_an_order_placed_now(client, db, methods, moment, expected):
    product = make_product(db, on_hand=10)
    db.session.commit()
    with time_machine.travel(moment.replace(tzinfo=PARIS), tick=False):
        page = _page(client, product)
    assert f"Commandé aujourd'hui, {expected}" in page


def test_delivery_estimate_is_not_frozen_in_the_page_cache(client, db, methods):
    product = make_product(db, on_hand=10)
    db.session.commit()
    with time_machine.travel(datetime(2026, 12, 7, 11, 0, tzinfo=PARIS), tick=False):
        assert "entre le jeu. 10 et le ven. 11 décembre" in _page(client, product)
    with time_machine.travel(datetime(2026, 12, 7, 13, 0, tzinfo=PARIS), tick=False):
        assert "entre le ven. 11 et le lun. 14 décembre" in _page(client, product)


def test_on_demand_estimate_adds_the_supplier_delay_and_sold_out_has_none(client, db, methods):
    on_demand = make_product(db, on_hand=0, on_demand=True, supplier_delay_days=5)
    sold_out = make_product(db, on_hand=0)
    db.session.commit()
    with time_machine.travel(datetime(2026, 12, 7, 11, 0, tzinfo=PARIS), tick=False):
        assert "livré entre le jeu. 17 et le ven. 18 décembre" in _page(client, on_demand)
        assert "Commandé aujourd'hui" not in _page(client, sold_out)


def test_alert_form_only_on_a_sold_out_product_prefilled_for_a_customer(client, db):
    sold_out = make_product(db, on_hand=0)
    in_stock = make_product(db, on_hand=4)
    user = make_user(db, email="lea@example.com")
    db.session.commit()
    assert "Prévenez-moi" in _page(client, sold_out)
    assert "Prévenez-moi" not in _page(client, in_stock)
    html = client.get(f"/produit/{sold_out.slug}").text
    assert 'action="/alertes-stock/produit/' + sold_out.slug + '"' in html
    assert 'value="lea@example.com"' not in html
    log_in(client, user.email)
    html = client.get(f"/produit/{sold_out.slug}").text
    assert re.search(r'<input[^>]*id="stock-alert-email"[^>]*value="lea@example.com"', html)


def test_related_products_and_card_titles_without_the_designation(client, db):
    shelf = make_category(db, slug="mineraux", name="Minéraux")
    product = make_product(db, category=shelf, name="Magnésium marin – complément alimentaire")
    make_product(db, category=shelf, name="Zinc bisglycinate – complément alimentaire")
    make_product(db, name="Ailleurs – complément alimentaire")
    db.session.commit()
    html = client.get(f"/produit/{product.slug}").text
    # The product page keeps the whole sales name (F1).
    assert "<h1>Magnésium marin – complément alimentaire</h1>" in html
    related = html[html.index('id="related"'):]
    assert '<span class="card-title">Zinc bisglycinate</span>' in related
    assert "Ailleurs" not in related and "Magnésium marin" not in related
    listing = client.get("/categorie/mineraux").text
    assert '<span class="card-title">Magnésium marin</span>' in listing
    assert '<span class="card-title">Zinc bisglycinate</span>' in listing
    found = client.get("/recherche?q=zinc").text
    assert '<span class="card-title">Zinc bisglycinate</span>' in found


def test_home_offer_cards_drop_the_designation(client, db):
    from shop.catalog.services import set_price

    product = make_product(db, name="Vitamine C – complément alimentaire", price_cents=2000)
    set_price(product, 1900, datetime(2026, 10, 1, tzinfo=PARIS))
    set_price(product, 1500, datetime(2026, 11, 20, tzinfo=PARIS), reduction=True)
    db.session.commit()
    assert '<span class="card-title">Vitamine C</span>' in client.get("/").text


@pytest.mark.parametrize(
    "warnings",
    [
        "Ne pas dépasser la dose journalière recommandée. Tenir hors de portée des enfants.",
        "Ne pas dépasser la dose journalière recommandée. Un complément alimentaire ne doit pas "
        "se substituer à une alimentation variée et équilibrée. Tenir hors de portée des enfants.",
    ],
)
def test_substitution_statement_appears_exactly_once(client, db, warnings):
    product = make_product(db, warnings=warnings)
    db.session.commit()
    assert len(re.findall(r"se substitu", _page(client, product))) == 1


def test_an_accessory_page_has_no_substitution_statement(client, db):
    product = make_product(db, name="Pilulier", is_food_supplement=False, format="accessoire",
                           warnings="", nutrients=0)
    db.session.commit()
    assert "substitu" not in _page(client, product)
