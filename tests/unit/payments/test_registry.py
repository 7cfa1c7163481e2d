"""build_gateways: which gateways exist for which settings, and no dev in production."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from shop.payments import Gateway
from shop.payments.registry import GatewayConfigError, build_gateways

DEV = {"DEV_GATEWAY_ENABLED": True, "SECRET_KEY": "k"}
PAGE = "http://localhost/paiement/demo"


def test_nothing_configured_gives_no_gateway():
    assert build_gateways({}) == {}


def test_gateways_built_from_fake_settings_work(stripe_fake, paypal_fake):
    settings = {**stripe_fake.settings(), **paypal_fake.settings(), **DEV}

    gateways = build_gateways(settings, dev_page_url=PAGE)

    assert sorted(gateways) == ["dev", "paypal", "stripe"]
    for name, gateway in gateways.items():
        assert isinstance(gateway, Gateway) and gateway.name == name
        start = gateway.start_payment(amount_cents=1999, currency="EUR", reference="CMD-9",
                                      description="Commande CMD-9", customer_email=None,
                                      return_url="http://x/ok", cancel_url="http://x/ko")
        assert start.redirect_url and start.provider_ref
    assert len(stripe_fake.sessions) == len(paypal_fake.orders) == 1


def test_dev_gateway_is_refused_in_production():
    with pytest.raises(GatewayConfigError, match="production"):
        build_gateways({**DEV, "PRODUCTION": True}, dev_page_url=PAGE)
    with pytest.raises(GatewayConfigError):
        build_gateways({**DEV, "DEV_GATEWAY_ENABLED": "1", "PRODUCTION": "true"},
                       dev_page_url=PAGE)


@pytest.mark.parametrize("flag", [False, "0", "false", "", None])
def test_dev_gateway_off_unless_enabled(flag):
    assert build_gateways({**DEV, "DEV_GATEWAY_ENABLED": flag}, dev_page_url=PAGE) == {}


@pytest.mark.parametrize("settings", [
    {"STRIPE_SECRET_KEY": "sk"},
    {"PAYPAL_CLIENT_ID": "id", "PAYPAL_CLIENT_SECRET": "s"},
    {"PAYPAL_CLIENT_ID": "id", "PAYPAL_WEBHOOK_ID": "w"},
    DEV,
    {"DEV_GATEWAY_ENABLED": True},
])
def test_half_configured_provider_is_an_error(settings):
    with pytest.raises(GatewayConfigError):
        build_gateways(settings, dev_page_url=None if settings is DEV else PAGE)


def test_building_gateways_does_not_import_provider_libraries():
    code = (
        "import sys\n"
        "from shop.payments.registry import build_gateways\n"
        "build_gateways({'STRIPE_SECRET_KEY': 'sk', 'STRIPE_WEBHOOK_SECRET': 'wh',\n"
        "                'PAYPAL_CLIENT_ID': 'i', 'PAYPAL_CLIENT_SECRET': 's',\n"
        "                'PAYPAL_WEBHOOK_ID': 'w'})\n"
        "print(sorted(m for m in ('stripe', 'httpx', 'requests') if m in sys.modules))\n"
    )
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_paypal_defaults_to_sandbox_outside_production_and_live_in_it():
    keys = {"PAYPAL_CLIENT_ID": "i", "PAYPAL_CLIENT_SECRET": "s", "PAYPAL_WEBHOOK_ID": "w"}
    assert build_gateways(keys)["paypal"].api_base == "https://api-m.sandbox.paypal.com"
    live = build_gateways({**keys, "PRODUCTION": True})["paypal"]
    assert live.api_base == "https://api-m.paypal.com"
    custom = build_gateways({**keys, "PAYPAL_API_BASE": "http://127.0.0.1:9/"})["paypal"]
    assert custom.api_base == "http://127.0.0.1:9"
    stripe = build_gateways({"STRIPE_SECRET_KEY": "sk", "STRIPE_WEBHOOK_SECRET": "wh"})
    assert stripe["stripe"].api_base == "https://api.stripe.com"
