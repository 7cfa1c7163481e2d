"""Pricing a cart for a destination: fee, totals, estimate, importer notice."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from shop.cart.quote import quote_cart
from shop.cart.services import Cart, add_line, load_cart
from shop.shipping.services import seed_shipping_methods
from shop.shipping.zones import Zone
from tests.factories import make_product

MONDAY_MORNING = datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture()
def rates(db):
    seed_shipping_methods()


def cart_of(db, *specs):
    stored = []
    for fields, quantity in specs:
        stored = add_line(stored, make_product(db, **fields).id, quantity).stored
    return load_cart(stored)[0]


@pytest.mark.parametrize(("price", "fee"), [(4499, 550), (4500, 0)])
def test_metro_threshold(db, rates, price, fee):
    cart = cart_of(db, ({"price_cents": price}, 1))
    quote = quote_cart(cart, Zone.METRO, MONDAY_MORNING)
    assert quote.totals.shipping_ttc_cents == fee
    assert quote.totals.total_ttc_cents == price + fee
    assert quote.free_shipping_left_cents == (1 if fee else 0)
    assert not quote.importer_notice


def test_estimate_uses_preparation_transit_and_supplier_delay(db, rates):
    stocked = cart_of(db, ({}, 1))
    assert quote_cart(stocked, Zone.METRO, MONDAY_MORNING).window == (
        date(2026, 11, 26),
        date(2026, 11, 27),
    )
    mixed = cart_of(db, ({}, 1), ({"on_demand": True, "supplier_delay_days": 5, "on_hand": 0}, 1))
    assert quote_cart(mixed, Zone.METRO, MONDAY_MORNING).window == (
        date(2026, 12, 3),
        date(2026, 12, 4),
    )


def test_overseas_uses_weight_bands_and_shows_the_importer_notice(db, rates):
    cart = cart_of(db, ({"weight_grams": 300, "price_cents": 9000}, 2))
    quote = quote_cart(cart, Zone.OUTRE_MER, MONDAY_MORNING)
    assert quote.totals.shipping_ttc_cents == 1750  # 600 g: band up to 1 kg
    assert quote.free_shipping_left_cents is None
    assert quote.importer_notice


def test_too_heavy_parcel_is_reported_not_raised(db, rates):
    cart = cart_of(db, ({"weight_grams": 1000, "on_demand": True, "on_hand": 0}, 11))
    quote = quote_cart(cart, Zone.WORLD, MONDAY_MORNING)
    assert "poids maximal" in quote.shipping_problem
    assert quote.totals.shipping_ttc_cents == 0


def test_no_method_for_the_zone(db):
    cart = cart_of(db, ({}, 1))
    quote = quote_cart(cart, Zone.EU, MONDAY_MORNING)
    assert quote.rate is None and "ne livrons pas" in quote.shipping_problem


def test_mixed_rates_split_shipping_vat(db, rates):
    cart = cart_of(
        db, ({"price_cents": 1055}, 1), ({"price_cents": 1200, "vat_rate": Decimal(20)}, 1)
    )
    quote = quote_cart(cart, Zone.METRO, MONDAY_MORNING)
    shares = {vat.rate: vat.shipping_ttc_cents for vat in quote.totals.vat_breakdown}
    assert sum(shares.values()) == 550 and len(shares) == 2


def test_empty_cart_costs_nothing(db, rates):
    quote = quote_cart(Cart(), Zone.METRO, MONDAY_MORNING)
    assert quote.totals.total_ttc_cents == 0
    assert quote.window is None and quote.free_shipping_left_cents is None
