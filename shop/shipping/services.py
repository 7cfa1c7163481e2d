"""Shipping operations: the rates in force, the method for a destination, the demo seed."""

import time
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from shop import caches
from shop.extensions import db
from shop.shipping.estimate import delivery_window
from shop.shipping.fees import MethodRate, NoMethodForZone, WeightBand, rates_for_zone
from shop.shipping.models import ShippingMethod, ShippingRateBand
from shop.shipping.zones import Zone

_OVERSEAS_BANDS = ((500, 1250), (1000, 1750), (2000, 2390), (5000, 3590), (10000, 5390))
_EUROPE_BANDS = ((500, 1290), (1000, 1490), (2000, 1690), (5000, 2190), (10000, 3390))
_WORLD_BANDS = ((500, 2390), (1000, 2690), (2000, 3690), (5000, 5390), (10000, 8990))

#: The demo methods; prices TTC in cents, weights in grams, delays in working days.
DEMO_RATES = (
    MethodRate("colissimo-metro", Zone.METRO, fee_cents=550, free_from_cents=4500,
               preparation_days=1, transit_days_min=2, transit_days_max=3,
               name="Colissimo à domicile"),
    MethodRate("colissimo-outre-mer", Zone.OUTRE_MER,
               weight_bands=tuple(WeightBand(*band) for band in _OVERSEAS_BANDS),
               preparation_days=1, transit_days_min=5, transit_days_max=8,
               name="Colissimo Outre-mer"),
    MethodRate("colissimo-europe", Zone.EU,
               weight_bands=tuple(WeightBand(*band) for band in _EUROPE_BANDS),
               preparation_days=1, transit_days_min=3, transit_days_max=6,
               name="Colissimo Europe"),
    MethodRate("colissimo-international", Zone.WORLD,
               weight_bands=tuple(WeightBand(*band) for band in _WORLD_BANDS),
               preparation_days=1, transit_days_min=6, transit_days_max=10,
               name="Colissimo International"),
)  # fmt: skip


def active_rates() -> list[MethodRate]:
    """Every active method as a plain rate, in display order (bands loaded with them)."""
    methods = db.session.scalars(
        select(ShippingMethod)
        .where(ShippingMethod.is_active.is_(True))
        .order_by(ShippingMethod.position, ShippingMethod.id)
        .options(selectinload(ShippingMethod.bands))
    )
    return [method.to_rate() for method in methods]


_rates_cache: dict[str, tuple[float, list[MethodRate]]] = {}
RATES_TTL_SECONDS = 60.0


def displayed_rates() -> list[MethodRate]:
    """The active rates for display (cart page), cached a minute in the process.

    Pricing an order must read fresh rates with ``active_rates()``: a fee changed by staff
    shows on the cart page within a minute, and applies to orders at once.
    """
    cached = _rates_cache.get("rates")
    now = time.monotonic()
    if cached and now - cached[0] < RATES_TTL_SECONDS:
        return cached[1]
    rates = active_rates()
    _rates_cache["rates"] = (now, rates)
    return rates


@caches.register
def clear_rates_cache() -> None:
    """Forget the cached rates (after a change, and between tests)."""
    _rates_cache.clear()


def default_rate_for(zone: Zone) -> MethodRate:
    """The first active method serving the zone; raises NoMethodForZone when there is none."""
    return rates_for_zone(active_rates(), zone)[0]


def product_page_window(now: datetime, supplier_delay_days: int = 0) -> tuple[date, date] | None:
    """When one product ordered at ``now`` reaches metropolitan France with the method the cart
    would pick first (the displayed rates); None when no method serves it."""
    try:
        rate = rates_for_zone(displayed_rates(), Zone.METRO)[0]
    except NoMethodForZone:
        return None
    return delivery_window(
        now, rate.preparation_days, rate.transit_days_min, rate.transit_days_max,
        supplier_delay_days=supplier_delay_days,
    )


def seed_shipping_methods(rates: tuple[MethodRate, ...] = DEMO_RATES) -> str:
    """Create or update the methods by code and their bands (safe to run again); a summary."""
    existing = {m.code: m for m in db.session.scalars(select(ShippingMethod))}
    for position, rate in enumerate(rates):
        method = existing.get(rate.code) or ShippingMethod(code=rate.code)
        method.name = rate.name
        method.zone = rate.zone.value
        method.fee_cents = rate.fee_cents
        method.free_from_cents = rate.free_from_cents
        method.preparation_days = rate.preparation_days
        method.transit_days_min = rate.transit_days_min
        method.transit_days_max = rate.transit_days_max
        method.position = position
        method.is_active = True
        _sync_bands(method, rate.weight_bands)
        db.session.add(method)
    db.session.flush()
    clear_rates_cache()
    return f"Livraison : {len(rates)} mode(s) d'envoi ({', '.join(r.name for r in rates)})."


def _sync_bands(method: ShippingMethod, bands: tuple[WeightBand, ...]) -> None:
    """Update bands in place by weight (a delete + insert could trip the unique constraint)."""
    current = {band.max_weight_grams: band for band in method.bands}
    kept = []
    for band in bands:
        row = current.get(band.max_weight_grams) or ShippingRateBand(
            max_weight_grams=band.max_weight_grams
        )
        row.fee_cents = band.fee_cents
        kept.append(row)
    method.bands = kept
