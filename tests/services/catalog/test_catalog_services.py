from datetime import timedelta
from decimal import Decimal

import pytest

from shop.catalog.models import Product
from shop.catalog.services import CatalogError, publish_product, set_customs_data, set_price
from tests.factories import at, make_product


def test_a_supplement_with_an_empty_label_field_cannot_be_published(db):
    product = make_product(db, publish=False, warnings="")
    with pytest.raises(CatalogError, match="avertissements obligatoires"):
        publish_product(product)
    assert product.is_published is False


def test_publication_needs_the_sales_name_and_a_nutrient_table(db):
    product = make_product(db, publish=False, nutrients=0, name="Vitamine C 500")
    with pytest.raises(CatalogError) as error:
        publish_product(product)
    assert "complément alimentaire" in str(error.value)
    assert "tableau nutritionnel" in str(error.value)


def test_vat_rate_is_exact(db):
    product = make_product(db, vat_rate=Decimal("5.5"))
    db.session.expire_all()
    assert db.session.get(Product, product.id).vat_rate == Decimal("5.5")


def test_reduction_reference_is_lowest_price_of_30_days_before(db):
    product = make_product(db, price_cents=2490)
    reduction_day = at(2026, 11, 20)
    set_price(product, 2490, reduction_day - timedelta(days=90))
    set_price(product, 2290, reduction_day - timedelta(days=40))  # in force at window start
    set_price(product, 2590, reduction_day - timedelta(days=10))
    set_price(product, 1790, reduction_day, reduction=True)
    assert product.reference_price_cents == 2290
    assert product.is_reduced
    assert len(product.price_changes) == 4


def test_no_reduction_shown_without_history(db):
    product = make_product(db, price_cents=2490)
    set_price(product, 1990, at(2026, 11, 20), reduction=True)
    assert product.reference_price_cents is None
    assert not product.is_reduced


def test_a_normal_price_change_ends_the_reduction(db):
    product = make_product(db)
    set_price(product, 3000, at(2026, 9, 1))
    set_price(product, 2000, at(2026, 11, 1), reduction=True)
    assert product.is_reduced
    set_price(product, 3000, at(2026, 11, 15))
    assert not product.is_reduced


def test_a10_an_increase_then_a_reduction_shows_the_lowest_price_of_the_30_days(db):
    product = make_product(db, price_cents=2490)
    day = at(2026, 11, 20)
    set_price(product, 2490, day - timedelta(days=60))
    set_price(product, 2690, day - timedelta(days=10))  # an increase just before
    set_price(product, 1990, day, reduction=True)
    assert product.reference_price_cents == 2490  # not the 26,90 of the last 10 days
    assert product.reduction_started_at == day


def test_a10_successive_reductions_keep_the_price_before_the_first_one(db):
    product = make_product(db, price_cents=2490)
    first = at(2026, 11, 1)
    set_price(product, 2490, first - timedelta(days=60))
    set_price(product, 2290, first, reduction=True)
    assert product.reference_price_cents == 2490
    set_price(product, 2090, first + timedelta(days=10), reduction=True)
    assert product.reference_price_cents == 2490  # 24,90, not the 22,90 of the first reduction
    assert product.price_cents == 2090 and product.is_reduced
    assert product.reduction_started_at == first  # the series started with the first one
    set_price(product, 1890, first + timedelta(days=45), reduction=True)  # the window moved on
    assert product.reference_price_cents == 2490


def test_a10_a_reduction_that_ends_and_starts_again_is_a_new_series(db):
    product = make_product(db, price_cents=2690)
    day = at(2026, 11, 20)
    set_price(product, 2690, day - timedelta(days=120))
    set_price(product, 2290, day - timedelta(days=70), reduction=True)  # first series
    assert product.reference_price_cents == 2690
    set_price(product, 2490, day - timedelta(days=50))  # the reduction ends
    assert not product.is_reduced and product.reduction_started_at is None
    set_price(product, 1990, day, reduction=True)  # a new series
    assert product.reference_price_cents == 2490  # the 30 days before it, not 26,90 nor 22,90
    assert product.reduction_started_at == day


def test_a10_a_new_series_soon_after_the_last_one_counts_its_reduced_price(db):
    product = make_product(db, price_cents=2490)
    day = at(2026, 11, 20)
    set_price(product, 2490, day - timedelta(days=90))
    set_price(product, 1990, day - timedelta(days=25), reduction=True)
    set_price(product, 2490, day - timedelta(days=15))  # ended 15 days ago
    set_price(product, 2190, day, reduction=True)
    assert product.reference_price_cents is None  # 19,90 was charged in the 30 days
    assert not product.is_reduced


def test_a10_a_reduction_above_its_series_reference_ends_the_reduction(db):
    product = make_product(db, price_cents=2490)
    first = at(2026, 11, 1)
    set_price(product, 2490, first - timedelta(days=60))
    set_price(product, 2290, first, reduction=True)
    set_price(product, 2590, first + timedelta(days=5), reduction=True)
    assert product.reference_price_cents is None and not product.is_reduced


@pytest.mark.parametrize("bad", [0, -5, "12"])
def test_bad_prices_are_refused(db, bad):
    product = make_product(db)
    with pytest.raises(CatalogError):
        set_price(product, bad, at(2026, 11, 1))


def test_a_product_without_customs_data_cannot_be_published(db):
    product = make_product(db, publish=False, hs_code=None, origin_country="",
                           net_weight_grams=None)
    with pytest.raises(CatalogError) as error:
        publish_product(product)
    assert str(error.value) == (
        "Publication impossible, informations obligatoires manquantes : code SH (nomenclature "
        "douanière), pays d'origine, poids net en grammes"
    )
    assert product.is_published is False


def test_an_accessory_needs_its_customs_data_too(db):
    product = make_product(db, publish=False, is_food_supplement=False, name="Shaker 600 ml",
                           hs_code="3924", nutrients=0)
    with pytest.raises(CatalogError, match="code SH"):
        publish_product(product)
    set_customs_data(product, hs_code="3924.10", origin_country="cn", net_weight_grams="150")
    publish_product(product)
    assert (product.hs_code, product.origin_country, product.net_weight_grams) == (
        "392410", "CN", 150)
    assert product.is_published


def test_wrong_customs_data_is_refused_in_french_and_changes_nothing(db):
    product = make_product(db)
    with pytest.raises(CatalogError, match="Pays d'origine inconnu : « Chine »"):
        set_customs_data(product, hs_code="2106 90 92", origin_country="Chine",
                         net_weight_grams=24)
    assert (product.hs_code, product.origin_country, product.net_weight_grams) == (
        "210690", "FR", 24)
