def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script_or_style(client):
    page = client.get("/").text
    assert "<script>" not in page and "style=" not in page


def test_french_layout_for_phones_and_keyboards(client):
    page = client.get("/").text
    assert '<html lang="fr">' in page
    assert 'name="viewport"' in page
    assert 'class="skip-link" href="#contenu"' in page
    assert '<label for="q"' in page


def test_footer_names_the_mediator_and_no_odr_link(client):
    page = client.get("/").text
    assert "FEVAD" in page and "60 rue La Boétie, 75008 Paris" in page
    assert "ec.europa.eu/consumers/odr" not in page


def test_errors_are_french_pages(client):
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page introuvable" in response.text
    assert client.post("/").status_code == 405


def test_session_cookie_flags(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_refuses_to_start_without_secrets(monkeypatch):
    import pytest

    from shop.config import ProdConfig

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://example/db")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProdConfig()


def test_production_refuses_to_start_without_redis(monkeypatch):
    """No e-mail or PDF work in a web request in production: jobs need the RQ workers."""
    import pytest

    from shop.config import ProdConfig

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://example/db")
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(RuntimeError, match="REDIS_URL"):
        ProdConfig()
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("SHOP_BASE_URL", "https://shop.example")
    config = ProdConfig()
    assert config.RATELIMIT_STORAGE_URI == config.REDIS_URL == "redis://127.0.0.1:6379/0"


def test_production_cookies_are_secure(monkeypatch):
    from shop import create_app
    from shop.config import ProdConfig

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("SHOP_BASE_URL", "https://shop.example")
    app = create_app(ProdConfig())
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert "Strict-Transport-Security" in app.test_client().get("/nulle-part").headers


def test_plain_postgres_urls_use_our_driver():
    from shop.config import database_url

    assert database_url("postgres://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert database_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"
