"""Storage settings: a private directory by default, S3 only when complete (issue 19, item 5)."""

from pathlib import Path

import pytest

from shop import create_app
from shop.config import BASE_DIR, DevConfig, ProdConfig
from shop.storage import check_storage_settings
from shop.storage.registry import S3_REQUIRED

S3 = {
    "STORAGE_BACKEND": "s3", "STORAGE_S3_BUCKET": "pronutri-private",
    "STORAGE_S3_REGION": "eu-west-3", "STORAGE_S3_ACCESS_KEY_ID": "AKIA-example",
    "STORAGE_S3_SECRET_ACCESS_KEY": "secret-example",
}


@pytest.fixture()
def production_env(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    # Not the real Redis: building an app re-points the one shared limiter at REDIS_URL, and
    # counters in Redis would be shared (and reset) by every test worker.
    monkeypatch.setenv("REDIS_URL", "memory://")
    monkeypatch.setenv("SHOP_BASE_URL", "https://shop.example")
    for name in ("STORAGE_BACKEND", "STORAGE_DIR", "STORAGE_S3_ENDPOINT_URL", *S3_REQUIRED):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_files_are_kept_in_a_private_folder_under_instance_by_default(production_env):
    for config in (ProdConfig(), DevConfig()):
        assert config.STORAGE_BACKEND == "local"
        folder = Path(config.STORAGE_DIR)
        assert folder.is_relative_to(BASE_DIR / "instance")
        assert not folder.is_relative_to(BASE_DIR / "static")


@pytest.mark.parametrize("missing", S3_REQUIRED)
def test_production_refuses_to_start_with_an_incomplete_s3_configuration(production_env, missing):
    for name, value in S3.items():
        if name != missing:
            production_env.setenv(name, value)
    with pytest.raises(RuntimeError, match=missing):
        create_app(ProdConfig())


def test_production_starts_with_a_complete_s3_configuration(production_env):
    for name, value in S3.items():
        production_env.setenv(name, value)
    production_env.setenv("STORAGE_S3_ENDPOINT_URL", "https://s3.gra.io.cloud.ovh.net")
    app = create_app(ProdConfig())
    assert app.config["STORAGE_S3_BUCKET"] == "pronutri-private"
    assert app.config["STORAGE_S3_ENDPOINT_URL"] == "https://s3.gra.io.cloud.ovh.net"


def test_an_unknown_backend_stops_the_app(production_env):
    production_env.setenv("STORAGE_BACKEND", "ftp")
    with pytest.raises(RuntimeError, match="STORAGE_BACKEND"):
        create_app(ProdConfig())


def test_a_folder_under_static_is_refused():
    """Anything under static/ is served to every visitor."""
    settings = {"STORAGE_BACKEND": "local", "STORAGE_DIR": str(BASE_DIR / "static" / "files")}
    with pytest.raises(RuntimeError, match="static"):
        check_storage_settings(settings, str(BASE_DIR / "static"))


def test_a_web_worker_keeping_files_on_disk_does_not_load_boto3():
    """boto3 weighs about 20 MiB: only an S3 storage imports it."""
    import subprocess
    import sys

    code = (
        "import sys; from shop import create_app; from shop.config import TestConfig; "
        "app = create_app(TestConfig()); from shop.storage import storage\n"
        "with app.app_context(): storage()\n"
        "print(sorted(m for m in ('boto3', 'botocore') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
