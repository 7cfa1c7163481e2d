"""The OSS rates table (LEGAL E3): one row per other member state, rates the directive allows.

Directive 2006/112/CE art. 97 sets the standard rate at 15 % at least, art. 98 the reduced
rates at 5 % at least; lower rates (super-reduced, zero) are kept by art. 110 for the states
that had them on 1 January 1991 (Ireland, Luxembourg, Malta among them).
"""

from decimal import Decimal

import pytest

from shop.shipping.zones import EU_COUNTRIES
from shop.tax.rates import DESTINATION_RATES, FOOD_SUPPLEMENT_RATE, CountryRates

KEPT_LOW_RATES = {"LU": Decimal(3), "MT": Decimal(0)}  # art. 110


def test_every_other_member_state_has_its_rates():
    assert set(DESTINATION_RATES) == EU_COUNTRIES


@pytest.mark.parametrize("country", sorted(DESTINATION_RATES))
def test_rates_are_within_what_the_directive_allows(country):
    rates = DESTINATION_RATES[country]
    assert Decimal(15) <= rates.standard <= Decimal(27)
    assert rates.food_supplements <= rates.standard
    assert rates.food_supplements >= KEPT_LOW_RATES.get(country, Decimal(5))


def test_french_rates_map_to_the_standard_and_the_food_supplement_rate():
    rates = CountryRates(Decimal(19), Decimal(7))
    assert rates.equivalent_of(Decimal(20)) == Decimal(19)
    assert rates.equivalent_of(FOOD_SUPPLEMENT_RATE) == Decimal(7)
    assert rates.equivalent_of(Decimal("5.50")) == Decimal(7)
    with pytest.raises(ValueError, match="French rate 2.1"):
        rates.equivalent_of(Decimal("2.1"))
