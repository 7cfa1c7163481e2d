"""Demo data for `flask seed-demo`: each domain seeds its own part, all idempotent.

The command commits once at the end; each seed function only adds and flushes.
"""

from datetime import datetime

from shop.catalog.demo import seed_catalog
from shop.db import utcnow
from shop.legal.services import seed_cgv


def seed_demo(now: datetime | None = None) -> str:
    """Load every part of the demo data that is missing; return a short French summary."""
    now = now or utcnow()
    lines = []

    catalog = seed_catalog(now)
    lines.append(
        f"Catalogue : {catalog['products_created']} produit(s) et "
        f"{catalog['categories_created']} rayon(s) créés "
        f"({catalog['products']} produits, {catalog['categories']} rayons en tout)."
    )

    cgv = seed_cgv(now)
    lines.append(
        f"CGV : version {cgv.number} publiée." if cgv else "CGV : déjà publiées, rien à faire."
    )

    return "\n".join(lines)
