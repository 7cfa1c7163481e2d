"""Catalogue operations: publication rules, prices and their history, categories.

Each operation that changes what a page shows marks its transaction with `catalog_changed`, so
the catalogue revision moves when it commits and no cached page keeps the old content. The
search words follow every change of a searched field by themselves (shop.catalog.search_index).
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from shop.catalog import customs
from shop.catalog.models import Category, PriceChange, Product
from shop.catalog.revision import catalog_changed
from shop.extensions import db

REFERENCE_WINDOW = timedelta(days=30)

# Label fields without which a food supplement may not be published (LEGAL F2, F3).
MANDATORY_LABEL_FIELDS = {
    "name": "dénomination de vente",
    "brand": "marque",
    "net_quantity": "quantité nette",
    "ingredients": "liste des ingrédients",
    "daily_portion": "portion journalière recommandée",
    "usage": "mode d'emploi",
    "storage": "conditions de conservation",
    "warnings": "avertissements obligatoires",
    "operator_name": "nom de l'exploitant",
    "operator_address": "adresse de l'exploitant",
}


class CatalogError(Exception):
    """A catalogue rule was broken; the message is French and safe to show."""


def missing_label_fields(product: Product) -> list[str]:
    """French names of the mandatory label fields still empty (food supplements only)."""
    if not product.is_food_supplement:
        return [] if product.name.strip() else [MANDATORY_LABEL_FIELDS["name"]]
    missing = [
        label
        for field, label in MANDATORY_LABEL_FIELDS.items()
        if not (getattr(product, field) or "").strip()
    ]
    if "complément alimentaire" not in product.name.lower():
        missing.append("mention « complément alimentaire » dans la dénomination (F1)")
    if not product.nutrients:
        missing.append("tableau nutritionnel par portion journalière")
    return missing


def missing_customs_fields(product: Product) -> list[str]:
    """French names of the customs data missing: every product may ship outside the EU."""
    return customs.customs_problems(
        product.hs_code, product.origin_country, product.net_weight_grams
    )


def set_customs_data(
    product: Product, *, hs_code: str, origin_country: str, net_weight_grams: int | str
) -> None:
    """Record the HS code, origin and net weight a CN22/CN23 needs, normalised; CatalogError
    with the French reason, and nothing changed, when one is wrong."""
    try:
        values = (
            customs.normalize_hs_code(hs_code),
            customs.normalize_origin(origin_country),
            customs.normalize_net_weight(net_weight_grams),
        )
    except customs.InvalidCustomsData as error:
        raise CatalogError(str(error)) from None
    product.hs_code, product.origin_country, product.net_weight_grams = values
    db.session.flush()


def publish_product(product: Product) -> None:
    """Make a product visible; refused while a mandatory label field (F3) or the customs data
    of a parcel leaving the EU is missing."""
    missing = missing_label_fields(product) + missing_customs_fields(product)
    if missing:
        raise CatalogError(
            "Publication impossible, informations obligatoires manquantes : " + ", ".join(missing)
        )
    product.is_published = True
    catalog_changed()


def edit_category(
    category: Category, *, name: str, description: str = "", position: int | None = None
) -> None:
    """Rename or describe a category (its pages, the menu and every product's breadcrumb)."""
    if not name.strip():
        raise CatalogError("Le nom du rayon est obligatoire.")
    category.name = name.strip()
    category.description = description.strip()
    if position is not None:
        category.position = position
    catalog_changed()
    db.session.flush()


def set_price(
    product: Product, price_cents: int, now: datetime, *, reduction: bool = False
) -> None:
    """Change the price and record it in the history.

    With ``reduction=True`` the new price is announced as a reduction: the reference price shown
    crossed out is the lowest price in force during the 30 days before the change (L112-1-1),
    computed from the history. Without history for that window no reduction is shown.

    A reduction announced while another is shown continues the same uninterrupted series: it
    keeps the reference and the start of the first reduction, so 24,90 -> 22,90 -> 20,90 shows
    24,90, not 22,90 (A10; directive 98/6/CE art. 6 bis 5). A price change without
    ``reduction`` ends the series; a later reduction starts a new one, with the lowest price of
    the 30 days before it.
    """
    if not isinstance(price_cents, int) or price_cents <= 0:
        raise CatalogError("Le prix doit être un nombre entier de centimes supérieur à zéro.")
    started = now
    if reduction and product.reduction_started_at is not None:
        reference, started = product.reference_price_cents, product.reduction_started_at
    else:
        reference = lowest_price_before(product.id, now) if reduction else None
    product.price_cents = price_cents
    db.session.add(PriceChange(product_id=product.id, price_cents=price_cents, changed_at=now))
    if reference is not None and reference > price_cents:
        product.reference_price_cents = reference
        product.reduction_started_at = started
    else:
        product.reference_price_cents = None
        product.reduction_started_at = None
    catalog_changed()
    db.session.flush()


def lowest_price_before(product_id: int, moment: datetime) -> int | None:
    """Lowest price in force during the 30 days before ``moment``, or None without history."""
    start = moment - REFERENCE_WINDOW
    changes = db.session.execute(
        select(PriceChange.price_cents, PriceChange.changed_at)
        .where(PriceChange.product_id == product_id, PriceChange.changed_at < moment)
        .order_by(PriceChange.changed_at)
    ).all()
    in_force_at_start = [price for price, at in changes if at <= start][-1:]
    inside = [price for price, at in changes if at > start]
    prices = in_force_at_start + inside
    return min(prices) if prices else None
