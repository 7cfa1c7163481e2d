"""The demo catalogue (issue 3 item 7): complete, lawful label data, loaded idempotently."""

import re
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shop.catalog.availability import availability
from shop.catalog.demo import seed_catalog
from shop.catalog.models import Category, Nutrient, PriceChange, Product, ProductImage
from shop.catalog.search import search_products
from shop.catalog.services import REFERENCE_WINDOW, missing_customs_fields, missing_label_fields
from shop.config import BASE_DIR
from shop.demo import seed_demo
from tests.factories import at

NOW = at(2026, 11, 24)

# EU nutrient reference values (Reg. 1169/2011 annex XIII part A), by the names the demo uses.
NRV = {
    "Vitamine A": 800,
    "Vitamine D": 5,
    "Vitamine E": 12,
    "Vitamine K": 75,
    "Vitamine C": 80,
    "Thiamine (vitamine B1)": 1.1,
    "Riboflavine (vitamine B2)": 1.4,
    "Niacine (vitamine B3)": 16,
    "Acide pantothénique (vitamine B5)": 6,
    "Vitamine B6": 1.4,
    "Biotine (vitamine B8)": 50,
    "Folates (vitamine B9)": 200,
    "Vitamine B12": 2.5,
    "Potassium": 2000,
    "Chlorure": 800,
    "Calcium": 800,
    "Magnésium": 375,
    "Fer": 14,
    "Zinc": 10,
    "Manganèse": 2,
    "Sélénium": 55,
    "Iode": 150,
}
NRV_UNITS = {"mg": 1, "µg": 1}  # the demo states each nutrient in the unit of its NRV

MANDATORY_WARNINGS = [
    "Ne pas dépasser la dose journalière recommandée",
    "ne doit pas se substituer à une alimentation variée et équilibrée et à un mode de vie sain",
    "Tenir hors de portée des jeunes enfants",
]
# Words of disease or slimming claims that a food supplement's presentation must not use (F4).
FORBIDDEN_CLAIMS = re.compile(
    r"\b(guéri|soign|trait(e|er|ement)\b|prévien|préven|maladie|combat|anti-|détox|minceur|"
    r"brûle|douleur|infection|cholestérol|cancer|diabète|dépression)",
    re.IGNORECASE,
)


@pytest.fixture()
def seeded(db):
    summary = seed_catalog(NOW)
    db.session.commit()
    return summary


def products(db) -> list[Product]:
    return list(db.session.scalars(select(Product).order_by(Product.slug)))


def counts(db) -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Category, Product, Nutrient, ProductImage, PriceChange)
    }


def test_seeding_twice_creates_nothing_and_changes_nothing(db, seeded):
    before = counts(db)
    snapshot = {p.slug: (p.price_cents, p.available, p.reference_price_cents) for p in products(db)}

    again = seed_catalog(NOW + timedelta(days=3))
    db.session.commit()

    assert again["products_created"] == 0 and again["categories_created"] == 0
    assert counts(db) == before
    assert {
        p.slug: (p.price_cents, p.available, p.reference_price_cents) for p in products(db)
    } == snapshot


def test_about_forty_published_products_in_six_categories_or_more(db, seeded):
    assert seeded["products_created"] == seeded["products"] >= 40
    assert seeded["categories_created"] == seeded["categories"] >= 6
    assert all(p.is_published for p in products(db))
    per_category = Counter(p.category.slug for p in products(db))
    assert len(per_category) >= 6 and min(per_category.values()) >= 3


def test_every_supplement_has_its_complete_label(db, seeded):
    supplements = [p for p in products(db) if p.is_food_supplement]
    assert len(supplements) >= 38
    for product in supplements:
        assert missing_label_fields(product) == [], product.slug
        assert "complément alimentaire" in product.name  # F1
        for warning in MANDATORY_WARNINGS:  # F3
            assert warning in product.warnings, (product.slug, warning)
        assert product.nutrients, product.slug
        assert product.sealed_hygiene is True  # B8
        assert product.weight_grams > 0
        assert product.brand == "Nutrivia Labs"
        assert "06510 Carros" in product.operator_address


def test_vat_rates_follow_the_kind_of_product(db, seeded):  # E1
    by_rate = Counter()
    for product in products(db):
        confectionery = product.format in {"gommes", "barres"}
        if product.is_food_supplement and not confectionery:
            assert product.vat_rate == Decimal("5.5"), product.slug
        else:
            assert product.vat_rate == Decimal("20"), product.slug
        by_rate[(product.is_food_supplement, product.vat_rate)] += 1
    assert by_rate[(False, Decimal("20"))] >= 1  # an accessory
    assert by_rate[(True, Decimal("20"))] >= 1  # a confectionery format


def test_accessories_are_not_supplements_nor_sealed(db, seeded):
    accessories = [p for p in products(db) if not p.is_food_supplement]
    assert accessories
    for product in accessories:
        assert product.format == "accessoire"
        assert product.sealed_hygiene is False
        assert "complément alimentaire" not in product.name


def test_reference_value_percentages_match_the_eu_nrvs(db, seeded):
    checked = 0
    for product in products(db):
        for nutrient in product.nutrients:
            if nutrient.name in NRV:
                amount = float(nutrient.amount.replace(",", "."))
                expected = amount / NRV[nutrient.name] * 100
                assert nutrient.unit in NRV_UNITS
                assert nutrient.nrv_percent is not None, (product.slug, nutrient.name)
                assert abs(nutrient.nrv_percent - expected) <= 1, (product.slug, nutrient.name)
                checked += 1
            else:  # plant extracts, fatty acids and other substances have no NRV
                assert nutrient.nrv_percent is None, (product.slug, nutrient.name)
    assert checked >= 60


def test_allergens_are_words_of_the_ingredient_list(db, seeded):
    with_allergens = 0
    for product in products(db):
        for word in product.allergen_list:
            assert re.search(rf"\b{word}\b", product.ingredients, re.IGNORECASE), (
                product.slug,
                word,
            )
            with_allergens += 1
    assert with_allergens >= 5


def test_presentation_texts_make_no_disease_claim(db, seeded):  # F4
    for product in products(db):
        for text in (product.name, product.short_description, product.description):
            assert not FORBIDDEN_CLAIMS.search(text), (product.slug, text)


def lowest_in_window(product: Product) -> int:
    """Recompute A10 from the stored history: lowest price in force in the 30 days before."""
    moment = product.reduction_started_at
    before = [c for c in product.price_changes if c.changed_at < moment]
    at_start = [c.price_cents for c in before if c.changed_at <= moment - REFERENCE_WINDOW][-1:]
    inside = [c.price_cents for c in before if c.changed_at > moment - REFERENCE_WINDOW]
    return min(at_start + inside)


def test_reductions_show_the_lowest_price_of_the_30_days_before(db, seeded):  # A10
    reduced = [p for p in products(db) if p.is_reduced]
    assert 4 <= len(reduced) <= 6
    for product in reduced:
        assert len(product.price_changes) >= 2
        assert product.price_changes[-1].price_cents == product.price_cents
        assert product.price_changes[-1].changed_at == product.reduction_started_at
        assert product.reference_price_cents == lowest_in_window(product), product.slug
    references = {p.slug: p.reference_price_cents for p in reduced}
    assert references["magnesium-bisglycinate-b6"] == 2290  # 24,90 → 22,90 → reduced to 17,90
    assert references["curcuma-poivre-noir"] == 1790  # not the 19,90 just before the reduction


def test_a_price_increase_shows_no_reduction(db, seeded):
    zinc = db.session.scalar(select(Product).where(Product.slug == "zinc-15"))
    history = [change.price_cents for change in zinc.price_changes]
    assert history == [890, 990]
    assert zinc.price_cents == 990 and not zinc.is_reduced


def test_every_product_has_a_price_history_and_a_plausible_price(db, seeded):
    for product in products(db):
        assert product.price_changes, product.slug
        assert product.price_changes[-1].price_cents == product.price_cents
        assert 600 <= product.price_cents <= 6000, product.slug


def test_stock_situations_are_all_represented(db, seeded):
    codes = Counter(availability(p).code for p in products(db))
    assert codes["in_stock"] >= 25
    assert codes["out"] >= 2
    assert sum(1 for p in products(db) if 1 <= p.available <= 3) >= 2
    on_demand = [p for p in products(db) if p.on_demand]
    assert 3 <= len(on_demand) <= 4
    for product in on_demand:
        assert product.available == 0
        assert 5 <= product.supplier_delay_days <= 15
        assert availability(product).orderable


def test_every_product_has_a_small_svg_image_with_french_alt_text(db, seeded):
    folder = Path(BASE_DIR) / "static" / "img" / "products"
    for product in products(db):
        assert len(product.images) == 1
        image = product.images[0]
        path = folder / image.filename
        assert path.is_file(), image.filename
        assert path.stat().st_size < 3 * 1024
        assert path.read_text(encoding="utf-8").startswith("<svg")
        assert image.alt.startswith(("Pot de", "Flacon", "Boîte", "Sachet de"))
        assert "Nutrivia Labs" in image.alt and len(image.alt) <= 200


def test_the_demo_catalogue_is_searchable_by_weight(db, seeded):
    product = db.session.scalar(select(Product).where(Product.slug == "echinacee-vitamine-c"))
    assert "echinacee" in product.search_a.split() and "é" not in product.search_a
    assert "plante" in product.search_a.split()  # its category, « Plantes »


def test_seed_demo_command_is_idempotent(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "44 produit(s)" in first.output
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert "0 produit(s) et 0 rayon(s) créés" in second.output


def test_seed_demo_returns_a_summary(db):
    summary = seed_demo(NOW)
    assert summary.startswith("Catalogue :")


def test_every_product_has_customs_data_for_parcels_leaving_the_eu(db, seeded):
    for product in products(db):
        assert missing_customs_fields(product) == [], product.slug
        # The net weight is the product's, below the weight shipped with its packaging, and
        # the one printed on the label when the label gives grams.
        assert product.net_weight_grams < product.weight_grams, product.slug
        printed = re.search(r"(\d+) g\b", product.net_quantity)
        if printed:
            assert product.net_weight_grams == int(printed.group(1)), product.slug
    supplements = [p for p in products(db) if p.is_food_supplement]
    assert {p.hs_code[:4] for p in supplements} <= {"2106", "1504", "1515", "1517", "2925"}
    assert all(p.origin_country == "FR" for p in supplements)


def test_seeding_again_fills_customs_data_of_products_seeded_before_it_existed(db, seeded):
    old = products(db)[0]
    old.hs_code = old.origin_country = old.net_weight_grams = None
    db.session.commit()
    seed_catalog(NOW + timedelta(days=1))
    db.session.commit()
    assert missing_customs_fields(old) == []


def test_the_demo_search_lists_magnesium_before_magnesium_stearate(db, seeded):
    """Issue 21: « magnésium » listed Calcium, Glucosamine and Guarana first (they hold magnesium
    stearate; results were sorted by name)."""
    names = [db.session.get(Product, id_).name for id_ in search_products("magnésium").ids]
    with_it_in_the_name = [name for name in names if "agnésium" in name.split(" – ")[0]]
    assert names[:len(with_it_in_the_name)] == with_it_in_the_name
    for stearate_only in ("Calcium", "Glucosamine", "Guarana"):
        position = next(i for i, name in enumerate(names) if name.startswith(stearate_only))
        assert position >= len(with_it_in_the_name)


def test_the_demo_search_finds_a_category_by_its_name(db, seeded):
    sleep = db.session.scalar(select(Category).where(Category.slug == "sommeil-detente"))
    found = set(search_products("sommeil").ids)
    assert found and found == {product.id for product in sleep.products if product.is_published}
