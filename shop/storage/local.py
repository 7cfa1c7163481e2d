"""Files in a private directory on this machine (the default; under instance/, never static/)."""

import os
import tempfile
from pathlib import Path

from shop.storage.base import FileMissing, StorageError, check_key


class LocalStorage:
    """A directory only the shop's user can read (0700 folders, 0600 files)."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root).resolve()

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*check_key(key).split("/"))

    def put(self, key: str, content: bytes, content_type: str = "application/octet-stream") -> None:
        """Write to a temporary file in the same folder, then rename it over the key."""
        path = self._path(key)
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(descriptor, "wb") as file:
                    file.write(content)
                os.replace(temporary, path)  # mkstemp made it 0600
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise StorageError(f"écriture impossible de {key} : {error}") from error

    def get(self, key: str) -> bytes:
        """The file's bytes."""
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise FileMissing(key) from None
        except OSError as error:
            raise StorageError(f"lecture impossible de {key} : {error}") from error

    def exists(self, key: str) -> bool:
        """Whether the file is there."""
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove the file if it is there."""
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as error:
            raise StorageError(f"suppression impossible de {key} : {error}") from error
