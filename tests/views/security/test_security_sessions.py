"""Issue 18 §3: logout, password change and « tous les appareils » end sessions server-side."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import g
from flask.testing import FlaskClient

from shop.accounts.models import User
from tests.account_factories import PASSWORD, form_token, log_in

PROFILE = "/compte/"


def cookie_of(client: FlaskClient, name: str) -> str:
    cookie = client.get_cookie(name)
    assert cookie is not None, f"no {name} cookie"
    return cookie.value


@contextmanager
def elsewhere() -> Iterator[None]:
    """Requests from another browser: the test's app context (pushed by the `db` fixture) is
    shared by every request, so its `g` (the logged-in user, the CSRF token) is set aside."""
    values = vars(g._get_current_object())
    saved = dict(values)
    values.clear()
    try:
        yield
    finally:
        values.clear()
        values.update(saved)


def opens_account(app, **cookies: str) -> bool:
    """Whether a fresh browser holding only these cookies reaches the account page."""
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    with elsewhere():
        return thief.get(PROFILE).status_code == 200


def log_out(client: FlaskClient) -> None:
    response = client.post("/compte/deconnexion", data={"csrf_token": form_token(client, PROFILE)})
    assert response.status_code == 302


def remember_login(client: FlaskClient, email: str) -> None:
    token = form_token(client, "/compte/connexion")
    response = client.post("/compte/connexion", data={
        "csrf_token": token, "email": email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302


def test_a_copied_session_cookie_no_longer_opens_the_account_after_logout(app, client, customer):
    """Before: the copied cookie still opened the account after logout."""
    log_in(client, customer.email)
    copied = cookie_of(client, "session")
    assert opens_account(app, session=copied)
    log_out(client)
    assert not opens_account(app, session=copied)


def test_a_remember_me_cookie_no_longer_opens_the_account_after_logout(app, client, customer):
    """Before: the remember-me cookie kept logging in whoever held it."""
    remember_login(client, customer.email)
    remembered = cookie_of(client, "remember_token")
    assert opens_account(app, remember_token=remembered)
    log_out(client)
    assert not opens_account(app, remember_token=remembered)


def test_a_password_change_ends_other_sessions_and_keeps_this_one(app, client, customer):
    remember_login(client, customer.email)
    copied, remembered = cookie_of(client, "session"), cookie_of(client, "remember_token")
    url = "/compte/mot-de-passe"
    response = client.post(url, data={
        "csrf_token": form_token(client, url), "current_password": PASSWORD,
        "password": "a brand new long password", "confirm": "a brand new long password"})
    assert response.status_code == 302
    assert client.get(PROFILE).status_code == 200
    assert not opens_account(app, session=copied)
    assert not opens_account(app, remember_token=remembered)


def test_logging_out_of_every_device(app, client, db, customer):
    other_device = app.test_client()
    with elsewhere():
        remember_login(other_device, customer.email)
    log_in(client, customer.email)
    page = client.get(PROFILE).text
    assert "Se déconnecter de tous les appareils" in page
    assert 'action="/compte/deconnexion-partout"' in page
    response = client.post("/compte/deconnexion-partout",
                           data={"csrf_token": form_token(client, PROFILE)})
    assert response.status_code == 302 and response.headers["Location"] == "/compte/connexion"
    assert client.get(PROFILE).status_code == 302
    with elsewhere():
        assert other_device.get(PROFILE).status_code == 302
    assert not opens_account(app, remember_token=cookie_of(other_device, "remember_token"))


def test_logging_out_of_every_device_needs_the_csrf_token(client, db, customer):
    log_in(client, customer.email)
    token_before = db.session.get(User, customer.id).session_token
    assert client.post("/compte/deconnexion-partout").status_code == 400
    db.session.expire_all()
    assert db.session.get(User, customer.id).session_token == token_before
    assert client.get(PROFILE).status_code == 200
