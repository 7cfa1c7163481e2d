"""Shipping zones, recognised from an ISO 3166-1 country code and a postal code.

Metropolitan France includes Corsica (postal codes 20xxx) and Monaco (MC, or FR 980xx: Monaco
is served by the French post and lies inside the French customs territory). French overseas
territories are recognised either by their own ISO code (GP, MQ...) or by a French postal code
starting with 97 or 98.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Zone(StrEnum):
    """Where a parcel goes, as far as rates and customs are concerned."""

    METRO = "metro"
    OUTRE_MER = "outre-mer"
    EU = "eu"
    WORLD = "world"


class InvalidAddress(ValueError):
    """A country code or postal code that cannot be read."""


#: The 26 member states of the European Union other than France.
EU_COUNTRIES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})  # fmt: skip
#: French overseas departments, regions and collectivities with their own ISO code.
OVERSEAS_COUNTRIES = frozenset({
    "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "PF", "NC", "WF",
})  # fmt: skip
#: Countries handled exactly like metropolitan France.
METRO_COUNTRIES = frozenset({"FR", "MC"})

_COUNTRY_RE = re.compile(r"[A-Z]{2}")
_FR_POSTAL_RE = re.compile(r"(0[1-9]|[1-8]\d|9[0-8])\d{3}")


def normalize_country(country_code: str) -> str:
    """Return an upper-case two-letter country code or raise InvalidAddress."""
    code = (country_code or "").strip().upper()
    if not _COUNTRY_RE.fullmatch(code):
        raise InvalidAddress(f"invalid country code: {country_code!r}")
    return code



def is_valid_french_postal_code(postal_code: str) -> bool:
    """Whether the text is a French postal code: five digits, department 01 to 98."""
    return bool(_FR_POSTAL_RE.fullmatch((postal_code or "").strip()))


def zone_for(country_code: str, postal_code: str | None = None) -> Zone:
    """Return the zone of a destination; a French postal code, when given, must be valid."""
    country = normalize_country(country_code)
    if country in OVERSEAS_COUNTRIES:
        return Zone.OUTRE_MER
    if country in METRO_COUNTRIES:
        return _french_zone(postal_code) if country == "FR" else Zone.METRO
    if country in EU_COUNTRIES:
        return Zone.EU
    return Zone.WORLD


def _french_zone(postal_code: str | None) -> Zone:
    """Zone of a French postal code; no postal code means metropolitan France."""
    code = (postal_code or "").strip()
    if not code:
        return Zone.METRO
    if not is_valid_french_postal_code(code):
        raise InvalidAddress(f"invalid French postal code: {postal_code!r}")
    if code.startswith(("97", "98")) and not code.startswith("980"):
        return Zone.OUTRE_MER
    return Zone.METRO
