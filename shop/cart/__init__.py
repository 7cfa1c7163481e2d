"""The cart: session storage, quantity rules, pricing for a destination."""

from flask import Blueprint

bp = Blueprint("cart", __name__, url_prefix="/panier")
