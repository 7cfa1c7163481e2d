"""The VAT regime for every buyer and destination (LEGAL E3, E4, E6, E7, I2).

Sources of the expected regimes:
- France, Corsica, Monaco: French VAT; Monaco is France for VAT (directive 2006/112/CE art. 7,
  franco-monegasque convention of 18 May 1963; LEGAL E7).
- Guadeloupe, Martinique, La Réunion: a shipment from metropolitan France is an export
  (CGI 262 I and 294); Guyane and Mayotte have no VAT (CGI 294; LEGAL E7).
- Overseas collectivities and countries outside the EU: export, exempt (CGI 262 I; LEGAL E6).
- B2B within the EU with a validated VAT number of another member state: exempt intra-EU
  supply (CGI 262 ter I, directive art. 138; LEGAL E4), both VAT numbers printed.
- B2C within the EU: French VAT below the 10,000 EUR threshold, the destination's rate through
  OSS above it (CGI 258 A, directive art. 33 and 59 quater; LEGAL E3); a professional without a
  validated number counts as a consumer (LEGAL I2).
- Customs and local taxes are the buyer's outside the EU customs union and in the overseas
  departments and collectivities, never inside the EU nor in Monaco (BUSINESS_RULES, CGV 3-4).
"""

from decimal import Decimal

import pytest

from shop.cart.totals import CustomerType
from shop.shipping.zones import EU_COUNTRIES, InvalidAddress
from shop.tax.decision import Buyer, RegimeCode, UnknownTerritory, decide, territory_of
from shop.tax.rates import DESTINATION_RATES

R55, R20, ZERO = Decimal("5.5"), Decimal(20), Decimal(0)
CONSUMER, PRO = CustomerType.CONSUMER, CustomerType.PROFESSIONAL

CONSUMER_FR = Buyer(CONSUMER, "FR")
CONSUMER_DE = Buyer(CONSUMER, "DE")
PRO_FR = Buyer(PRO, "FR", "FR40303265045", vat_number_validated=True)
PRO_DE = Buyer(PRO, "DE", "DE136695976", vat_number_validated=True)
PRO_DE_UNCHECKED = Buyer(PRO, "DE", "DE136695976")
PRO_GR = Buyer(PRO, "GR", "EL094259216", vat_number_validated=True)

FRENCH, OSS, B2B = RegimeCode.FRENCH_VAT, RegimeCode.DESTINATION_VAT, RegimeCode.INTRA_EU_EXEMPT
EXPORT, DOM, DOM_NO_VAT = RegimeCode.EXPORT, RegimeCode.OVERSEAS_EXPORT, RegimeCode.OVERSEAS_NO_VAT

AUTOLIQUIDATION = (
    "Autoliquidation. Exonération de TVA, article 262 ter I du CGI (article 138 de la "
    "directive 2006/112/CE) : livraison intracommunautaire, TVA due par l'acquéreur."
)
EXPORTATION = "Exonération de TVA : exportation hors de l'Union européenne (article 262 I du CGI)."
COLLECTIVITE = (
    "Exonération de TVA : exportation vers une collectivité d'outre-mer, hors du territoire "
    "de TVA de l'Union européenne (article 262 I du CGI)."
)


def dom(name: str) -> str:
    return (
        f"Exonération de TVA : expédition de France métropolitaine vers {name}, assimilée à "
        "une exportation (articles 262 I et 294 du CGI)."
    )


def dom_no_vat(name: str) -> str:
    return (
        f"Exonération de TVA : expédition vers {name}, où la TVA n'est pas applicable "
        "(articles 262 I et 294 du CGI)."
    )


# buyer, country, postal code, OSS threshold passed, French rate
# -> regime, rate applied, mention, importer notice
CASES = [
    # France, Corsica, Monaco: French VAT, whoever buys
    (CONSUMER_FR, "FR", "75001", False, R55, FRENCH, R55, None, False),
    (CONSUMER_FR, "FR", "75001", True, R20, FRENCH, R20, None, False),
    (CONSUMER_FR, "FR", "20000", False, R55, FRENCH, R55, None, False),  # Ajaccio
    (CONSUMER_DE, "FR", "20200", True, R20, FRENCH, R20, None, False),  # Bastia
    (CONSUMER_FR, "MC", "98000", True, R55, FRENCH, R55, None, False),
    (CONSUMER_FR, "FR", "98000", False, R20, FRENCH, R20, None, False),  # Monaco, French post
    (PRO_DE, "FR", "06510", True, R55, FRENCH, R55, None, False),
    (PRO_FR, "FR", "69001", True, R20, FRENCH, R20, None, False),
    # overseas departments with VAT: exports
    (CONSUMER_FR, "FR", "97100", False, R55, DOM, ZERO, dom("la Guadeloupe"), True),
    (CONSUMER_FR, "GP", "97110", True, R20, DOM, ZERO, dom("la Guadeloupe"), True),
    (CONSUMER_FR, "FR", "97200", False, R20, DOM, ZERO, dom("la Martinique"), True),
    (PRO_FR, "RE", "97400", False, R55, DOM, ZERO, dom("La Réunion"), True),
    # overseas departments without VAT
    (CONSUMER_FR, "FR", "97300", False, R55, DOM_NO_VAT, ZERO, dom_no_vat("la Guyane"), True),
    (PRO_FR, "YT", "97600", True, R20, DOM_NO_VAT, ZERO, dom_no_vat("Mayotte"), True),
    # overseas collectivities
    (CONSUMER_FR, "FR", "97133", False, R55, EXPORT, ZERO, COLLECTIVITE, True),  # St-Barth
    (CONSUMER_FR, "FR", "97150", False, R20, EXPORT, ZERO, COLLECTIVITE, True),  # St-Martin
    (CONSUMER_FR, "MF", None, True, R55, EXPORT, ZERO, COLLECTIVITE, True),
    (CONSUMER_FR, "PM", "97500", False, R55, EXPORT, ZERO, COLLECTIVITE, True),
    (CONSUMER_FR, "NC", "98800", False, R20, EXPORT, ZERO, COLLECTIVITE, True),
    (CONSUMER_FR, "FR", "98714", False, R55, EXPORT, ZERO, COLLECTIVITE, True),  # Papeete
    (PRO_FR, "WF", "98600", False, R55, EXPORT, ZERO, COLLECTIVITE, True),
    (PRO_FR, "TF", None, False, R20, EXPORT, ZERO, COLLECTIVITE, True),
    # consumers in another member state: French VAT, then OSS at the destination's rate
    (CONSUMER_DE, "DE", "10115", False, R55, FRENCH, R55, None, False),
    (CONSUMER_DE, "DE", "10115", True, R55, OSS, Decimal(7), None, False),
    (CONSUMER_DE, "DE", "10115", True, R20, OSS, Decimal(19), None, False),
    (CONSUMER_FR, "BE", "1000", True, R55, OSS, Decimal(6), None, False),
    (CONSUMER_FR, "IT", "00184", True, R20, OSS, Decimal(22), None, False),
    (CONSUMER_FR, "ES", "28001", True, R55, OSS, Decimal(10), None, False),
    (CONSUMER_FR, "DK", "1050", True, R55, OSS, Decimal(25), None, False),
    (CONSUMER_FR, "LU", "1009", False, R55, FRENCH, R55, None, False),
    # professionals in another member state
    (PRO_DE, "DE", "10115", False, R55, B2B, ZERO, AUTOLIQUIDATION, False),
    (PRO_DE, "DE", "10115", True, R20, B2B, ZERO, AUTOLIQUIDATION, False),
    (PRO_DE, "AT", "1010", True, R55, B2B, ZERO, AUTOLIQUIDATION, False),
    (PRO_GR, "GR", "10431", False, R55, B2B, ZERO, AUTOLIQUIDATION, False),
    (PRO_DE_UNCHECKED, "DE", "10115", True, R55, OSS, Decimal(7), None, False),
    (PRO_DE_UNCHECKED, "DE", "10115", False, R20, FRENCH, R20, None, False),
    (PRO_FR, "DE", "10115", True, R55, FRENCH, R55, None, False),
    (PRO_FR, "BE", "1000", False, R20, FRENCH, R20, None, False),
    # outside the EU: exports, whoever buys
    (CONSUMER_FR, "CH", "1200", True, R55, EXPORT, ZERO, EXPORTATION, True),
    (CONSUMER_FR, "US", "10001", False, R20, EXPORT, ZERO, EXPORTATION, True),
    (CONSUMER_FR, "GB", "SW1A 1AA", True, R55, EXPORT, ZERO, EXPORTATION, True),
    (PRO_DE, "NO", "0150", True, R20, EXPORT, ZERO, EXPORTATION, True),
    (PRO_FR, "CA", None, False, R55, EXPORT, ZERO, EXPORTATION, True),
]


@pytest.mark.parametrize(
    ("buyer", "country", "postal", "oss", "french_rate", "code", "rate", "mention", "notice"),
    CASES,
)
def test_regime_for_buyer_destination_and_rate(
    buyer, country, postal, oss, french_rate, code, rate, mention, notice
):
    regime = decide(buyer, country, postal, oss_threshold_passed=oss)
    assert regime.code is code
    assert regime.rate_for(french_rate) == rate
    assert regime.mention == mention
    assert regime.importer_notice is notice


def test_an_intra_eu_exemption_prints_both_vat_numbers():  # E4
    buyer = Buyer(PRO, "DE", "de 136.695-976", vat_number_validated=True)
    regime = decide(buyer, "DE", "10115", oss_threshold_passed=False)
    assert regime.prints_vat_numbers
    assert regime.buyer_vat_number == "DE136695976"
    for other in (decide(CONSUMER_DE, "DE", None, oss_threshold_passed=True),
                  decide(CONSUMER_FR, "FR", None, oss_threshold_passed=True)):
        assert not other.prints_vat_numbers and other.buyer_vat_number is None


@pytest.mark.parametrize("country", ["XX", "ZZ", "EU", "UN", "", "FRA", "F1", None])
def test_an_unknown_country_is_refused_with_a_clear_error(country):
    with pytest.raises(UnknownTerritory, match="Pays inconnu"):
        decide(CONSUMER_FR, country, None, oss_threshold_passed=False)


@pytest.mark.parametrize(
    ("postal", "message"),
    [("2A000", "Code postal français invalide"), ("98900", "Code postal d'outre-mer inconnu")],
)
def test_an_unreadable_french_postal_code_is_refused(postal, message):
    with pytest.raises(UnknownTerritory, match=message) as error:
        territory_of("FR", postal)
    assert isinstance(error.value, InvalidAddress)  # callers may catch the zones' error


@pytest.mark.parametrize(
    ("country", "postal"),
    [("FR", "20000"), ("FR", "20600"), ("fr", " 20090 "), ("MC", None), ("mc", "98000"),
     ("FR", "98000"), ("FR", None), ("FR", "")],
)
def test_corsica_and_monaco_are_france(country, postal):
    assert territory_of(country, postal) == "FR"
    regime = decide(CONSUMER_DE, country, postal, oss_threshold_passed=True)
    assert (regime.code, regime.importer_notice, regime.mention) == (FRENCH, False, None)


@pytest.mark.parametrize("country", sorted(EU_COUNTRIES))
@pytest.mark.parametrize("oss", [False, True])
def test_a_professional_without_a_validated_number_is_a_consumer(country, oss):  # I2
    for buyer in (PRO_DE_UNCHECKED, Buyer(PRO, "IT"), Buyer(PRO, "ES", "ESX1234567X")):
        assert decide(buyer, country, None, oss_threshold_passed=oss) == decide(
            CONSUMER_DE, country, None, oss_threshold_passed=oss
        )


@pytest.mark.parametrize("country", ["FR", "MC", *sorted(EU_COUNTRIES)])
@pytest.mark.parametrize("oss", [False, True])
def test_a_french_professional_always_pays_french_vat_in_the_eu(country, oss):
    for buyer in (PRO_FR, Buyer(PRO, "FR"), Buyer(PRO, "MC", "FR00123456789")):
        regime = decide(buyer, country, None, oss_threshold_passed=oss)
        assert regime.code is FRENCH
        assert regime.rate_for(R55) == R55


def test_a_validated_number_of_a_state_outside_the_eu_gives_no_exemption():
    for number in ("CHE123456789", "GB123456789", "XI123456789", "FR40303265045"):
        buyer = Buyer(PRO, "DE", number, vat_number_validated=True)
        assert decide(buyer, "DE", None, oss_threshold_passed=False).code is FRENCH


@pytest.mark.parametrize("kind", ["consumer", "professional", "", "unknown", None])
def test_a_stored_customer_type_is_read_and_an_unknown_one_is_a_consumer(kind):
    buyer = Buyer(kind, "DE", "DE136695976", vat_number_validated=True)
    expected = PRO if kind == "professional" else CONSUMER
    assert buyer.kind is expected


def test_no_importer_notice_inside_the_eu_customs_union():
    for country in EU_COUNTRIES:
        for buyer in (CONSUMER_DE, PRO_DE, PRO_FR):
            for oss in (False, True):
                assert not decide(buyer, country, None, oss_threshold_passed=oss).importer_notice


def test_oss_uses_the_rates_table_of_every_member_state():  # E3
    for country in EU_COUNTRIES:
        regime = decide(CONSUMER_FR, country, None, oss_threshold_passed=True)
        assert regime.territory == country
        assert regime.rate_for(R20) == DESTINATION_RATES[country].standard
        assert regime.rate_for(R55) == DESTINATION_RATES[country].food_supplements


def test_a_french_rate_without_an_oss_equivalent_is_refused():
    regime = decide(CONSUMER_DE, "DE", None, oss_threshold_passed=True)
    with pytest.raises(ValueError, match="French rate 10"):
        regime.rate_for(Decimal(10))
    assert decide(CONSUMER_DE, "DE", None, oss_threshold_passed=False).rate_for(Decimal(10)) == 10


DESTINATIONS = sorted({(country, postal) for _b, country, postal, *_rest in CASES}
                      | {("CH", "8001"), ("US", "10001"), ("NC", "98800"), ("XX", None)})
BUYERS = [CONSUMER_FR, CONSUMER_DE, PRO_FR, PRO_DE, PRO_DE_UNCHECKED, PRO_GR]


@pytest.mark.parametrize(("country", "postal"), DESTINATIONS)
def test_the_oss_switch_is_read_only_where_it_can_change_the_vat(country, postal):
    """The cart reads the setting only for another member state: everywhere else every buyer
    gets the same regime with the switch on or off."""
    from shop.tax.decision import oss_switch_matters

    matters = oss_switch_matters(country, postal)
    assert matters == (country not in ("XX",) and territory_of(country, postal) in EU_COUNTRIES)
    if matters:
        assert decide(CONSUMER_FR, country, postal, oss_threshold_passed=True) != decide(
            CONSUMER_FR, country, postal, oss_threshold_passed=False)
        return
    for buyer in BUYERS:
        try:
            on = decide(buyer, country, postal, oss_threshold_passed=True)
        except InvalidAddress:
            with pytest.raises(InvalidAddress):
                decide(buyer, country, postal, oss_threshold_passed=False)
            continue
        assert on == decide(buyer, country, postal, oss_threshold_passed=False)
