"""Issue 18 §4: throttling counts per client, whether the app is reached directly or through
a reverse proxy; X-Forwarded-For counts only when PROXY_FIX says how many proxies there are."""

import pytest

from shop import create_app
from shop.config import ProdConfig, TestConfig
from shop.extensions import limiter
from tests.conftest import csrf_token_from

LOGIN = "/compte/connexion"


def failed_logins(client, count: int, **environ) -> list[bool]:
    """Whether each of `count` failed logins sent with this WSGI environ (address, headers)
    was throttled (429)."""
    token = csrf_token_from(client.get(LOGIN, environ_base=environ).text)
    return [
        client.post(LOGIN, data={"csrf_token": token, "email": "x@example.com",
                                 "password": "faux mot de passe"},
                    environ_base=environ).status_code == 429
        for _ in range(count)
    ]


@pytest.fixture()
def proxied_app(app, db):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
    config.PROXY_FIX = 1
    proxied = create_app(config)
    yield proxied
    limiter.reset()


def test_direct_deployment_counts_per_address_and_ignores_forwarded_for(client):
    """Before: nothing said whether X-Forwarded-For counted."""
    first = failed_logins(client, 6, REMOTE_ADDR="203.0.113.1")
    assert first == [False] * 5 + [True]
    # Another visitor is not throttled by the first one's failures.
    assert failed_logins(client, 1, REMOTE_ADDR="203.0.113.2") == [False]
    # A forged X-Forwarded-For does not give the first visitor a fresh count.
    assert failed_logins(client, 1, REMOTE_ADDR="203.0.113.1",
                         HTTP_X_FORWARDED_FOR="198.51.100.7") == [True]


def test_proxied_deployment_counts_per_client_behind_the_proxy(proxied_app):
    """Before: behind a proxy every visitor would have shared the proxy's address."""
    client = proxied_app.test_client()
    proxy = "10.0.0.1"
    first = failed_logins(client, 6, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert first == [False] * 5 + [True]
    assert failed_logins(client, 1, REMOTE_ADDR=proxy,
                         HTTP_X_FORWARDED_FOR="203.0.113.2") == [False]
    # The client may prepend addresses of its own; only the proxy's last entry counts.
    assert failed_logins(client, 1, REMOTE_ADDR=proxy,
                         HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.1") == [True]


def test_proxy_fix_is_read_from_the_environment(monkeypatch):
    for name, value in {"SECRET_KEY": "s", "DATABASE_URL": "sqlite://", "REDIS_URL": "redis://x",
                        "SHOP_BASE_URL": "https://shop.example", "PROXY_FIX": "1"}.items():
        monkeypatch.setenv(name, value)
    assert ProdConfig().PROXY_FIX == 1
    assert ProdConfig().RATELIMIT_STORAGE_URI == "redis://x"  # shared by every worker
    monkeypatch.setenv("PROXY_FIX", "deux")
    with pytest.raises(RuntimeError, match="PROXY_FIX"):
        ProdConfig()
