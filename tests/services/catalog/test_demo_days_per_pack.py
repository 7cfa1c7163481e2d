"""The demo catalogue's days per pack agree with each label's pack size and daily portion."""

import re

from sqlalchemy import select

from shop.catalog.demo import seed_catalog
from shop.catalog.models import Product
from tests.factories import at


def _units(net_quantity: str) -> int | None:
    """Portions in a pack as the label counts them: « 60 gélules », « (30 doses de 10 g) »."""
    counted = re.search(r"\((?:environ )?(\d+) (?:doses|pulvérisations)", net_quantity)
    if counted:
        return int(counted[1])
    number, unit = net_quantity.split()[:2]
    return None if unit in ("g", "ml") else int(number)


def test_demo_days_per_pack_follow_the_label(db):
    seed_catalog(at(2026, 11, 24))
    products = db.session.scalars(select(Product).order_by(Product.slug)).all()
    supplements = [p for p in products if p.is_food_supplement]
    assert all(p.days_per_pack is None for p in products if not p.is_food_supplement)
    # All but the drops sold by volume (20 ml, 4 drops a day) have a known duration.
    assert [p.slug for p in supplements if p.days_per_pack is None] == ["vitamine-d3-gouttes"]
    for product in supplements:
        units = _units(product.net_quantity)
        per_day = int(product.daily_portion.split()[0])
        expected = units // per_day if units else None
        assert product.days_per_pack == expected, product.slug
