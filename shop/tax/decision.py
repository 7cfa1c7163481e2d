"""The VAT regime of an order: which VAT, at what rate, with which mention (LEGAL E3, E4, E6, E7).

Pure: no request, no database, no settings read here. Issue 20's wiring (cart, checkout, order
pages, invoices) will call ``decide`` with the buyer, the delivery address and the OSS setting,
then price each line at ``regime.rate_for(product.vat_rate)``.

The rules, by destination (the accountant is to confirm each regime before go-live, E7):
1. France: metropolitan France, Corsica and Monaco, which is France for VAT (directive
   2006/112/CE art. 7; franco-monegasque convention of 18 May 1963): French VAT.
2. Guadeloupe, Martinique, La Réunion: VAT exists there, but a shipment from metropolitan
   France is an export (CGI 262 I and 294). Guyane and Mayotte: no VAT at all (CGI 294); the
   shipment is exempt as well. The buyer imports the goods (octroi de mer, local VAT).
3. The overseas collectivities (PM, BL, MF, WF, PF, NC, TF) and every country outside the EU:
   export, exempt (CGI 262 I, E6); the buyer imports the goods.
4. Another member state: a professional with a validated VAT number of another member state
   buys exempt (CGI 262 ter I, directive art. 138, E4); a professional established in France
   pays French VAT; anyone else is treated as a consumer (LEGAL I2): destination VAT through
   OSS once the shop has passed the 10,000 EUR threshold (E3), French VAT before. No customs
   inside the EU customs union, so no importer notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from shop.cart.totals import CustomerType
from shop.countries import is_country
from shop.shipping.zones import (
    EU_COUNTRIES,
    OVERSEAS_COUNTRIES,
    InvalidAddress,
    is_valid_french_postal_code,
    normalize_country,
)
from shop.tax.rates import DESTINATION_RATES, CountryRates

#: Overseas departments where VAT applies: a shipment from France is an export (CGI 294).
OVERSEAS_WITH_VAT = frozenset({"GP", "MQ", "RE"})
#: Overseas departments where VAT does not apply (CGI 294).
OVERSEAS_WITHOUT_VAT = frozenset({"GF", "YT"})
#: Overseas collectivities, outside the EU's VAT territory (TF, the Terres australes, which
#: shop.shipping.zones ships to as the rest of the world, is one of them for VAT).
COLLECTIVITIES = (OVERSEAS_COUNTRIES | {"TF"}) - OVERSEAS_WITH_VAT - OVERSEAS_WITHOUT_VAT

# French postal codes of the overseas territories, the longest prefixes first: Saint-Barthélemy
# (97133) and Saint-Martin (97150) share Guadeloupe's 971; 980 is Monaco.
_OVERSEAS_POSTAL_PREFIXES = (
    ("97133", "BL"), ("97150", "MF"), ("971", "GP"), ("972", "MQ"), ("973", "GF"),
    ("974", "RE"), ("975", "PM"), ("976", "YT"), ("984", "TF"), ("986", "WF"),
    ("987", "PF"), ("988", "NC"),
)  # fmt: skip
_OVERSEAS_NAMES = {
    "GP": "la Guadeloupe", "MQ": "la Martinique", "RE": "La Réunion", "GF": "la Guyane",
    "YT": "Mayotte",
}  # fmt: skip
# VIES and Greek VAT numbers name Greece EL, not its ISO code GR.
_VAT_PREFIX_STATES = {"EL": "GR"}


class RegimeCode(StrEnum):
    """Which VAT an order bears; books and e-reporting group sales by it."""

    FRENCH_VAT = "french_vat"
    DESTINATION_VAT = "destination_vat"  # the state of arrival's, declared through OSS
    INTRA_EU_EXEMPT = "intra_eu_exempt"
    EXPORT = "export"  # outside the EU, and the overseas collectivities
    OVERSEAS_EXPORT = "overseas_export"  # GP, MQ, RE
    OVERSEAS_NO_VAT = "overseas_no_vat"  # GF, YT


#: The regimes under which the order bears no VAT: priced HT, the mention printed.
EXEMPT = frozenset({RegimeCode.INTRA_EU_EXEMPT, RegimeCode.EXPORT, RegimeCode.OVERSEAS_EXPORT,
                    RegimeCode.OVERSEAS_NO_VAT})

# The legal mentions printed on order pages and invoices (French, E4, E6, E7). One place, so
# that the switch of references from the CGI to the CIBS (D11) is made here.
MENTIONS = {
    RegimeCode.INTRA_EU_EXEMPT: (
        "Autoliquidation. Exonération de TVA, article 262 ter I du CGI (article 138 de la "
        "directive 2006/112/CE) : livraison intracommunautaire, TVA due par l'acquéreur."
    ),
    RegimeCode.EXPORT: (
        "Exonération de TVA : exportation hors de l'Union européenne (article 262 I du CGI)."
    ),
    RegimeCode.OVERSEAS_EXPORT: (
        "Exonération de TVA : expédition de France métropolitaine vers {name}, assimilée à "
        "une exportation (articles 262 I et 294 du CGI)."
    ),
    RegimeCode.OVERSEAS_NO_VAT: (
        "Exonération de TVA : expédition vers {name}, où la TVA n'est pas applicable "
        "(articles 262 I et 294 du CGI)."
    ),
}
COLLECTIVITY_MENTION = (
    "Exonération de TVA : exportation vers une collectivité d'outre-mer, hors du territoire "
    "de TVA de l'Union européenne (article 262 I du CGI)."
)


class UnknownTerritory(InvalidAddress):
    """A code naming no country, or a French postal code naming no territory (French message,
    safe to show)."""


@dataclass(frozen=True, slots=True)
class Buyer:
    """Who buys: consumer or professional, where established, and their VAT number if any."""

    kind: CustomerType  # a stored string (« consumer », « professional ») is accepted
    country: str  # ISO code of the country where the buyer is established
    vat_number: str | None = None  # compact, with its prefix: DE136695976, EL094259216
    vat_number_validated: bool = False  # VIES said valid (shop.tax.vies)

    def __post_init__(self) -> None:
        try:
            kind = CustomerType(self.kind)
        except ValueError:
            kind = CustomerType.CONSUMER  # in doubt, a consumer (LEGAL I2)
        object.__setattr__(self, "kind", kind)


@dataclass(frozen=True, slots=True)
class VatRegime:
    """The VAT of one order: its code, where the goods go, what to print and to tell."""

    code: RegimeCode
    territory: str  # FR (with Corsica and Monaco), an overseas code, or the country's
    mention: str | None  # French legal mention to print; None when French or OSS VAT
    importer_notice: bool  # « droits de douane et taxes locales à votre charge »
    buyer_vat_number: str | None = None  # printed with the seller's (E4)
    destination_rates: CountryRates | None = None  # OSS only

    @property
    def prints_vat_numbers(self) -> bool:
        """Whether the seller's and the buyer's VAT numbers are both printed (E4)."""
        return self.code is RegimeCode.INTRA_EU_EXEMPT

    def rate_for(self, french_rate: Decimal) -> Decimal:
        """The rate applied to goods whose French rate is ``french_rate`` (0 when exempt)."""
        if self.code is RegimeCode.FRENCH_VAT:
            return french_rate
        if self.destination_rates is not None:
            return self.destination_rates.equivalent_of(french_rate)
        return Decimal(0)


def territory_of(country: str, postal_code: str | None = None) -> str:
    """Where VAT-wise an address lies: FR (Corsica, Monaco), an overseas code, or its country."""
    try:
        code = normalize_country(country)
    except InvalidAddress:
        code = ""
    if not is_country(code):
        raise UnknownTerritory(f"Pays inconnu : « {country} ».")
    if code == "MC":
        return "FR"
    if code != "FR":
        return code
    postal = (postal_code or "").strip()
    if not postal:
        return "FR"
    if not is_valid_french_postal_code(postal):
        raise UnknownTerritory(f"Code postal français invalide : « {postal_code} ».")
    if not postal.startswith(("97", "98")) or postal.startswith("980"):
        return "FR"
    for prefix, territory in _OVERSEAS_POSTAL_PREFIXES:
        if postal.startswith(prefix):
            return territory
    raise UnknownTerritory(f"Code postal d'outre-mer inconnu : « {postal} ».")


def oss_switch_matters(country: str, postal_code: str | None = None) -> bool:
    """Whether the OSS switch can change the VAT of a sale to this destination: only when it
    lies in another member state. Elsewhere `decide` gives the same regime either way, so the
    setting need not be read (a query saved on every French cart)."""
    try:
        return territory_of(country, postal_code) in EU_COUNTRIES
    except UnknownTerritory:
        return False


def decide(
    buyer: Buyer, country: str, postal_code: str | None = None, *, oss_threshold_passed: bool
) -> VatRegime:
    """The VAT regime of an order delivered to ``country`` / ``postal_code`` (rules above)."""
    territory = territory_of(country, postal_code)
    if territory == "FR":
        return VatRegime(RegimeCode.FRENCH_VAT, territory, None, importer_notice=False)
    if territory in OVERSEAS_WITH_VAT | OVERSEAS_WITHOUT_VAT:
        code = (
            RegimeCode.OVERSEAS_EXPORT
            if territory in OVERSEAS_WITH_VAT
            else RegimeCode.OVERSEAS_NO_VAT
        )
        mention = MENTIONS[code].format(name=_OVERSEAS_NAMES[territory])
        return VatRegime(code, territory, mention, importer_notice=True)
    if territory in COLLECTIVITIES:
        return VatRegime(RegimeCode.EXPORT, territory, COLLECTIVITY_MENTION, importer_notice=True)
    if territory not in EU_COUNTRIES:
        return VatRegime(
            RegimeCode.EXPORT, territory, MENTIONS[RegimeCode.EXPORT], importer_notice=True
        )
    return _within_the_eu(buyer, territory, oss_threshold_passed)


def _within_the_eu(buyer: Buyer, territory: str, oss_threshold_passed: bool) -> VatRegime:
    """Another member state: exempt B2B, French VAT, or the destination's through OSS."""
    if _has_foreign_vat_number(buyer):
        return VatRegime(
            RegimeCode.INTRA_EU_EXEMPT,
            territory,
            MENTIONS[RegimeCode.INTRA_EU_EXEMPT],
            importer_notice=False,
            buyer_vat_number=_compact(buyer.vat_number),
        )
    french_professional = (
        buyer.kind is CustomerType.PROFESSIONAL and territory_of(buyer.country) == "FR"
    )
    if oss_threshold_passed and not french_professional:
        return VatRegime(
            RegimeCode.DESTINATION_VAT,
            territory,
            None,
            importer_notice=False,
            destination_rates=DESTINATION_RATES[territory],
        )
    return VatRegime(RegimeCode.FRENCH_VAT, territory, None, importer_notice=False)


def _has_foreign_vat_number(buyer: Buyer) -> bool:
    """A professional whose validated VAT number is another member state's (E4, art. 138)."""
    if buyer.kind is not CustomerType.PROFESSIONAL or not buyer.vat_number_validated:
        return False
    prefix = _compact(buyer.vat_number)[:2]
    return _VAT_PREFIX_STATES.get(prefix, prefix) in EU_COUNTRIES


def _compact(vat_number: str | None) -> str:
    """The VAT number without spaces, dots or dashes, in capitals."""
    return "".join(ch for ch in (vat_number or "") if ch.isalnum()).upper()
