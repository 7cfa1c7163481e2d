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


# Customs data (shop/catalog/customs.py): 6-digit codes of the Harmonized System (WCO, HS 2022
# nomenclature, as taken over in the EU's Combined Nomenclature, Regulation (EEC) 2658/87
# Annex I), which every CN22/CN23 accepts; the broker may refine them to 8 or 10 digits (TARIC).
# - 2106 90 « food preparations not elsewhere specified »: the HS Explanatory Notes to heading
#   21.06, item (16), name the preparations « often referred to as food supplements », based on
#   plant extracts, vitamins and mineral salts, put up in capsules, tablets or powders.
# - 1504 20: fish oils (and krill oil) other than liver oils, even in soft capsules; 1515 90:
#   other fixed vegetable or microbial oils (algal DHA oil, evening primrose oil); 1517 90:
#   edible mixtures of oils of different origins (omega 3-6-9).
# - 2925 29: creatine, a single chemically defined compound (chapter 29, note 1; guanidine
#   derivative).
# - 3924 90 and 3924 10: household articles and kitchenware of plastics (pill organiser and
#   cutter, shaker).
HS_FOOD_SUPPLEMENT = "2106 90"
HS_FISH_OIL = "1504 20"
HS_VEGETABLE_OIL = "1515 90"
HS_OIL_MIXTURE = "1517 90"
HS_CREATINE = "2925 29"
HS_PLASTIC_HOUSEHOLD = "3924 90"
HS_PLASTIC_KITCHENWARE = "3924 10"
MADE_IN_FRANCE = "FR"  # the demo brand's supplements are made by its French operator


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
        "hs_code": HS_FOOD_SUPPLEMENT,
        "origin_country": MADE_IN_FRANCE,
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
        "hs_code": HS_PLASTIC_HOUSEHOLD,
        "on_demand": False,
        "supplier_delay_days": None,
    }
    data.update(fields)
    return data
