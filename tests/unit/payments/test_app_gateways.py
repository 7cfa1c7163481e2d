"""The app builds its gateways from its settings; the development one never in production."""

import pytest

from shop import create_app
from shop.config import DevConfig, ProdConfig, TestConfig
from shop.payments.registry import GatewayConfigError


def test_dev_gateway_is_on_in_development_and_tests_off_in_production():
    assert DevConfig.DEV_GATEWAY_ENABLED is True and TestConfig.DEV_GATEWAY_ENABLED is True
    assert ProdConfig.DEV_GATEWAY_ENABLED is False


def test_production_config_refuses_the_dev_gateway(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("SHOP_BASE_URL", "https://shop.example")
    monkeypatch.setenv("DEV_GATEWAY_ENABLED", "1")
    with pytest.raises(RuntimeError, match="DEV_GATEWAY_ENABLED"):
        ProdConfig()


def test_the_app_refuses_to_start_with_the_dev_gateway_in_production(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("SHOP_BASE_URL", "https://shop.example")
    monkeypatch.delenv("DEV_GATEWAY_ENABLED", raising=False)
    config = ProdConfig()
    config.DEV_GATEWAY_ENABLED = True  # e.g. a subclass or an edited object
    with pytest.raises(GatewayConfigError):
        create_app(config)


def test_production_reads_provider_keys_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("SHOP_BASE_URL", "https://shop.example")
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_live_x")
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", "whsec_x")
    config = ProdConfig()
    assert (config.STRIPE_SECRET_KEY, config.DEV_GATEWAY_ENABLED) == ("sk_live_x", False)
    assert create_app(config) is not None


def test_half_configured_stripe_stops_the_app(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("SHOP_BASE_URL", "https://shop.example")
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_live_x")
    monkeypatch.delenv("STRIPE_WEBHOOK_SECRET", raising=False)
    with pytest.raises(GatewayConfigError, match="STRIPE_WEBHOOK_SECRET"):
        create_app(ProdConfig())
