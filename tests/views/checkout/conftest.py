"""A customer going through the checkout with the test client, one step per method."""

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from shop.accounts.addresses import AddressData, add_address
from shop.orders.models import Order
from tests.account_factories import log_in, make_user
from tests.conftest import csrf_token_from
from tests.factories import make_product

PARIS = AddressData(first_name="Camille", last_name="Martin", line1="12 rue des Lilas",
                    postal_code="75011", city="Paris", country_code="FR", label="Maison")


class Journey:
    """A logged-in customer with a cart, and helpers to fill each step."""

    def __init__(self, client, db, user):
        self.client, self.db, self.user = client, db, user

    def page(self, path: str):
        response = self.client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.location)
        return response

    def post(self, path: str, data: dict | None = None, token_from: str | None = None):
        """POST with the CSRF token of the form on `token_from` (default: the same path)."""
        token = csrf_token_from(self.page(token_from or path).text)
        return self.client.post(path, data={"csrf_token": token, **(data or {})})

    def fill_cart(self, *lines) -> None:
        """Put (product, quantity) pairs in the session cart, as the cart page stores them."""
        with self.client.session_transaction() as session:
            session["cart"] = [[p.id, q, p.price_cents] for p, q in lines]

    def to_recap(self, method: str = "colissimo-metro"):
        """The delivery step (default address, billed there, the method); returns the recap
        page, where the payment method is chosen."""
        address = self.user.default_address("delivery")
        assert self.post("/commande/livraison", {"delivery_id": address.id, "billing_same": "y",
                                                 "method": method}).status_code == 302
        return self.page("/commande/recapitulatif")

    def order_form(self, recap_html: str, payment: str = "dev", **overrides) -> dict:
        """The recap form's fields as the browser would send them: the payment method chosen
        and the box ticked."""
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', recap_html))
        fields["csrf_token"] = csrf_token_from(recap_html)
        return fields | {"payment": payment, "cgv_accepted": "y"} | overrides

    def place(self, payment: str = "dev", **overrides):
        """Go to the recap and press the order button; returns the response."""
        recap = self.to_recap()
        return self.client.post("/commande/recapitulatif",
                                data=self.order_form(recap.text, payment, **overrides))

    def orders(self) -> list[Order]:
        self.db.session.expire_all()
        return list(self.db.session.scalars(select(Order).where(Order.user_id == self.user.id)))


def path_of(url: str) -> str:
    """The path and query of an absolute URL."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture()
def product(db, shop_ready):
    product = make_product(db, price_cents=1290, on_hand=10)
    db.session.commit()
    return product


@pytest.fixture()
def journey(client, db, shop_ready, product):
    """A consumer with one address in Paris, logged in, with 2 units of `product` in the cart."""
    user = make_user(db)
    add_address(user, PARIS)
    db.session.commit()
    assert log_in(client, user.email).status_code == 302
    trip = Journey(client, db, user)
    trip.fill_cart((product, 2))
    return trip
