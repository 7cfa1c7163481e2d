"""Zones from country and postal code."""

import pytest

from shop.shipping.zones import (
    EU_COUNTRIES,
    InvalidAddress,
    Zone,
    is_valid_french_postal_code,
    zone_for,
)


@pytest.mark.parametrize(
    ("country", "postal", "zone"),
    [
        ("FR", "75001", Zone.METRO),
        ("FR", "06510", Zone.METRO),
        ("FR", "20000", Zone.METRO),  # Ajaccio, Corsica
        ("FR", "20090", Zone.METRO),
        ("FR", "20200", Zone.METRO),  # Bastia
        ("fr", " 69001 ", Zone.METRO),
        ("FR", None, Zone.METRO),
        ("FR", "", Zone.METRO),
        ("MC", "98000", Zone.METRO),
        ("FR", "98000", Zone.METRO),  # Monaco through the French post
        ("FR", "97100", Zone.OUTRE_MER),  # Guadeloupe
        ("FR", "97400", Zone.OUTRE_MER),  # La Réunion
        ("FR", "98800", Zone.OUTRE_MER),  # Nouvelle-Calédonie
        ("GP", "97100", Zone.OUTRE_MER),
        ("RE", None, Zone.OUTRE_MER),
        ("NC", "98800", Zone.OUTRE_MER),
        ("DE", "10115", Zone.EU),
        ("BE", "1000", Zone.EU),
        ("US", "10001", Zone.WORLD),
        ("CH", "1200", Zone.WORLD),
        ("GB", "SW1A 1AA", Zone.WORLD),
    ],
)
def test_zone_for(country, postal, zone):
    assert zone_for(country, postal) is zone


def test_eu_has_the_26_other_member_states():
    assert len(EU_COUNTRIES) == 26
    assert "FR" not in EU_COUNTRIES
    assert "GB" not in EU_COUNTRIES


@pytest.mark.parametrize("code", ["75001", "01000", "20000", "97100", "98800"])
def test_valid_french_postal_codes(code):
    assert is_valid_french_postal_code(code)


@pytest.mark.parametrize("code", ["", "7500", "750011", "2A000", "00100", "99000", "abcde"])
def test_invalid_french_postal_codes(code):
    assert not is_valid_french_postal_code(code)


@pytest.mark.parametrize(
    ("country", "postal"), [("", None), ("FRA", None), ("F1", None), ("FR", "2A000")]
)
def test_unreadable_addresses_raise(country, postal):
    with pytest.raises(InvalidAddress):
        zone_for(country, postal)
