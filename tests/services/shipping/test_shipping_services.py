"""Shipping methods in the database: seed, conversion to plain rates, choice by zone."""

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from shop.shipping.fees import NoMethodForZone, WeightBand, shipping_fee
from shop.shipping.models import ShippingMethod, ShippingRateBand
from shop.shipping.services import DEMO_RATES, active_rates, default_rate_for, seed_shipping_methods
from shop.shipping.zones import Zone


def test_seed_is_idempotent_and_matches_the_demo_rates(db):
    summary = seed_shipping_methods()
    assert "4 mode(s)" in summary
    seed_shipping_methods()
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(ShippingMethod)) == 4
    bands = sum(len(rate.weight_bands) for rate in DEMO_RATES)
    assert db.session.scalar(select(func.count()).select_from(ShippingRateBand)) == bands
    assert active_rates() == list(DEMO_RATES)


def test_metro_rate_is_550_free_from_45_euros(db):
    seed_shipping_methods()
    metro = default_rate_for(Zone.METRO)
    assert metro.code == "colissimo-metro"
    assert shipping_fee(metro, 4499, 500) == 550
    assert shipping_fee(metro, 4500, 500) == 0


@pytest.mark.parametrize("zone", [Zone.OUTRE_MER, Zone.EU, Zone.WORLD])
def test_other_zones_use_weight_bands(db, zone):
    seed_shipping_methods()
    rate = default_rate_for(zone)
    assert rate.weight_bands and rate.free_from_cents is None
    assert shipping_fee(rate, 100_000, 400) == rate.weight_bands[0].fee_cents


def test_seed_updates_bands_in_place(db):
    seed_shipping_methods()
    db.session.commit()
    metro, overseas, *others = DEMO_RATES
    changed = replace(overseas, weight_bands=(WeightBand(500, 999), WeightBand(30000, 9999)))
    seed_shipping_methods((metro, changed, *others))
    db.session.commit()
    assert default_rate_for(Zone.OUTRE_MER).weight_bands == changed.weight_bands


def test_inactive_methods_are_ignored(db):
    seed_shipping_methods()
    db.session.execute(
        ShippingMethod.__table__.update()
        .where(ShippingMethod.zone == Zone.WORLD.value)
        .values(is_active=False)
    )
    with pytest.raises(NoMethodForZone):
        default_rate_for(Zone.WORLD)
