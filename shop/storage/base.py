"""The storage interface, its errors and its keys (pure: no Flask, no backend)."""

import hashlib
import re
import secrets
from typing import Protocol

# A key is slash-separated segments of letters, digits, "_", "-" and ".", none starting with
# a dot: it maps to a path under the private directory without any way out of it.
_KEY = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199}(/[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199}){0,7}")


class StorageError(Exception):
    """A file could not be stored or read (backend unreachable, bad key, bad settings)."""


class FileMissing(StorageError, KeyError):
    """No file under this key."""


class Storage(Protocol):
    """Where the shop keeps private files, addressed by key. Writes are whole-file and
    atomic: a reader sees the old content, the new one or nothing, never half a file."""

    def put(self, key: str, content: bytes, content_type: str = "application/octet-stream") -> None:
        """Store `content` under `key`, replacing any file already there."""

    def get(self, key: str) -> bytes:
        """The file's content; FileMissing when there is none."""

    def exists(self, key: str) -> bool:
        """Whether a file is stored under `key`."""

    def delete(self, key: str) -> None:
        """Remove the file; removing a missing file is not an error."""


def check_key(key: str) -> str:
    """The key itself, or StorageError when it could escape its folder or is malformed."""
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise StorageError(f"clé de fichier invalide : {key!r}")
    return key


def _prefix(prefix: str) -> str:
    return check_key(prefix.strip("/"))


def random_key(prefix: str) -> str:
    """A new key nobody can guess: 256 random bits under `prefix` ("identity/…")."""
    return f"{_prefix(prefix)}/{secrets.token_urlsafe(32)}"


def content_key(prefix: str, content: bytes) -> str:
    """The key of `content` stored by hash: the same bytes always get the same key."""
    return f"{_prefix(prefix)}/sha256/{hashlib.sha256(content).hexdigest()}"


def store_by_hash(
    target: Storage, prefix: str, content: bytes, content_type: str = "application/octet-stream"
) -> str:
    """Store `content` once under its hash and return the key (a second copy is not written)."""
    key = content_key(prefix, content)
    if not target.exists(key):
        target.put(key, content, content_type)
    return key
