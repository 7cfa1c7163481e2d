"""Pricing a loaded cart for a buyer and a destination: the VAT regime, the shipping fee,
totals with VAT, the delivery window.

The cart page, the checkout's pages and the order itself are priced by ``quote_cart``: the
regime comes from ``shop.tax.decision.decide`` with the OSS switch in force, and the method
from the buyer (HT for professionals and exempt orders, shop.cart.totals). The callers read
the OSS switch once per page (``shop.settings.services.oss_threshold_passed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from shop.cart.services import Cart
from shop.cart.totals import (
    CustomerType,
    LineInput,
    Presentation,
    Totals,
    compute_totals,
    present,
)
from shop.shipping.estimate import delivery_window
from shop.shipping.fees import (
    MethodRate,
    NoMethodForZone,
    WeightOverLimit,
    amount_left_for_free_shipping,
    rates_for_zone,
    shipping_fee,
)
from shop.shipping.services import active_rates
from shop.shipping.zones import Zone, zone_for
from shop.tax.decision import EXEMPT, Buyer, VatRegime, decide


@dataclass(frozen=True)
class Quote:
    """What a cart costs and when it arrives, for one buyer and destination."""

    zone: Zone
    regime: VatRegime
    rate: MethodRate | None
    shipping_problem: str | None  # French, when no method can carry the parcel
    totals: Totals
    presentation: Presentation
    free_shipping_left_cents: int | None
    window: tuple[date, date] | None

    @property
    def importer_notice(self) -> bool:
        """Outside the EU customs union (overseas included) the customer is the importer."""
        return self.regime.importer_notice


def cart_weight(cart: Cart) -> int:
    """Weight of the goods in grams."""
    return sum(line.product.weight_grams * line.quantity for line in cart.lines)


def supplier_delay(cart: Cart) -> int:
    """The longest supplier delay of the on-demand lines, in working days."""
    return max(
        (ln.product.supplier_delay_days or 0 for ln in cart.lines if ln.product.on_demand),
        default=0,
    )


def quote_cart(
    cart: Cart,
    country: str,
    postal_code: str | None,
    now: datetime,
    buyer: Buyer,
    *,
    oss: bool,
    rates: list[MethodRate] | None = None,
) -> Quote:
    """Price the cart for a buyer and a destination with its first shipping method (rates
    from the database unless given); ``oss``: the OSS switch in force
    (shop.settings.services.oss_threshold_passed). Raises InvalidAddress for an unknown
    destination."""
    zone = zone_for(country, postal_code)
    regime = decide(buyer, country, postal_code, oss_threshold_passed=oss)
    exempt = regime.code in EXEMPT
    prices_ht = exempt or buyer.kind is CustomerType.PROFESSIONAL
    lines = [
        LineInput(ln.product.price_cents, ln.quantity, ln.product.vat_rate, ref=ln.product.id)
        for ln in cart.lines
    ]
    products_cents = sum(line.unit_price_cents * line.quantity for line in lines)
    rate, fee, problem = _shipping(cart, zone, products_cents, rates)
    totals = compute_totals(lines, fee, rate_for=regime.rate_for, prices_ht=prices_ht)
    window = None
    if rate is not None and cart.lines:
        window = delivery_window(
            now,
            rate.preparation_days,
            rate.transit_days_min,
            rate.transit_days_max,
            supplier_delay_days=supplier_delay(cart),
        )
    return Quote(
        zone=zone,
        regime=regime,
        rate=rate,
        shipping_problem=problem,
        totals=totals,
        presentation=present(totals, prices_ht=prices_ht, exempt=exempt),
        free_shipping_left_cents=(
            amount_left_for_free_shipping(rate, products_cents) if rate and cart.lines else None
        ),
        window=window,
    )


def _shipping(
    cart: Cart, zone: Zone, products_cents: int, rates: list[MethodRate] | None
) -> tuple[MethodRate | None, int, str | None]:
    """The method, its fee and a French problem if the parcel cannot go (fee 0 then)."""
    try:
        rate = rates_for_zone(active_rates() if rates is None else rates, zone)[0]
    except NoMethodForZone:
        return None, 0, "Nous ne livrons pas encore cette destination."
    if not cart.lines:
        return rate, 0, None
    try:
        return rate, shipping_fee(rate, products_cents, cart_weight(cart)), None
    except WeightOverLimit:
        return (
            rate,
            0,
            "Votre colis dépasse le poids maximal pour cette destination : "
            "contactez-nous pour un envoi en plusieurs colis.",
        )
