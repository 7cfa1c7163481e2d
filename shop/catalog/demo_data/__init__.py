"""The demo catalogue, written for this shop: an invented brand, plausible label data.

Data only; ``shop.catalog.demo.seed_catalog`` loads it through the catalogue services. Every
supplement's texts use only authorised-style health claims (LEGAL F4) and carry the mandatory
warnings (F3); plant precautions are in ``plant_warnings``.
"""

from ._common import BRAND, Price
from .accessories import ACCESSORIES
from .categories import CATEGORIES
from .joints_sport import JOINTS, SPORT
from .minerals import MINERALS
from .omega import OMEGA
from .plants import PLANTS
from .sleep import SLEEP
from .vitamins import VITAMINS

PRODUCTS = VITAMINS + MINERALS + OMEGA + PLANTS + SLEEP + JOINTS + SPORT + ACCESSORIES

__all__ = ["BRAND", "CATEGORIES", "PRODUCTS", "Price"]
