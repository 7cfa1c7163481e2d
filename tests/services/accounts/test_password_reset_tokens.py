"""Reset links: signed, one hour, single use (bound to the current password hash)."""

from datetime import timedelta

import pytest

from shop.accounts.reset import (
    InvalidResetLink,
    make_reset_token,
    reset_password,
    user_for_reset_token,
)
from shop.accounts.services import authenticate, set_password
from shop.db import utcnow
from tests.account_factories import make_user

SECRET = "test-secret-key"


def test_a_fresh_token_names_its_user(db):
    user = make_user(db)
    assert user_for_reset_token(make_reset_token(user, SECRET), SECRET) == user


def test_an_expired_token_is_refused(db):
    user = make_user(db)
    token = make_reset_token(user, SECRET, now=utcnow() - timedelta(hours=1, seconds=5))
    with pytest.raises(InvalidResetLink, match="expiré"):
        user_for_reset_token(token, SECRET, max_age=3600)


def test_a_token_just_inside_the_hour_still_works(db):
    user = make_user(db)
    token = make_reset_token(user, SECRET, now=utcnow() - timedelta(minutes=59))
    assert user_for_reset_token(token, SECRET, max_age=3600) == user


def test_a_used_token_cannot_be_used_again(db):
    user = make_user(db)
    token = make_reset_token(user, SECRET)
    reset_password(token, "my new long password", SECRET)
    db.session.commit()
    assert authenticate(user.email, "my new long password") == user
    with pytest.raises(InvalidResetLink, match="déjà été utilisé"):
        reset_password(token, "another long password", SECRET)
    assert authenticate(user.email, "my new long password") == user


def test_changing_the_password_another_way_kills_the_token(db):
    user = make_user(db)
    token = make_reset_token(user, SECRET)
    set_password(user, "changed from the profile")
    with pytest.raises(InvalidResetLink):
        user_for_reset_token(token, SECRET)


def _flip(token: str) -> str:
    """Another character inside the signature (its last character carries padding bits, so
    changing it can leave the signature the same)."""
    return token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]


@pytest.mark.parametrize("tamper", [_flip, lambda t: "x" + t, lambda t: ""])
def test_a_forged_token_is_refused(db, tamper):
    user = make_user(db)
    with pytest.raises(InvalidResetLink):
        user_for_reset_token(tamper(make_reset_token(user, SECRET)), SECRET)


def test_a_token_signed_with_another_key_is_refused(db):
    user = make_user(db)
    with pytest.raises(InvalidResetLink):
        user_for_reset_token(make_reset_token(user, "another-key"), SECRET)


def test_reset_refuses_a_weak_password_and_keeps_the_link_alive(db):
    from shop.accounts.errors import InvalidInput

    user = make_user(db)
    token = make_reset_token(user, SECRET)
    with pytest.raises(InvalidInput):
        reset_password(token, "short", SECRET)
    assert user_for_reset_token(token, SECRET) == user
