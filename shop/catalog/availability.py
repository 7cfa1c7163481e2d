"""What the storefront says about a product's availability."""

from dataclasses import dataclass

LOW_STOCK_THRESHOLD = 5


@dataclass(frozen=True)
class Availability:
    code: str  # in_stock | low | out | on_demand
    label: str
    orderable: bool


def availability(product) -> Availability:
    """In stock, only N left, out of stock, or supplied on demand with its delay."""
    if product.on_demand:
        days = product.supplier_delay_days or 0
        return Availability("on_demand", f"Sur commande : expédié sous {days} jours", True)
    return stocked_availability(product.available)


def stocked_availability(available: int) -> Availability:
    """What a stocked product's pages say for this many units available.

    The stock service compares it before and after a move: equal, the cached pages are still
    right and the catalogue revision stays (a sale that leaves « En stock » invalidates nothing).
    """
    if available <= 0:
        return Availability("out", "Rupture de stock", False)
    if available <= LOW_STOCK_THRESHOLD:
        return Availability("low", f"Plus que {available} en stock", True)
    return Availability("in_stock", "En stock", True)
