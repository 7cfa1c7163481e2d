"""The other member states' VAT rates for what the shop sells, used once OSS applies (LEGAL E3).

Above 10,000 EUR a year of sales to consumers in other member states, a sale is taxed at the
rate of the state of arrival (CGI 258 A; directive 2006/112/CE art. 33) and declared through the
one-stop shop (OSS). The shop sells two kinds of goods by their French rate (LEGAL E1): food
supplements at 5.5 % and standard-rated goods (confectionery formats, shakers) at 20 %.
``CountryRates.equivalent_of`` maps one to the other.

Read this table with care: it is a best reading, to be confirmed by the accountant before the
OSS setting is switched on, and re-read every year.
- Standard rates come from the European Commission's « VAT rates applied in the Member States
  of the European Union » (DG TAXUD, situation at 1 January 2025, and its TEDB database), with
  the changes announced since: Estonia 24 % from 1 July 2025, Romania 21 % (and a single
  reduced rate of 11 %) from 1 August 2025.
- Which rate a member state applies to food supplements is much less sure. No official table
  lists it: each state classifies each product (often by its customs heading: 21.06 « food
  preparations » is usually food, vitamins in capsules of heading 30.04 or 29.36 often are
  not). The band per state below comes from [AMZ], Amazon Seller Central's product tax code
  A_FOOD_DIETARYSUPPLEMENTS (help page 202088550, read as published in 2021: the band, standard,
  reduced, super-reduced or zero, each state applies to dietary supplements), a secondary
  source, checked against a national text where one is named. Rows marked [?] are the least
  sure; a product whose classification differs abroad may need its own rate there.
- The 20 % goods are mapped to the standard rate, which holds for shakers but not everywhere
  for sweets (Germany taxes confectionery at 7 %).
- Regional rates are not handled: Portugal's Azores and Madeira, Greece's reduced-rate islands.
  Those rows give the mainland rates.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shop.cart.totals import STANDARD_RATE

#: The French rate of food supplements that are not medicines (CGI 278-0 bis A 1°, LEGAL E1).
FOOD_SUPPLEMENT_RATE = Decimal("5.5")


@dataclass(frozen=True, slots=True)
class CountryRates:
    """A member state's standard rate and its rate for food supplements, in percent."""

    standard: Decimal
    food_supplements: Decimal

    def equivalent_of(self, french_rate: Decimal) -> Decimal:
        """The rate here of goods taxed at ``french_rate`` in France (20 % or 5.5 %)."""
        if french_rate == STANDARD_RATE:
            return self.standard
        if french_rate == FOOD_SUPPLEMENT_RATE:
            return self.food_supplements
        raise ValueError(f"no destination rate for goods at the French rate {french_rate} %")


def _rates(standard: str, food_supplements: str) -> CountryRates:
    return CountryRates(Decimal(standard), Decimal(food_supplements))


#: Member states other than France (the codes of shop.shipping.zones.EU_COUNTRIES).
DESTINATION_RATES: dict[str, CountryRates] = {
    "AT": _rates("20", "10"),  # [AMZ] reduced rate 2 = 10 %, the food rate (UStG Anlage 1)
    "BE": _rates("21", "6"),  # [AMZ] reduced; 6 % for foodstuffs (AR n° 20, tableau A)
    "BG": _rates("20", "20"),  # [AMZ] standard
    "CY": _rates("19", "5"),  # [?] [AMZ] reduced; 5 % is Cyprus's food rate
    "CZ": _rates("21", "12"),  # [?] [AMZ] reduced; 12 % is the single reduced rate since 2024
    "DE": _rates("19", "7"),  # [?] 7 % for heading 21.06 (UStG Anlage 2 Nr. 33); else 19 %
    "DK": _rates("25", "25"),  # no reduced rate on goods
    "EE": _rates("24", "24"),  # [AMZ] standard; 24 % since 1 July 2025
    "ES": _rates("21", "10"),  # productos alimenticios 10 % (Ley 37/1992 art. 91.Uno.1.1°)
    "FI": _rates("25.5", "13.5"),  # [?] [AMZ] reduced; food 14 %, 13.5 % announced for 2026
    "GR": _rates("24", "24"),  # [?] [AMZ] standard, though food is at 13 %
    "HR": _rates("25", "25"),  # [?] [AMZ] standard
    "HU": _rates("27", "27"),  # [AMZ] standard
    "IE": _rates("23", "13.5"),  # [?] Revenue's manual on food supplements: 13.5 %, but 0 %
    # for vitamins, minerals and fish oils under its concession: a per-product rate is needed
    "IT": _rates("22", "10"),  # integratori of heading 21.06: 10 % (Agenzia delle Entrate)
    "LT": _rates("21", "21"),  # [AMZ] standard
    "LU": _rates("17", "3"),  # [?] [AMZ] super-reduced; 3 % is Luxembourg's food rate
    "LV": _rates("21", "21"),  # [AMZ] standard
    "MT": _rates("18", "0"),  # [?] [AMZ] zero rate, as for food
    "NL": _rates("21", "9"),  # voedingsmiddelen 9 % (Wet OB, tabel I, post a.1)
    "PL": _rates("23", "23"),  # [?] [AMZ] standard; since 2020 some foods are at 5 % or 8 %
    "PT": _rates("23", "23"),  # [?] [AMZ] standard; mainland (Azores, Madeira not handled)
    "RO": _rates("21", "21"),  # [?] [AMZ] standard; 21 % since 1 August 2025
    "SE": _rates("25", "6"),  # [?] [AMZ] reduced: food 12 %, cut to 6 % from 1 April 2026
    # to 31 December 2027 as announced in the 2026 budget
    "SI": _rates("22", "22"),  # [?] [AMZ] standard
    "SK": _rates("23", "23"),  # [?] [AMZ] standard; 23 % since 1 January 2025
}
