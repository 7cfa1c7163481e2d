"""The payment gateways of the running app, built from its settings alone.

Usable from a request, a job or a CLI command: the demonstration page's address comes from
SHOP_BASE_URL, not from a request. ``build_gateways`` runs at start-up (a bad payment setting,
such as the development gateway in production, stops the app) and again whenever the payment
settings change (tests point the app at fresh fakes).
"""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from shop.payments import Gateway
from shop.payments.registry import build_gateways
from shop.urls import external_url

SETTINGS = (
    "PRODUCTION", "SECRET_KEY", "DEV_GATEWAY_ENABLED", "SHOP_BASE_URL",
    "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE",
    "PAYPAL_CLIENT_ID", "PAYPAL_CLIENT_SECRET", "PAYPAL_WEBHOOK_ID", "PAYPAL_API_BASE",
)
EXTENSION_KEY = "shop.payment_gateways"
DEV_PAGE_ENDPOINT = "checkout.dev_payment"

# What the customer reads for each method, in the order they are offered.
METHOD_LABELS = {
    "stripe": _l("Carte bancaire (CB, Visa, Mastercard)"),
    "paypal": _l("PayPal"),
    "dev": _l("Paiement de démonstration (aucun argent ne circule)"),
}


def check_payment_settings(app: Flask) -> None:
    """Build the gateways once at start-up: inconsistent settings refuse to start."""
    with app.app_context():
        gateways()


def gateways() -> dict[str, Gateway]:
    """The gateways for the current settings (cached until a payment setting changes)."""
    key = tuple(current_app.config.get(name) for name in SETTINGS)
    cached = current_app.extensions.get(EXTENSION_KEY)
    if cached is None or cached[0] != key:
        page_url = external_url(DEV_PAGE_ENDPOINT) if current_app.config.get(
            "SHOP_BASE_URL") else None
        cached = (key, build_gateways(current_app.config, dev_page_url=page_url))
        current_app.extensions[EXTENSION_KEY] = cached
    return cached[1]


def gateway(name: str) -> Gateway | None:
    """One configured gateway by name ("stripe", "paypal", "dev"), None if it is off."""
    return gateways().get(name)


def payment_methods() -> list[tuple[str, object]]:
    """(name, French label) of the methods offered, card first."""
    offered = gateways()
    return [(name, label) for name, label in METHOD_LABELS.items() if name in offered]
