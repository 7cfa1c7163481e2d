"""The customs declaration (CN23) of an order whose parcel crosses a customs or tax border.

Pure: it reads the order's VAT regime and lines and the products as they are when the order is
placed; `shop.checkout.services.place_order` (the web checkout and phone orders alike) stores
the result on `Order.customs_declaration`, a snapshot that a later edit of a product does not
touch. Staff print it as a CN23 from the order page.

Which orders: those the tax decision treats as exports (shop/tax/decision.py), that is every
destination outside the EU's VAT territory: the countries outside the EU and the overseas
collectivities (Saint-Barthélemy, Saint-Pierre-et-Miquelon...), outside the EU customs union
too; and the overseas departments (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte), inside
the customs union but outside the VAT territory (directive 2006/112/CE art. 6), where the goods
are imported and bear octroi de mer and local VAT, so that their parcels also travel with a
CN23. A delivery to another member state, even exempt of VAT (intra-EU B2B autoliquidation),
crosses neither border: no declaration.
"""

from collections.abc import Mapping
from decimal import Decimal

from shop.catalog.models import PRODUCT_FORMATS, Product
from shop.orders.models import Order
from shop.tax.decision import RegimeCode

#: The regimes whose parcels cross a customs or tax border (exports, in the tax decision).
CUSTOMS_REGIMES = frozenset(
    {RegimeCode.EXPORT, RegimeCode.OVERSEAS_EXPORT, RegimeCode.OVERSEAS_NO_VAT}
)
#: The nature of the shipment ticked on the CN23.
SALE_OF_GOODS = "Vente de marchandises / Sale of goods"
_DESCRIPTION_LENGTH = 100
_SUPPLEMENT_SUFFIX = " – complément alimentaire"
# The galenic forms in English, read by the customs officers of the country of arrival.
_FORMATS_EN = {
    "gelules": "capsules", "capsules": "softgels", "comprimes": "tablets", "poudre": "powder",
    "liquide": "liquid", "gommes": "gummies", "barres": "bars",
}  # fmt: skip


def needs_customs(order: Order) -> bool:
    """Whether the order's parcel crosses a customs or tax border (its regime says so)."""
    return order.vat_regime in CUSTOMS_REGIMES


def describe(product: Product) -> str:
    """A short description for customs: « Food supplement – Zinc 15 mg (capsules) »."""
    name = product.name.replace(_SUPPLEMENT_SUFFIX, "").strip()
    if product.is_food_supplement:
        form = _FORMATS_EN.get(product.format, PRODUCT_FORMATS.get(product.format, ""))
        name = f"Food supplement – {name}" + (f" ({form})" if form else "")
    return name[:_DESCRIPTION_LENGTH]


def declaration_for(order: Order, products: Mapping[int, Product]) -> dict | None:
    """The CN23 data of the order, or None when it needs none.

    One entry per line: description, quantity, net weight, value (what the buyer pays for the
    line, without VAT, in cents), HS code and origin, copied from ``products`` (by id); then
    the totals. The value is the line's HT total: under these regimes no VAT is charged.
    """
    if not needs_customs(order):
        return None
    lines = []
    for line in order.lines:
        product = products[line.product_id]
        unit_net = product.net_weight_grams
        lines.append({
            "description": describe(product),
            "quantity": line.quantity,
            "net_weight_grams": unit_net * line.quantity if unit_net else None,
            "value_cents": line.total_ht_cents,
            "hs_code": product.hs_code or "",
            "origin_country": product.origin_country or "",
        })
    return {
        "category": SALE_OF_GOODS,
        "currency": "EUR",  # the shop sells in euros only; every amount here is in cents
        "lines": lines,
        "total_value_cents": sum(entry["value_cents"] for entry in lines),
        "total_net_weight_grams": sum(entry["net_weight_grams"] or 0 for entry in lines),
        "gross_weight_grams": sum(line.weight_grams * line.quantity for line in order.lines),
        "postal_charges_cents": order.shipping_ttc_cents,
        "complete": all(
            entry["net_weight_grams"] and entry["hs_code"] and entry["origin_country"]
            for entry in lines
        ),
    }


def kilograms(grams: int | None) -> str:
    """Grams as kilograms with 3 decimals, as customs forms want them: 72 -> « 0.072 »."""
    if grams is None:
        return ""
    return str((Decimal(grams) / 1000).quantize(Decimal("0.001")))
