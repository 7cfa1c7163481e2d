"""Loads the demo catalogue (shop.catalog.demo_data) through the catalogue services.

Idempotent: categories and products are keyed on their slugs; one that already exists is left
as it is, except that a product seeded before customs data existed gets its HS code, origin and
net weight; so a second run creates nothing and changes nothing. A new product's units go
in through the stock service as an `opening` movement, so its ledger adds up to its on hand.
"""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from shop.catalog.demo_data import BRAND, CATEGORIES, PRODUCTS
from shop.catalog.models import Category, Nutrient, Product, ProductImage
from shop.catalog.revision import catalog_changed
from shop.catalog.services import publish_product, set_customs_data, set_price
from shop.db import utcnow
from shop.extensions import db
from shop.stock import services as stock

# Keys of a demo product that are not Product columns (on_hand goes through the stock service).
_NOT_COLUMNS = {"category", "label", "nutrients", "prices", "on_hand"}
# The customs data, normalised by the catalogue service (the demo writes « 2106 90 »).
_CUSTOMS = ("hs_code", "origin_country", "net_weight_grams")

# The pack each galenic form is drawn in (scripts/make_product_svgs.py), one shape per family;
# the oils of the omega-3 category come in a bottle whatever their form.
PACK_SHAPES = {
    "gelules": "jar",
    "capsules": "jar",
    "comprimes": "box",
    "poudre": "tub",
    "gommes": "sachet",
    "liquide": "dropper",
    "barres": "box",
    "accessoire": "box",
}
_BOTTLED_CATEGORIES = {"omega-3-acides-gras"}
# What the pictogram shows, for the image's alternative text: the pack, then what it holds.
_PACK_NAMES = {
    "jar": "Pot",
    "bottle": "Flacon",
    "dropper": "Flacon compte-gouttes",
    "spray": "Flacon spray",
    "box": "Boîte",
    "tub": "Pot",
    "sachet": "Sachet",
}
_CONTENTS = {
    "gelules": "de gélules",
    "capsules": "de capsules",
    "comprimes": "de comprimés",
    "gommes": "de gommes",
    "poudre": "de poudre",
    "barres": "de barres",
}
_SUFFIX = " – complément alimentaire"


def image_filename(slug: str) -> str:
    """The product's pictogram, under static/img/products/."""
    return f"{slug}.svg"


def pack_shape(data: dict[str, Any]) -> str:
    """The pack a demo product is drawn in, from its galenic form and category.

    A liquid taken in sprays (its daily portion counts « pulvérisations ») gets a spray head
    instead of a dropper; the oils (omega-3 category) a bottle.
    """
    if data["format"] == "liquide" and "pulvérisation" in data.get("daily_portion", ""):
        return "spray"
    if data["format"] != "liquide" and data["category"] in _BOTTLED_CATEGORIES:
        return "bottle"
    return PACK_SHAPES.get(data["format"], "box")


def image_alt(data: dict[str, Any]) -> str:
    """French alternative text of the pictogram, e.g. 'Pot de gélules Nutrivia Labs ...'."""
    short_name = data["name"].split(_SUFFIX)[0]
    container = " ".join(
        filter(None, (_PACK_NAMES[pack_shape(data)], _CONTENTS.get(data["format"])))
    )
    return f"{container} {BRAND} « {short_name} », {data['net_quantity']}"


def seed_catalog(now: datetime | None = None) -> dict[str, int]:
    """Create the demo categories and products missing from the database; publish each product.

    Prices are set through ``set_price`` at moments relative to ``now`` (timezone-aware UTC), so
    the history and the reductions' reference prices are the service's own (A10); each product
    goes through ``publish_product``, which refuses incomplete label data (F3). The caller
    commits. Returns the counts created and the totals.
    """
    now = now or utcnow()
    categories = {c.slug: c for c in db.session.scalars(select(Category))}
    categories_created = 0
    for position, data in enumerate(CATEGORIES, start=1):
        if data["slug"] in categories:
            continue
        category = Category(
            slug=data["slug"],
            name=data["name"],
            description=data["description"],
            position=position,
        )
        db.session.add(category)
        categories[data["slug"]] = category
        categories_created += 1
        catalog_changed()
    db.session.flush()

    existing = {p.slug: p for p in db.session.scalars(select(Product))}
    products_created = 0
    for data in PRODUCTS:
        if data["slug"] in existing:
            if existing[data["slug"]].hs_code is None:
                _set_customs(existing[data["slug"]], data)
            continue
        _create_product(data, categories[data["category"]], now)
        products_created += 1

    return {
        "categories_created": categories_created,
        "products_created": products_created,
        "categories": db.session.scalar(select(func.count()).select_from(Category)) or 0,
        "products": db.session.scalar(select(func.count()).select_from(Product)) or 0,
    }


def _create_product(data: dict[str, Any], category: Category, now: datetime) -> Product:
    prices = data["prices"]
    columns = {
        key: value for key, value in data.items() if key not in _NOT_COLUMNS | set(_CUSTOMS)
    }
    product = Product(
        **columns,
        category=category,
        price_cents=prices[0].cents,
        created_at=now - timedelta(days=prices[0].days_ago),
    )
    for position, (name, amount, unit, nrv) in enumerate(data["nutrients"]):
        product.nutrients.append(
            Nutrient(position=position, name=name, amount=amount, unit=unit, nrv_percent=nrv)
        )
    product.images.append(
        ProductImage(filename=image_filename(data["slug"]), alt=image_alt(data), position=0)
    )
    db.session.add(product)
    _set_customs(product, data)
    for step in prices:
        moment = now - timedelta(days=step.days_ago)
        set_price(product, step.cents, moment, reduction=step.reduction)
    if data["on_hand"]:
        stock.open_stock(product.id, data["on_hand"], actor="demo", reason="demo_seed")
    publish_product(product)
    db.session.flush()
    return product


def _set_customs(product: Product, data: dict[str, Any]) -> None:
    set_customs_data(product, **{key: data[key] for key in _CUSTOMS})
