"""Issue 18 §1: the Host header is checked against SHOP_BASE_URL before anything runs."""

import pytest

from shop import create_app
from shop.config import TestConfig
from shop.security import trusted_hosts, use_base_url


def test_trusted_hosts_come_from_the_base_url(app):
    assert app.config["TRUSTED_HOSTS"] == ["localhost"]
    assert trusted_hosts("https://www.example.fr/boutique") == ["www.example.fr"]
    assert trusted_hosts("http://127.0.0.1:5123") == ["127.0.0.1"]


def test_a_base_url_without_host_stops_the_app():
    config = TestConfig()
    config.SHOP_BASE_URL = "/sans-hote"
    with pytest.raises(RuntimeError, match="SHOP_BASE_URL"):
        create_app(config)


@pytest.mark.parametrize("path", ["/", "/compte/connexion", "/panier/", "/staff/", "/nulle-part"])
def test_another_host_is_refused_before_any_view(client, path):
    """Before: any Host was served, and absolute links could follow it."""
    response = client.get(path, base_url="http://evil.example")
    assert response.status_code == 400
    assert "ne désigne pas la boutique" in response.text
    assert "Set-Cookie" not in response.headers


def test_a_post_to_another_host_is_refused_before_csrf_and_the_limiter(client, customer):
    for _ in range(8):  # more than the login limit: none of them is counted
        response = client.post("/compte/connexion", base_url="http://evil.example",
                               data={"email": customer.email, "password": "x"})
        assert response.status_code == 400
    assert client.get("/compte/connexion").status_code == 200


def test_the_shop_host_with_any_port_is_served(client):
    assert client.get("/", base_url="http://localhost:8080").status_code == 200


def test_use_base_url_moves_links_and_trusted_host_together(app):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
    other = create_app(config)
    use_base_url(other, "http://127.0.0.1:5999")
    assert other.config["TRUSTED_HOSTS"] == ["127.0.0.1"]
    with other.test_client() as client:
        assert client.get("/mentions-legales", base_url="http://localhost").status_code == 400
