"""Factories for test data: complete, publishable products unless told otherwise."""

import itertools
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from shop.catalog.models import Category, Nutrient, Product, ProductImage
from shop.catalog.services import publish_product
from shop.stock import services as stock

_sequence = itertools.count(1)

LABEL_DEFAULTS = {
    "brand": "Laboratoire Essai",
    "format": "gelules",
    "net_quantity": "60 gélules – 24 g",
    "short_description": "Un complément pour les tests.",
    "description": "Description longue.\n\nSecond paragraphe.",
    "ingredients": "Agent de charge : cellulose ; huile de poisson ; gélule : gélatine de poisson.",
    "allergens": "poisson",
    "daily_portion": "1 gélule par jour",
    "usage": "Avaler une gélule avec un verre d'eau au cours d'un repas.",
    "storage": "À conserver au sec, à l'abri de la lumière et de la chaleur.",
    "warnings": (
        "Ne pas dépasser la dose journalière recommandée. Tenir hors de portée des jeunes enfants."
    ),
    "operator_name": "PRONUTRI",
    "operator_address": "06510 Carros, France",
    "weight_grams": 60,
    "vat_rate": Decimal("5.5"),
    "hs_code": "210690",
    "origin_country": "FR",
    "net_weight_grams": 24,
}


def make_category(db, **fields) -> Category:
    number = next(_sequence)
    values = {"slug": f"rayon-{number}", "name": f"Rayon {number}", "position": number}
    category = Category(**(values | fields))
    db.session.add(category)
    db.session.flush()
    return category


def make_product(
    db, *, category=None, publish=True, nutrients=1, nutrient="Vitamine D", on_hand=50, **fields
) -> Product:
    """A product with complete label data, published by the real service by default; its
    on_hand units go in through the stock service as an opening movement."""
    number = next(_sequence)
    category = category or make_category(db)
    values = LABEL_DEFAULTS | {
        "slug": f"produit-{number}",
        "name": f"Produit {number} – complément alimentaire",
        "price_cents": 1000 + number,
        "category": category,
    }
    product = Product(**(values | fields))
    for index in range(nutrients):
        product.nutrients.append(
            Nutrient(position=index, name=nutrient, amount="25", unit="µg", nrv_percent=500)
        )
    product.images.append(ProductImage(filename="placeholder.svg", alt=product.name))
    db.session.add(product)
    db.session.flush()
    if on_hand:
        stock.open_stock(product.id, on_hand, actor="test", reason="initial_load")
    if publish:
        publish_product(product)
    db.session.flush()
    return product


def at(year, month, day, hour=12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


@pytest.fixture()
def category_factory(db):
    return lambda **fields: make_category(db, **fields)


@pytest.fixture()
def product_factory(db):
    return lambda **fields: make_product(db, **fields)
