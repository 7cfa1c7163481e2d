"""Helpers of the cart view tests: seeded shipping methods, posts with a CSRF token."""

import pytest
from sqlalchemy import select

from shop.catalog.models import Product
from shop.shipping.services import seed_shipping_methods
from tests.conftest import csrf_token_from
from tests.factories import make_product


@pytest.fixture()
def shop(db):
    """Shipping methods seeded; tests add their products."""
    seed_shipping_methods()
    db.session.commit()
    return db


@pytest.fixture()
def post(client, shop):
    """POST a form with the session's CSRF token, read from a product page's add-to-cart form."""

    def _post(path: str, **data):
        slug = shop.session.scalar(select(Product.slug).where(Product.is_published).limit(1))
        if slug is None:
            slug = make_product(shop).slug
            shop.session.commit()
        token = csrf_token_from(client.get(f"/produit/{slug}").text)
        return client.post(path, data={"csrf_token": token, **data})

    return _post


def stored(client):
    """The cart as kept in the client's session."""
    with client.session_transaction() as session:
        return session.get("cart")
