"""Customs data of a product: its HS tariff code, its country of origin, its net weight.

Pure: the shop ships outside the EU's VAT territory (Switzerland, the overseas territories, the
rest of the world), where each parcel travels with a CN22/CN23 declaration naming, for every
item, its HS code, origin and net weight (docs/business-rules.md). A product without them may
not be published (`shop.catalog.services.missing_customs_fields`).

HS code: the first 6 digits are the World Customs Organization's Harmonized System, common to
every country; the EU's Combined Nomenclature adds 2 (8 digits), TARIC 2 more (10). Staff may
type it with the spaces or dots of the printed tariff (« 2106.90 », « 2106 90 92 »); it is
stored as digits only.
"""

import re

from shop.countries import is_country

_HS_SEPARATORS = re.compile(r"[\s.\u00a0\u202f]+")
_HS_DIGITS = re.compile(r"[0-9]{6,10}")


class InvalidCustomsData(ValueError):
    """An HS code or an origin that cannot be right; the message is French and safe to show."""


def normalize_hs_code(raw: str | None) -> str:
    """The HS code as 6 to 10 digits, spaces and dots removed, or InvalidCustomsData."""
    code = _HS_SEPARATORS.sub("", raw or "")
    if not code:
        raise InvalidCustomsData("Le code SH (nomenclature douanière) est obligatoire.")
    if not _HS_DIGITS.fullmatch(code) or len(code) % 2:
        raise InvalidCustomsData(
            f"Code SH invalide : « {raw} ». Saisissez 6, 8 ou 10 chiffres (par exemple "
            "2106 90 ou 2106 90 92)."
        )
    return code


def normalize_origin(raw: str | None) -> str:
    """The country of origin as an ISO 3166-1 alpha-2 code in capitals, or InvalidCustomsData."""
    code = (raw or "").strip().upper()
    if not code:
        raise InvalidCustomsData("Le pays d'origine est obligatoire.")
    if not is_country(code):
        raise InvalidCustomsData(
            f"Pays d'origine inconnu : « {raw} ». Saisissez le code ISO du pays à deux lettres "
            "(FR pour la France)."
        )
    return code


def format_hs_code(code: str | None) -> str:
    """The stored digits as the tariff prints them: 2106 90, 2106 90 92, 2106 90 92 98."""
    if not code:
        return ""
    return " ".join([code[:4], *(code[i:i + 2] for i in range(4, len(code), 2))])


def customs_problems(hs_code: str | None, origin: str | None, net_weight_grams: int | None
                     ) -> list[str]:
    """French names of the customs data missing or invalid (empty when all are right)."""
    problems = []
    for value, check, label in (
        (hs_code, normalize_hs_code, "code SH (nomenclature douanière)"),
        (origin, normalize_origin, "pays d'origine"),
    ):
        try:
            check(value)
        except InvalidCustomsData:
            problems.append(label)
    if not _is_positive_int(net_weight_grams):
        problems.append("poids net en grammes")
    return problems


def normalize_net_weight(raw: int | str | None) -> int:
    """The net weight of one unit in whole grams (1 to 100 000), or InvalidCustomsData."""
    text = str(raw).strip() if raw is not None else ""
    if isinstance(raw, bool) or not text.isdigit() or not 0 < int(text) <= 100_000:
        raise InvalidCustomsData(
            f"Poids net invalide : « {raw} ». Saisissez le poids net d'une unité en grammes, "
            "un nombre entier (par exemple 72)."
        )
    return int(text)


def _is_positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
