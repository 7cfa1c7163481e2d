"""Build the configured gateways from settings (a Flask config or any mapping)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shop.payments.base import Gateway


class GatewayConfigError(RuntimeError):
    """The payment settings are inconsistent (half-configured provider, dev in production)."""


def build_gateways(
    settings: Mapping[str, Any], *, dev_page_url: str | None = None
) -> dict[str, Gateway]:
    """Build "stripe", "paypal" and "dev" gateways for the providers whose keys are set.

    Refuses (GatewayConfigError) the development gateway when PRODUCTION is true: it would
    let anyone mark an order paid with a click. Importing provider SDKs is left to the
    gateways' first call, so building them is cheap.
    """
    production = _flag(settings.get("PRODUCTION"))
    gateways: dict[str, Gateway] = {}
    if settings.get("STRIPE_SECRET_KEY"):
        gateways["stripe"] = _stripe(settings)
    if settings.get("PAYPAL_CLIENT_ID"):
        gateways["paypal"] = _paypal(settings, production)
    if _flag(settings.get("DEV_GATEWAY_ENABLED")):
        if production:
            raise GatewayConfigError(
                "DEV_GATEWAY_ENABLED is set while PRODUCTION is true: the development payment "
                "gateway takes no money and must never run in production."
            )
        gateways["dev"] = _dev(settings, dev_page_url)
    return gateways


def _stripe(settings: Mapping[str, Any]) -> Gateway:
    from shop.payments.stripe_gateway import StripeGateway

    _require(settings, "STRIPE_WEBHOOK_SECRET", "STRIPE_SECRET_KEY")
    return StripeGateway(
        secret_key=settings["STRIPE_SECRET_KEY"],
        webhook_secret=settings["STRIPE_WEBHOOK_SECRET"],
        api_base=settings.get("STRIPE_API_BASE") or None,
    )


def _paypal(settings: Mapping[str, Any], production: bool) -> Gateway:
    from shop.payments import paypal_gateway as paypal

    _require(settings, "PAYPAL_CLIENT_SECRET", "PAYPAL_CLIENT_ID")
    _require(settings, "PAYPAL_WEBHOOK_ID", "PAYPAL_CLIENT_ID")
    default_base = paypal.LIVE_API_BASE if production else paypal.SANDBOX_API_BASE
    return paypal.PayPalGateway(
        client_id=settings["PAYPAL_CLIENT_ID"],
        client_secret=settings["PAYPAL_CLIENT_SECRET"],
        webhook_id=settings["PAYPAL_WEBHOOK_ID"],
        api_base=settings.get("PAYPAL_API_BASE") or default_base,
        brand_name=settings.get("SHOP_NAME"),
    )


def _dev(settings: Mapping[str, Any], page_url: str | None) -> Gateway:
    from shop.payments.dev_gateway import DevGateway

    if not page_url:
        raise GatewayConfigError("DEV_GATEWAY_ENABLED needs dev_page_url (the demo page URL).")
    _require(settings, "SECRET_KEY", "DEV_GATEWAY_ENABLED")
    return DevGateway(secret_key=settings["SECRET_KEY"], page_url=page_url)


def _require(settings: Mapping[str, Any], key: str, because: str) -> None:
    if not settings.get(key):
        raise GatewayConfigError(f"{key} is required when {because} is set.")


def _flag(value: Any) -> bool:
    """Settings may come from the environment as strings: "0", "false", "" are false."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)
