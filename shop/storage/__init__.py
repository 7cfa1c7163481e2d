"""Private files (identity proofs, archived e-mail attachments; invoices and product images
later): one interface, a private directory by default, an S3-compatible bucket in production.

    from shop.storage import storage, random_key, store_by_hash
    key = random_key("identity")           # not guessable
    storage().put(key, content, "application/pdf")
    storage().get(key)                     # bytes, or FileMissing

Nothing here builds a public URL: a file leaves only through a view that checks who asks.
"""

from shop.storage.base import (
    FileMissing,
    Storage,
    StorageError,
    content_key,
    random_key,
    store_by_hash,
)
from shop.storage.registry import build_storage, check_storage_settings, storage

__all__ = [
    "FileMissing", "Storage", "StorageError", "build_storage", "check_storage_settings",
    "content_key", "random_key", "storage", "store_by_hash",
]
