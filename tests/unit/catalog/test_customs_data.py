"""A product's customs data as staff type it: HS code and country of origin (issue 20, item 8)."""

import pytest

from shop.catalog.customs import (
    InvalidCustomsData,
    customs_problems,
    format_hs_code,
    normalize_hs_code,
    normalize_net_weight,
    normalize_origin,
)


@pytest.mark.parametrize(("typed", "stored"), [
    ("2106.90", "210690"),
    ("2106 90 92", "21069092"),
    (" 2106.90.98\u00a029 ", "2106909829"),
    ("292529", "292529"),
])
def test_an_hs_code_is_kept_as_its_digits(typed, stored):
    assert normalize_hs_code(typed) == stored


@pytest.mark.parametrize("typed", ["2106", "21069", "2106909", "21069098291", "2106-90",
                                   "SH2106", "２１０６９０"])
def test_a_code_that_is_not_6_8_or_10_digits_is_refused_in_french(typed):
    with pytest.raises(InvalidCustomsData, match="Code SH invalide"):
        normalize_hs_code(typed)


@pytest.mark.parametrize("typed", ["", "  ", None, " . "])
def test_a_missing_hs_code_says_it_is_mandatory(typed):
    with pytest.raises(InvalidCustomsData, match="obligatoire"):
        normalize_hs_code(typed)


def test_the_tariff_layout_groups_the_digits():
    assert format_hs_code("210690") == "2106 90"
    assert format_hs_code("2106909829") == "2106 90 98 29"
    assert format_hs_code(None) == ""


def test_the_origin_is_an_iso_country_code():
    assert normalize_origin(" fr ") == "FR"
    assert normalize_origin("cn") == "CN"
    for typed in ("France", "XX", "EU", "F", "12"):
        with pytest.raises(InvalidCustomsData, match="Pays d'origine inconnu"):
            normalize_origin(typed)
    with pytest.raises(InvalidCustomsData, match="Le pays d'origine est obligatoire"):
        normalize_origin("")


def test_the_net_weight_is_whole_grams():
    assert normalize_net_weight(" 72 ") == 72
    assert normalize_net_weight(300) == 300
    for typed in ("0", "-5", "7,2", "abc", "", None, True, "100001"):
        with pytest.raises(InvalidCustomsData, match="Poids net invalide"):
            normalize_net_weight(typed)


def test_problems_name_each_missing_item():
    assert customs_problems("210690", "FR", 72) == []
    assert customs_problems(None, None, None) == [
        "code SH (nomenclature douanière)", "pays d'origine", "poids net en grammes"]
    assert customs_problems("2106", "FR", 0) == [
        "code SH (nomenclature douanière)", "poids net en grammes"]
