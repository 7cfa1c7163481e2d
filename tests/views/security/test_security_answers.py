"""Issue 18 §6: honest answers that reveal nothing."""

import logging

from shop import create_app
from shop.accounts import passwords
from shop.config import TestConfig


def test_a_tampered_session_cookie_is_told_once_and_logged_once(client, db, caplog):
    """Before: the cart vanished with no word."""
    client.set_cookie("session", "eyJjYXJ0IjpbWzEsMl1dfQ.forged.signature")
    with caplog.at_level(logging.WARNING):
        first = client.get("/panier/")
        second = client.get("/panier/")
    assert "Votre panier n&#39;a pas pu être relu" in first.text
    assert "pas pu être relu" not in second.text
    logged = [r for r in caplog.records if "Unreadable session cookie" in r.getMessage()]
    assert len(logged) == 1


def test_a_readable_or_missing_cookie_says_nothing(client, db):
    assert "pas pu être relu" not in client.get("/panier/").text
    assert "pas pu être relu" not in client.get("/panier/").text


def test_the_dummy_hash_exists_once_the_app_is_built(app):
    """Before: made on the first unknown-address login, which was slower than the others."""
    passwords._dummy_hash.cache_clear()
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
    create_app(config)
    assert passwords._dummy_hash.cache_info().currsize == 1
