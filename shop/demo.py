"""Demo data for `flask seed-demo`: each domain seeds its own part, all idempotent.

The command commits once at the end; each seed function only adds and flushes.
"""

from datetime import datetime

from shop.accounts.seed import seed_accounts
from shop.catalog.demo import seed_catalog
from shop.db import utcnow
from shop.legal.services import CGV_SOURCES, seed_cgv
from shop.shipping.services import seed_shipping_methods


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

    cgv = seed_cgv(now, upto=len(CGV_SOURCES))
    lines.append(
        f"CGV : version {cgv.number} publiée." if cgv else "CGV : déjà publiées, rien à faire."
    )

    lines.append(seed_shipping_methods())

    accounts = seed_accounts()
    lines.append("Comptes de démonstration : " + ", ".join(user.email for user in accounts) + ".")

    return "\n".join(lines)
