"""Countries by ISO 3166-1 code, with their French names (`shop/country_names.py`).

One list for every form and page: addresses, the cart's destination, staff forms, VAT
decisions.
"""

from shop.catalog.words import fold
from shop.country_names import NAMES

#: CLDR territories that are not countries one ships to (groupings, pseudo-locales, islands
#: CLDR lists apart from their country). Kosovo stays (XK, the code its post and carriers use).
NOT_COUNTRIES = frozenset(
    {"AC", "CP", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
)


def sort_key(item: tuple[str, str]) -> tuple[bool, str]:
    """France first, then by name, accents and case aside (« Égypte » between E and F)."""
    code, name = item
    return code != "FR", fold(name)


def is_country(code: str) -> bool:
    """Whether an upper-case two-letter code names a country."""
    return code in NAMES


def country_name(code: str) -> str:
    """The French name of a country, or the code itself when unknown."""
    return NAMES.get(code, code)
