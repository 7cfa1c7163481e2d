"""Shared pieces of the demo catalogue: brand, operator, mandatory texts, price history steps."""

from decimal import Decimal
from typing import Any, NamedTuple

from shop.config import Config

BRAND = "Nutrivia Labs"
OPERATOR_NAME = "PRONUTRI SARL, pour la marque Nutrivia Labs"
OPERATOR_ADDRESS = Config.SELLER["address"]

VAT_SUPPLEMENT = Decimal("5.5")
VAT_STANDARD = Decimal("20")

# The three warnings every food supplement label carries (LEGAL F3, Décret 2006-352 art. 10).
MANDATORY_WARNINGS = (
    "Ne pas dépasser la dose journalière recommandée. "
    "Un complément alimentaire ne doit pas se substituer à une alimentation variée et "
    "équilibrée et à un mode de vie sain. "
    "Tenir hors de portée des jeunes enfants."
)

STORAGE_DRY = (
    "À conserver à température ambiante (moins de 25 °C), dans un endroit sec, à l'abri de la "
    "lumière et dans son emballage d'origine bien refermé."
)
STORAGE_OIL = (
    "À conserver à température ambiante (moins de 25 °C), à l'abri de la lumière et de la "
    "chaleur. Bien refermer le flacon après chaque utilisation."
)
STORAGE_LIQUID = (
    "À conserver à l'abri de la lumière et de la chaleur. Après ouverture, à conserver au "
    "réfrigérateur et à consommer dans les 3 mois."
)

PREGNANCY = "Déconseillé aux femmes enceintes ou allaitantes et aux enfants."
ANTICOAGULANTS = (
    "Déconseillé aux personnes suivant un traitement anticoagulant ou antiagrégant plaquettaire, "
    "sauf avis médical."
)
MEDICAL_ADVICE = "En cas de traitement médicamenteux, demander l'avis d'un professionnel de santé."
ASTERACEAE = "Déconseillé en cas d'allergie connue aux plantes de la famille des Astéracées."


class Price(NamedTuple):
    """One step of a product's price history, ``days_ago`` before the seeding moment."""

    days_ago: int
    cents: int
    reduction: bool = False


def supplement(*, extra_warnings: str = "", **fields: Any) -> dict[str, Any]:
    """A food supplement's data with the fields every demo supplement shares filled in."""
    data: dict[str, Any] = {
        "brand": BRAND,
        "operator_name": OPERATOR_NAME,
        "operator_address": OPERATOR_ADDRESS,
        "is_food_supplement": True,
        "vat_rate": VAT_SUPPLEMENT,
        "sealed_hygiene": True,
        "storage": STORAGE_DRY,
        "allergens": "",
        "plant_warnings": "",
        "on_demand": False,
        "supplier_delay_days": None,
        "warnings": MANDATORY_WARNINGS + (" " + extra_warnings if extra_warnings else ""),
    }
    data.update(fields)
    return data


def accessory(**fields: Any) -> dict[str, Any]:
    """A non-food item (VAT 20 %, no hygiene seal, no label data required)."""
    data: dict[str, Any] = {
        "brand": BRAND,
        "operator_name": OPERATOR_NAME,
        "operator_address": OPERATOR_ADDRESS,
        "is_food_supplement": False,
        "vat_rate": VAT_STANDARD,
        "sealed_hygiene": False,
        "format": "accessoire",
        "ingredients": "",
        "allergens": "",
        "daily_portion": "",
        "warnings": "",
        "plant_warnings": "",
        "nutrients": [],
        "on_demand": False,
        "supplier_delay_days": None,
    }
    data.update(fields)
    return data
