"""One list of countries for every form: ISO codes with their French names, France first."""

import pytest
from babel import Locale

from shop.countries import NOT_COUNTRIES, country_name, is_country
from shop.country_names import NAMES


def test_the_written_list_is_babels_french_cldr_list():
    """shop/country_names.py is generated: rerun scripts/make_country_names.py after a Babel
    upgrade that changes a name."""
    cldr = {code: name for code, name in Locale("fr").territories.items()
            if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES}
    assert cldr == NAMES


def test_france_comes_first_then_names_in_french_alphabetical_order():
    codes = list(NAMES)
    assert codes[0] == "FR"
    # Accents aside: Danemark, Égypte, Émirats arabes unis, Érythrée; never after Zimbabwe.
    assert codes.index("DK") < codes.index("EG") < codes.index("AE") < codes.index("ER")
    assert codes[-1] == "ZW"


@pytest.mark.parametrize("code", ["FR", "MC", "DE", "GP", "TF", "CH", "US", "AX", "XK"])
def test_countries_and_territories_are_known(code):
    assert is_country(code)


@pytest.mark.parametrize("code", ["XX", "ZZ", "EU", "UN", "QO", "IC", "fr", "FRA", "", "150"])
def test_groupings_and_unknown_codes_are_not_countries(code):
    assert not is_country(code)


def test_a_country_is_named_in_french_and_an_unknown_code_stays_as_typed():
    assert (country_name("DE"), country_name("CH"), country_name("QQ")) == (
        "Allemagne", "Suisse", "QQ")
