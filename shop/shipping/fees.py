"""Shipping fees: pure functions on plain frozen data, no database, no request.

A method rate either has a flat fee (``fee_cents``) or weight bands; it may be free from a
products total TTC (``free_from_cents``, inclusive: 45.00 EUR of products ship free, 44.99 EUR
pay the fee). Amounts are integer cents TTC, weights integer grams.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shop.shipping.zones import Zone


class ShippingError(Exception):
    """A parcel that no method can carry."""


class WeightOverLimit(ShippingError):
    """The parcel is heavier than the last weight band of the method."""


class NoMethodForZone(ShippingError):
    """No shipping method serves the destination zone."""


@dataclass(frozen=True, slots=True)
class WeightBand:
    """Parcels up to ``max_weight_grams`` (inclusive) cost ``fee_cents``."""

    max_weight_grams: int
    fee_cents: int


@dataclass(frozen=True, slots=True)
class MethodRate:
    """What a shipping method costs in one zone and how long it takes."""

    code: str
    zone: Zone
    fee_cents: int = 0
    free_from_cents: int | None = None
    weight_bands: tuple[WeightBand, ...] = ()
    preparation_days: int = 1
    transit_days_min: int = 2
    transit_days_max: int = 3
    name: str = ""

    def __post_init__(self) -> None:
        bands = tuple(sorted(self.weight_bands, key=lambda band: band.max_weight_grams))
        object.__setattr__(self, "weight_bands", bands)
        if self.transit_days_min > self.transit_days_max:
            raise ValueError("transit_days_min is above transit_days_max")


def is_free(rate: MethodRate, products_ttc_cents: int) -> bool:
    """Whether the products total reaches the method's free-shipping threshold."""
    return rate.free_from_cents is not None and products_ttc_cents >= rate.free_from_cents


def shipping_fee(rate: MethodRate, products_ttc_cents: int, weight_grams: int) -> int:
    """Return the fee TTC in cents; raise WeightOverLimit past the last weight band."""
    if is_free(rate, products_ttc_cents):
        return 0
    if not rate.weight_bands:
        return rate.fee_cents
    for band in rate.weight_bands:
        if weight_grams <= band.max_weight_grams:
            return band.fee_cents
    raise WeightOverLimit(
        f"{rate.code}: {weight_grams} g is above {rate.weight_bands[-1].max_weight_grams} g"
    )


def amount_left_for_free_shipping(rate: MethodRate, products_ttc_cents: int) -> int | None:
    """Cents still to buy for free shipping: None without a threshold, 0 once reached."""
    if rate.free_from_cents is None:
        return None
    return max(0, rate.free_from_cents - products_ttc_cents)


def rates_for_zone(rates: Iterable[MethodRate], zone: Zone) -> list[MethodRate]:
    """The rates serving a zone, in the given order; raise NoMethodForZone if there is none."""
    found = [rate for rate in rates if rate.zone is zone]
    if not found:
        raise NoMethodForZone(f"no shipping method for zone {zone}")
    return found
