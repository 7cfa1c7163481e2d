"""The checkout blueprint (/commande): the steps, the payment pages and the webhooks."""

from flask import Blueprint

bp = Blueprint("checkout", __name__, url_prefix="/commande")

from shop.checkout.views import (  # noqa: E402, F401
    helpers,
    link,
    new_customer,
    payment,
    steps,
    webhooks,
)
