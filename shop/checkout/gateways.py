"""The payment gateways of the running app, built from its settings and kept per app.

``shop.payments.registry.build_gateways`` is called at start-up (so a bad payment setting,
such as the development gateway in production, stops the app) and again whenever the
payment settings or the demo page's address change (tests point the app at fresh fakes).
"""

from __future__ import annotations

from flask import Flask, current_app, url_for
from flask_babel import lazy_gettext as _l

from shop.payments import Gateway
from shop.payments.registry import build_gateways

SETTINGS = (
    "PRODUCTION", "SECRET_KEY", "DEV_GATEWAY_ENABLED",
    "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE",
    "PAYPAL_CLIENT_ID", "PAYPAL_CLIENT_SECRET", "PAYPAL_WEBHOOK_ID", "PAYPAL_API_BASE",
)
EXTENSION_KEY = "shop.payment_gateways"
STARTUP_PAGE_URL = "http://localhost/commande/paiement/demonstration"

# What the customer reads for each method, in the order they are offered.
METHOD_LABELS = {
    "stripe": _l("Carte bancaire (CB, Visa, Mastercard)"),
    "paypal": _l("PayPal"),
    "dev": _l("Paiement de démonstration (aucun argent ne circule)"),
}


def check_payment_settings(app: Flask) -> None:
    """Build the gateways once at start-up: inconsistent settings refuse to start."""
    build_gateways(app.config, dev_page_url=STARTUP_PAGE_URL)


def gateways() -> dict[str, Gateway]:
    """The gateways for the current settings; the demo page URL is this request's host."""
    page_url = url_for("checkout.dev_payment", _external=True)
    key = (page_url, *(current_app.config.get(name) for name in SETTINGS))
    cached = current_app.extensions.get(EXTENSION_KEY)
    if cached is None or cached[0] != key:
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
