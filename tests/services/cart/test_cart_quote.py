"""Pricing a cart for a destination: fee, totals, estimate, importer notice."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from shop.cart.quote import quote_cart
from shop.cart.services import Cart, add_line, load_cart
from shop.cart.totals import CustomerType
from shop.money import split_ttc
from shop.shipping.services import seed_shipping_methods
from shop.tax.decision import Buyer
from tests.factories import make_product

MONDAY_MORNING = datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture()
def rates(db):
    seed_shipping_methods()


def _quote(cart, country, postal_code):
    """The cart priced for a consumer in France (OSS off) sending it to the destination."""
    return quote_cart(cart, country, postal_code, MONDAY_MORNING,
                      Buyer(CustomerType.CONSUMER, "FR"), oss=False)


def cart_of(db, *specs):
    stored = []
    for fields, quantity in specs:
        stored = add_line(stored, make_product(db, **fields).id, quantity).stored
    return load_cart(stored)[0]


@pytest.mark.parametrize(("price", "fee"), [(4499, 550), (4500, 0)])
def test_metro_threshold(db, rates, price, fee):
    cart = cart_of(db, ({"price_cents": price}, 1))
    quote = _quote(cart, "FR", "75001")
    assert quote.totals.shipping_ttc_cents == fee
    assert quote.totals.total_ttc_cents == price + fee
    assert quote.free_shipping_left_cents == (1 if fee else 0)
    assert not quote.importer_notice


def test_estimate_uses_preparation_transit_and_supplier_delay(db, rates):
    stocked = cart_of(db, ({}, 1))
    assert _quote(stocked, "FR", "75001").window == (
        date(2026, 11, 26),
        date(2026, 11, 27),
    )
    mixed = cart_of(db, ({}, 1), ({"on_demand": True, "supplier_delay_days": 5, "on_hand": 0}, 1))
    assert _quote(mixed, "FR", "75001").window == (
        date(2026, 12, 3),
        date(2026, 12, 4),
    )


def test_overseas_uses_weight_bands_and_shows_the_importer_notice(db, rates):
    cart = cart_of(db, ({"weight_grams": 300, "price_cents": 9000}, 2))
    quote = _quote(cart, "FR", "97110")
    # 600 g: band up to 1 kg, 17,50 EUR; an export to Guadeloupe pays it HT (LEGAL E7).
    assert quote.totals.shipping_ttc_cents == split_ttc(1750, Decimal("5.5"))[0]
    assert quote.totals.total_vat_cents == 0 and quote.regime.code == "overseas_export"
    assert quote.free_shipping_left_cents is None
    assert quote.importer_notice


def test_too_heavy_parcel_is_reported_not_raised(db, rates):
    cart = cart_of(db, ({"weight_grams": 1000, "on_demand": True, "on_hand": 0}, 11))
    quote = _quote(cart, "US", "")
    assert "poids maximal" in quote.shipping_problem
    assert quote.totals.shipping_ttc_cents == 0


def test_no_method_for_the_zone(db):
    cart = cart_of(db, ({}, 1))
    quote = _quote(cart, "DE", "10115")
    assert quote.rate is None and "ne livrons pas" in quote.shipping_problem


def test_mixed_rates_split_shipping_vat(db, rates):
    cart = cart_of(
        db, ({"price_cents": 1055}, 1), ({"price_cents": 1200, "vat_rate": Decimal(20)}, 1)
    )
    quote = _quote(cart, "FR", "75001")
    shares = {vat.rate: vat.shipping_ttc_cents for vat in quote.totals.vat_breakdown}
    assert sum(shares.values()) == 550 and len(shares) == 2


def test_empty_cart_costs_nothing(db, rates):
    quote = _quote(Cart(), "FR", "75001")
    assert quote.totals.total_ttc_cents == 0
    assert quote.window is None and quote.free_shipping_left_cents is None
