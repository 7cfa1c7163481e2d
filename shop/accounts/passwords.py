"""Password hashing with Argon2id (LEGAL G5): slow, salted, never stored in clear."""

import contextlib
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified when the e-mail is unknown, so that a failed login costs the same time either
    way; made when the app is built (prepare_password_checks)."""
    return _hasher.hash(secrets.token_urlsafe(16))


def prepare_password_checks() -> None:
    """Make the dummy hash at start-up: made on first use, it made the first unknown-address
    login slower than the others (one hash more), which told that the address was unknown."""
    _dummy_hash()

UNUSABLE_PREFIX = "!"


def hash_password(password: str) -> str:
    """The Argon2id hash of a password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches the hash; False for unusable or malformed hashes."""
    if password_hash.startswith(UNUSABLE_PREFIX):
        _burn_time(password)
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    if password_hash.startswith(UNUSABLE_PREFIX):
        return False
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


def unusable_password() -> str:
    """A value no password can match (used for closed accounts)."""
    return UNUSABLE_PREFIX + secrets.token_urlsafe(24)


def _burn_time(password: str) -> None:
    with contextlib.suppress(VerificationError):
        _hasher.verify(_dummy_hash(), password)


def verify_dummy(password: str) -> None:
    """Spend the time of one verification, for requests about unknown accounts."""
    _burn_time(password)
