"""The checkout blueprint (/commande): the steps, the payment pages and the webhooks."""

from flask import Blueprint

bp = Blueprint("checkout", __name__, url_prefix="/commande")

from shop.checkout.views import helpers, link, payment, steps, webhooks  # noqa: E402, F401
