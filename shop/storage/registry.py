"""The app's storage, built from its settings (STORAGE_* in shop/config.py)."""

from pathlib import Path

from flask import current_app

from shop.storage.base import Storage, StorageError

BACKENDS = ("local", "s3")
S3_REQUIRED = ("STORAGE_S3_BUCKET", "STORAGE_S3_REGION", "STORAGE_S3_ACCESS_KEY_ID",
               "STORAGE_S3_SECRET_ACCESS_KEY")
_SETTINGS = ("STORAGE_BACKEND", "STORAGE_DIR", "STORAGE_S3_ENDPOINT_URL", *S3_REQUIRED)


def check_storage_settings(config, static_folder: str | None = None) -> None:
    """Refuse settings that cannot work: an unknown backend, S3 without its bucket, region or
    credentials, or a directory the web server would publish."""
    backend = config.get("STORAGE_BACKEND")
    if backend not in BACKENDS:
        raise RuntimeError(f"STORAGE_BACKEND inconnu : {backend!r} (local ou s3)")
    if backend == "s3":
        missing = [name for name in S3_REQUIRED if not config.get(name)]
        if missing:
            raise RuntimeError(
                "Stockage S3 incomplet : variables manquantes " + ", ".join(missing)
            )
        return
    if not config.get("STORAGE_DIR"):
        raise RuntimeError("STORAGE_DIR manquant : le dossier privé des fichiers.")
    root = Path(config["STORAGE_DIR"]).resolve()
    if static_folder and root.is_relative_to(Path(static_folder).resolve()):
        raise RuntimeError(f"STORAGE_DIR ne doit pas être sous static/ : {root}")


def build_storage(config) -> Storage:
    """A storage for these settings (checked first)."""
    check_storage_settings(config)
    if config["STORAGE_BACKEND"] == "s3":
        from shop.storage.s3 import S3Storage

        return S3Storage(
            bucket=config["STORAGE_S3_BUCKET"], region=config["STORAGE_S3_REGION"],
            endpoint_url=config.get("STORAGE_S3_ENDPOINT_URL") or None,
            access_key_id=config["STORAGE_S3_ACCESS_KEY_ID"],
            secret_access_key=config["STORAGE_S3_SECRET_ACCESS_KEY"],
        )
    from shop.storage.local import LocalStorage

    return LocalStorage(config["STORAGE_DIR"])


def storage() -> Storage:
    """The current app's storage, built on first use and again if its settings change."""
    app = current_app._get_current_object()
    settings = tuple(str(app.config.get(name)) for name in _SETTINGS)
    cached = app.extensions.get("shop.storage")
    if cached is None or cached[0] != settings:
        try:
            cached = (settings, build_storage(app.config))
        except RuntimeError as error:
            raise StorageError(str(error)) from error
        app.extensions["shop.storage"] = cached
    return cached[1]
