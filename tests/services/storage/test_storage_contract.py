"""One contract for every storage backend: the private directory and an S3 bucket (moto's
real S3 API on 127.0.0.1). A file comes back as stored, under a key nobody can guess, and
never from anywhere a visitor could reach (issue 19, item 5)."""

import os
import stat

import pytest

from shop.storage import (
    FileMissing,
    StorageError,
    build_storage,
    content_key,
    random_key,
    store_by_hash,
)
from shop.storage.local import LocalStorage
from shop.storage.s3 import S3Storage

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 4096  # 1 MiB with every byte value


@pytest.fixture(params=["local", "s3"])
def backend(request, tmp_path):
    """Each contract test runs against both backends."""
    if request.param == "local":
        return build_storage({"STORAGE_BACKEND": "local", "STORAGE_DIR": str(tmp_path)})
    return build_storage(request.getfixturevalue("s3_settings"))


def test_a_file_comes_back_byte_for_byte(backend):
    key = random_key("identity")
    backend.put(key, PDF, "application/pdf")
    assert backend.exists(key)
    assert backend.get(key) == PDF


def test_storing_again_under_a_key_replaces_the_file(backend):
    key = random_key("invoices")
    backend.put(key, b"first")
    backend.put(key, b"second")
    assert backend.get(key) == b"second"


def test_a_missing_file_says_so(backend):
    key = random_key("identity")
    assert not backend.exists(key)
    with pytest.raises(FileMissing):
        backend.get(key)


def test_a_deleted_file_is_gone_and_deleting_twice_is_harmless(backend):
    key = random_key("identity")
    backend.put(key, b"proof")
    backend.delete(key)
    backend.delete(key)
    assert not backend.exists(key)
    with pytest.raises(FileMissing):
        backend.get(key)


def test_content_stored_by_hash_is_stored_once_under_one_key(backend):
    first = store_by_hash(backend, "mail", PDF, "application/pdf")
    second = store_by_hash(backend, "mail", PDF, "application/pdf")
    other = store_by_hash(backend, "mail", b"another document", "application/pdf")
    assert first == second == content_key("mail", PDF) != other
    assert backend.get(first) == PDF and backend.get(other) == b"another document"


@pytest.mark.parametrize("key", ["../secret", "identity/../../etc/passwd", "/etc/passwd",
                                 ".hidden", "identity/.x", "a//b", "", "identity/é"])
def test_keys_that_could_leave_the_storage_are_refused(backend, key):
    with pytest.raises(StorageError):
        backend.put(key, b"x")
    with pytest.raises(StorageError):
        backend.get(key)


def test_random_keys_cannot_be_guessed():
    keys = {random_key("identity") for _ in range(1000)}
    assert len(keys) == 1000
    assert all(key.startswith("identity/") and len(key) >= len("identity/") + 43 for key in keys)


def test_local_files_are_readable_by_the_shop_only(tmp_path):
    storage = LocalStorage(tmp_path / "private")
    key = random_key("identity")
    storage.put(key, b"passport scan")
    path = tmp_path / "private" / key
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "private").st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_an_unreachable_bucket_is_a_storage_error(s3_server):
    storage = S3Storage(bucket="nobody", region="eu-west-3",
                        endpoint_url="http://127.0.0.1:9", access_key_id="k",
                        secret_access_key="s")
    with pytest.raises(StorageError):
        storage.put(random_key("identity"), b"x")


def test_the_app_storage_follows_its_settings(app, db, storage_on_s3):
    from shop.storage import storage

    key = random_key("identity")
    storage().put(key, b"in the bucket")
    assert isinstance(storage(), S3Storage)
    assert S3Storage(
        bucket=storage_on_s3["STORAGE_S3_BUCKET"], region=storage_on_s3["STORAGE_S3_REGION"],
        endpoint_url=storage_on_s3["STORAGE_S3_ENDPOINT_URL"],
        access_key_id="x", secret_access_key="y",
    ).get(key) == b"in the bucket"
