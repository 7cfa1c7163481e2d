"""Which orders travel with a customs declaration, and what it says (issue 20, item 8).

A parcel needs one when it leaves the EU's VAT territory, where the goods are imported: every
country outside the EU and the overseas collectivities (also outside the customs union), and
the overseas departments (inside the customs union, outside the VAT territory: directive
2006/112/CE art. 6; CGI 262 I and 294; octroi de mer and local VAT on arrival). Within the EU,
even a VAT-exempt delivery to a company of another member state (autoliquidation, CGI 262 ter
I) crosses no border (goods in free circulation, Regulation (EU) 952/2013): no declaration."""

import pytest

from shop.cart.totals import CustomerType
from shop.catalog.models import Product
from shop.orders.customs import SALE_OF_GOODS, declaration_for, describe, kilograms, needs_customs
from shop.orders.models import Order, OrderLine
from shop.tax.decision import Buyer, decide

CONSUMER = Buyer(CustomerType.CONSUMER, "FR")
GERMAN_COMPANY = Buyer(CustomerType.PROFESSIONAL, "DE", "DE136695976", vat_number_validated=True)

DESTINATIONS = {
    "Switzerland": (CONSUMER, "CH", "1201", True),
    "Guadeloupe": (CONSUMER, "FR", "97110", True),
    "Guyane": (CONSUMER, "GF", "97300", True),
    "Saint-Barthélemy": (CONSUMER, "FR", "97133", True),
    "New Caledonia": (CONSUMER, "NC", "98800", True),
    "United States": (CONSUMER, "US", "10001", True),
    "Paris": (CONSUMER, "FR", "75011", False),
    "Corsica": (CONSUMER, "FR", "20000", False),
    "Monaco": (CONSUMER, "MC", "98000", False),
    "Belgian consumer": (Buyer(CustomerType.CONSUMER, "BE"), "BE", "1000", False),
    "German company, autoliquidation": (GERMAN_COMPANY, "DE", "10115", False),
}


@pytest.mark.parametrize("oss", [False, True])
@pytest.mark.parametrize("place", DESTINATIONS, ids=list(DESTINATIONS))
def test_only_parcels_leaving_the_customs_union_need_a_declaration(place, oss):
    buyer, country, postal_code, expected = DESTINATIONS[place]
    regime = decide(buyer, country, postal_code, oss_threshold_passed=oss)
    assert needs_customs(Order(vat_regime=regime.code.value)) is expected


def _product(product_id, **fields):
    values = dict(id=product_id, name="Zinc 15 mg – complément alimentaire", format="gelules",
                  is_food_supplement=True, hs_code="210690", origin_country="FR",
                  net_weight_grams=16)
    return Product(**(values | fields))


def _order(regime, *lines):
    order = Order(vat_regime=regime, currency="EUR", shipping_ttc_cents=1650)
    for position, (product, quantity, total_ht, weight) in enumerate(lines):
        order.lines.append(OrderLine(position=position, product_id=product.id, quantity=quantity,
                                     total_ht_cents=total_ht, weight_grams=weight))
    return order


def test_the_declaration_copies_each_line_and_adds_up():
    zinc = _product(1)
    shaker = _product(2, name="Shaker 600 ml", format="accessoire", is_food_supplement=False,
                      hs_code="392410", origin_country="CN", net_weight_grams=150)
    order = _order("export", (zinc, 3, 2985, 35), (shaker, 1, 825, 170))
    declaration = declaration_for(order, {1: zinc, 2: shaker})
    assert declaration["lines"] == [
        {"description": "Food supplement – Zinc 15 mg (capsules)", "quantity": 3,
         "net_weight_grams": 48, "value_cents": 2985, "hs_code": "210690",
         "origin_country": "FR"},
        {"description": "Shaker 600 ml", "quantity": 1, "net_weight_grams": 150,
         "value_cents": 825, "hs_code": "392410", "origin_country": "CN"},
    ]
    assert declaration["total_value_cents"] == 3810
    assert declaration["total_net_weight_grams"] == 198
    assert declaration["gross_weight_grams"] == 3 * 35 + 170
    assert declaration["postal_charges_cents"] == 1650
    assert (declaration["currency"], declaration["category"]) == ("EUR", SALE_OF_GOODS)
    assert declaration["complete"] is True


def test_no_declaration_inside_the_customs_union():
    zinc = _product(1)
    for regime in ("french_vat", "destination_vat", "intra_eu_exempt"):
        assert declaration_for(_order(regime, (zinc, 1, 995, 35)), {1: zinc}) is None


def test_a_product_without_customs_data_is_flagged_not_invented():
    old = _product(1, hs_code=None, origin_country=None, net_weight_grams=None)
    declaration = declaration_for(_order("overseas_export", (old, 2, 1990, 35)), {1: old})
    assert declaration["lines"][0]["hs_code"] == ""
    assert declaration["lines"][0]["net_weight_grams"] is None
    assert declaration["complete"] is False


def test_descriptions_are_short_and_weights_are_kilograms_with_3_decimals():
    assert len(describe(_product(1, name="Très long nom " * 20))) == 100
    assert kilograms(48) == "0.048"
    assert kilograms(1500) == "1.500"
    assert kilograms(None) == ""
