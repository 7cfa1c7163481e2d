"""Factories and helpers for accounts: users of each role, logging in through the real form."""

import itertools

import pytest

from shop.accounts.models import User
from shop.accounts.passwords import hash_password
from shop.db import utcnow
from tests.conftest import csrf_token_from

PASSWORD = "correct horse battery"  # 21 characters
_sequence = itertools.count(1)


def make_user(db, *, password: str = PASSWORD, **fields) -> User:
    """A saved, active account with a confirmed address (a consumer customer unless told
    otherwise)."""
    number = next(_sequence)
    values = {
        "email": f"client{number}@example.com",
        "first_name": "Camille",
        "last_name": f"Martin{number}",
        "customer_type": "consumer",
        "role": "customer",
        "email_confirmed_at": utcnow(),
    }
    user = User(password_hash=hash_password(password), **(values | fields))
    db.session.add(user)
    db.session.commit()
    return user


def form_token(client, url: str) -> str:
    """The CSRF token of the form on the page at `url`."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return csrf_token_from(response.get_data(as_text=True))


def log_in(client, email: str, password: str = PASSWORD, next_url: str | None = None):
    """Log in through the login form; returns the response (a redirect on success)."""
    url = "/compte/connexion" + (f"?next={next_url}" if next_url else "")
    token = form_token(client, url)
    return client.post(url, data={"csrf_token": token, "email": email, "password": password})


@pytest.fixture()
def customer(db) -> User:
    return make_user(db)


@pytest.fixture()
def staff_user(db) -> User:
    return make_user(db, email="equipe@pronutri.example", role="staff")


@pytest.fixture()
def admin_user(db) -> User:
    return make_user(db, email="admin@pronutri.example", role="admin")


@pytest.fixture()
def logged_in(client, customer):
    """A client logged in as `customer`."""
    response = log_in(client, customer.email)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client
