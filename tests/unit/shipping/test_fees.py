"""Shipping fees: threshold, flat fee, weight bands."""

import pytest

from shop.shipping.fees import (
    MethodRate,
    NoMethodForZone,
    WeightBand,
    WeightOverLimit,
    amount_left_for_free_shipping,
    rates_for_zone,
    shipping_fee,
)
from shop.shipping.zones import Zone, zone_for

METRO = MethodRate("colissimo-metro", Zone.METRO, fee_cents=550, free_from_cents=4500)
BANDS = (WeightBand(500, 1200), WeightBand(2000, 1900), WeightBand(5000, 2900))
OVERSEAS = MethodRate("colissimo-outre-mer", Zone.OUTRE_MER, weight_bands=BANDS)
EUROPE = MethodRate(
    "colissimo-europe",
    Zone.EU,
    weight_bands=(WeightBand(2000, 1700), WeightBand(500, 1100)),
)
WORLD = MethodRate("colissimo-monde", Zone.WORLD, weight_bands=BANDS[:2])
RATES = (METRO, OVERSEAS, EUROPE, WORLD)


def fee_to(country, postal, products_cents, weight):
    (rate,) = rates_for_zone(RATES, zone_for(country, postal))
    return shipping_fee(rate, products_cents, weight)


def test_metro_threshold_is_inclusive():
    assert shipping_fee(METRO, 4499, 300) == 550
    assert shipping_fee(METRO, 4500, 300) == 0
    assert shipping_fee(METRO, 4501, 300) == 0
    assert shipping_fee(METRO, 0, 0) == 550


def test_metro_flat_fee_ignores_weight():
    assert shipping_fee(METRO, 1000, 30_000) == 550


@pytest.mark.parametrize("postal", ["20000", "20090", "75001"])
def test_corsica_is_metro(postal):
    assert fee_to("FR", postal, 4499, 100) == 550
    assert fee_to("FR", postal, 4500, 100) == 0


@pytest.mark.parametrize(
    ("weight", "fee"), [(0, 1200), (500, 1200), (501, 1900), (2000, 1900), (5000, 2900)]
)
def test_overseas_weight_bands(weight, fee):
    assert fee_to("FR", "97100", 10_000, weight) == fee
    assert fee_to("GP", None, 10_000, weight) == fee


def test_bands_are_sorted_and_threshold_does_not_apply_without_one():
    assert EUROPE.weight_bands[0].max_weight_grams == 500
    assert fee_to("DE", "10115", 100_000, 400) == 1100
    assert fee_to("DE", "10115", 100_000, 1500) == 1700


def test_world():
    assert fee_to("US", "10001", 4500, 2000) == 1900


def test_over_last_band_raises():
    with pytest.raises(WeightOverLimit):
        fee_to("US", "10001", 4500, 2001)
    with pytest.raises(WeightOverLimit):
        shipping_fee(OVERSEAS, 0, 5001)


def test_free_shipping_wins_over_weight():
    rate = MethodRate("x", Zone.EU, free_from_cents=10_000, weight_bands=BANDS)
    assert shipping_fee(rate, 10_000, 99_999) == 0


def test_amount_left_for_free_shipping():
    assert amount_left_for_free_shipping(METRO, 4499) == 1
    assert amount_left_for_free_shipping(METRO, 1000) == 3500
    assert amount_left_for_free_shipping(METRO, 4500) == 0
    assert amount_left_for_free_shipping(METRO, 9000) == 0
    assert amount_left_for_free_shipping(OVERSEAS, 100) is None


def test_zone_without_method():
    with pytest.raises(NoMethodForZone):
        rates_for_zone([METRO], Zone.WORLD)


def test_transit_bounds_are_checked():
    with pytest.raises(ValueError, match="transit"):
        MethodRate("x", Zone.METRO, transit_days_min=4, transit_days_max=2)
