"""The catalogue search on the database the run uses (SQLite, or TEST_DATABASE_URL's
PostgreSQL): every test asserts a concrete order, so the two runs prove the same order."""

import pytest
from sqlalchemy import select

from shop.catalog.models import Category, Product
from shop.catalog.search import search_products
from shop.catalog.services import edit_category, publish_product
from shop.extensions import db as database
from tests.factories import make_category, make_product

STEARATE = "Agent de charge : cellulose ; anti-agglomérant : stéarate de magnésium."


@pytest.fixture()
def shelf(db):
    """A small catalogue shaped like the demo one: three products that only hold magnesium
    stearate, whose names sort before the magnesium products'."""
    minerals = make_category(db, slug="mineraux", name="Minéraux")
    sleep = make_category(db, slug="sommeil-detente", name="Sommeil et détente")
    joints = make_category(db, slug="articulations", name="Articulations")
    sport = make_category(db, slug="sport", name="Sport et énergie")
    vitamins = make_category(db, slug="vitamines", name="Vitamines")
    products = [
        (minerals, "calcium-vitamine-d3", "Calcium et vitamine D3", STEARATE, "", "Calcium"),
        (joints, "glucosamine", "Glucosamine et chondroïtine", STEARATE, "", "Glucosamine"),
        (sport, "guarana", "Guarana et vitamines B", STEARATE, "", "Caféine"),
        (minerals, "magnesium-marin", "Magnésium marin", "Oxyde de magnésium marin.", "",
         "Magnésium"),
        (minerals, "magnesium-bisglycinate", "Magnésium bisglycinate", "Bisglycinate.", "",
         "Magnésium"),
        (sleep, "melisse-camomille", "Mélisse et camomille", "Mélisse, camomille.",
         "Pour des soirées calmes.", "Magnésium"),
        (sleep, "melatonine", "Mélatonine 1 mg", "Mélatonine.", "Endormissement.", "Glucides"),
        (sleep, "valeriane", "Valériane et passiflore", "Valériane.", "", "Glucides"),
        (vitamins, "vitamine-c", "Vitamine C 500 mg", "Acide ascorbique, dioxyde de silicium.",
         "Dose de vitamine C.", "Vitamine C"),
    ]
    for category, slug, name, ingredients, short, nutrient in products:
        make_product(db, category=category, slug=slug, name=f"{name} – complément alimentaire",
                     ingredients=ingredients, short_description=short or "Un complément.",
                     nutrient=nutrient)
    make_product(db, category=minerals, slug="magnesium-brouillon", publish=False,
                 name="Magnésium brouillon – complément alimentaire", nutrient="Magnésium")
    db.session.commit()


def found(query: str, **options) -> list[str]:
    """Slugs of the products found, in the order shown."""
    ids = search_products(query, **options).ids
    slugs = dict(database.session.execute(select(Product.id, Product.slug)).all())
    return [slugs[id_] for id_ in ids]


MAGNESIUM_ORDER = [
    # the name holds it (A), then the nutrients (B), then the ingredients only (C)
    "magnesium-bisglycinate", "magnesium-marin",
    "melisse-camomille",
    "calcium-vitamine-d3", "glucosamine", "guarana",
]


def test_magnesium_products_come_before_those_holding_magnesium_stearate(shelf):
    assert found("magnésium") == MAGNESIUM_ORDER


def test_a_page_of_results_keeps_the_order_and_counts_them_all(shelf):
    page = search_products("magnésium", offset=2, limit=3)
    assert found("magnésium", offset=2, limit=3) == MAGNESIUM_ORDER[2:5]
    assert page.total == len(MAGNESIUM_ORDER)


def test_case_and_accents_are_ignored(shelf):
    assert found("MAGNESIUM") == found("Magnésium") == MAGNESIUM_ORDER


def test_a_typo_of_one_letter_still_finds(shelf):
    assert found("magnesuim") == MAGNESIUM_ORDER  # two letters swapped
    assert found("magnsium") == MAGNESIUM_ORDER  # one missing
    assert found("magnésium marinn") == ["magnesium-marin"]


def test_a_category_finds_its_products(shelf):
    assert found("sommeil") == ["melatonine", "melisse-camomille", "valeriane"]


def test_vitamin_d_is_a_word_not_any_d(shelf):
    assert found("vitamine d") == ["calcium-vitamine-d3"]
    assert found("vitamines") == ["calcium-vitamine-d3", "guarana", "vitamine-c"]


def test_unpublished_products_are_never_found(shelf):
    assert found("brouillon") == []
    assert "magnesium-brouillon" not in found("magnésium")


def test_nothing_is_found_for_words_no_product_holds(shelf):
    assert found("chocolat") == []
    assert found("de la") == []  # stop words only
    assert found("%_*\"') OR 1=1 --") == []


def test_as_you_type_the_last_word_is_a_prefix(shelf):
    assert found("magn", as_you_type=True) == MAGNESIUM_ORDER
    assert found("magn", as_you_type=True, limit=2) == MAGNESIUM_ORDER[:2]
    assert found("magn") == []  # the results page wants whole words
    assert found("magnesuim", as_you_type=True) == MAGNESIUM_ORDER
    assert found("vitamine d", as_you_type=True) == ["calcium-vitamine-d3"]  # not « dose »


def test_changes_are_found_right_after_their_commit(db, shelf):
    sleep = db.session.scalar(select(Category).where(Category.slug == "sommeil-detente"))
    edit_category(sleep, name="Nuit paisible")
    db.session.commit()
    assert found("paisible") == ["melatonine", "melisse-camomille", "valeriane"]
    assert found("sommeil") == []

    fresh = make_product(db, slug="zinc", name="Zinc 15 mg – complément alimentaire",
                         publish=False, nutrient="Zinc")
    db.session.commit()
    assert found("zinc") == []
    publish_product(fresh)
    db.session.commit()
    assert found("zinc") == ["zinc"]

    fresh.name = "Zinc et cuivre – complément alimentaire"
    db.session.commit()
    assert found("cuivre") == ["zinc"]

    vitamins = db.session.scalar(select(Category).where(Category.slug == "vitamines"))
    fresh.category_id = vitamins.id  # moved by its id alone
    db.session.commit()
    assert found("cuivre vitamines") == ["zinc"]

    fresh.is_published = False  # withdrawn from sale
    db.session.commit()
    assert found("cuivre") == []
