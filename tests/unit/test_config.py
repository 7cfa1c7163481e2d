"""Configurations read the environment when they are built."""

from shop import create_app
from shop.config import DevConfig
from shop.payments.registry import build_gateways


def test_development_reads_the_provider_api_bases_like_production(monkeypatch):
    """A developer who points Stripe and PayPal at a local fake talks to the fake, not to the
    providers' own hosts with the keys given."""
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    for name, value in {
        "STRIPE_SECRET_KEY": "sk_test_x",
        "STRIPE_WEBHOOK_SECRET": "whsec_x",
        "STRIPE_API_BASE": "http://127.0.0.1:9101",
        "PAYPAL_CLIENT_ID": "client",
        "PAYPAL_CLIENT_SECRET": "secret",
        "PAYPAL_WEBHOOK_ID": "hook",
        "PAYPAL_API_BASE": "http://127.0.0.1:9102",
    }.items():
        monkeypatch.setenv(name, value)
    app = create_app(DevConfig())
    built = build_gateways(app.config, dev_page_url="http://localhost/demo")
    assert built["stripe"].api_base == "http://127.0.0.1:9101"
    assert built["paypal"].api_base == "http://127.0.0.1:9102"
    assert app.config["DEV_GATEWAY_ENABLED"] is True


def test_development_settings_follow_the_environment_of_the_moment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1/demo")
    monkeypatch.setenv("MAIL_BACKEND", "smtp")
    monkeypatch.delenv("STRIPE_API_BASE", raising=False)
    config = DevConfig()
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg2://postgres@127.0.0.1/demo"
    assert (config.MAIL_BACKEND, config.STRIPE_API_BASE) == ("smtp", None)


def test_the_demo_answers_at_localhost_too_and_still_refuses_other_hosts(monkeypatch):
    from shop import create_app
    from shop.config import DevConfig

    monkeypatch.delenv("SHOP_BASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("PORT", "5099")
    app = create_app(DevConfig())
    client = app.test_client()
    assert client.get("/mentions-legales", base_url="http://localhost:5099").status_code == 200
    assert client.get("/mentions-legales", base_url="http://127.0.0.1:5099").status_code == 200
    assert client.get("/mentions-legales", base_url="http://evil.example").status_code == 400
    assert app.config["SHOP_BASE_URL"] == "http://127.0.0.1:5099"
