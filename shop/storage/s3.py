"""Files in an S3-compatible bucket (production), through boto3.

boto3 is imported when the first S3 storage is built, never by a web worker that keeps its
files on disk (it weighs about 20 MiB). The bucket stays private: nothing here makes an
object public or signs a URL; the shop reads the object and serves it through a view.
"""

from shop.storage.base import FileMissing, StorageError, check_key

_MISSING = {"NoSuchKey", "404", "NotFound"}


class S3Storage:
    """One bucket; keys are object names."""

    def __init__(
        self, *, bucket: str, region: str | None, endpoint_url: str | None = None,
        access_key_id: str | None = None, secret_access_key: str | None = None,
    ) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.client = boto3.client(
            "s3", region_name=region, endpoint_url=endpoint_url,
            aws_access_key_id=access_key_id, aws_secret_access_key=secret_access_key,
            config=Config(retries={"max_attempts": 3, "mode": "standard"},
                          connect_timeout=5, read_timeout=30),
        )

    def _call(self, key: str, operation, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return operation(Bucket=self.bucket, Key=check_key(key), **kwargs)
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            if code in _MISSING:
                raise FileMissing(key) from None
            raise StorageError(f"S3 {code} pour {key} : {error}") from error
        except BotoCoreError as error:
            raise StorageError(f"S3 injoignable pour {key} : {error}") from error

    def put(self, key: str, content: bytes, content_type: str = "application/octet-stream") -> None:
        """One PUT of the whole object (S3 replaces objects atomically)."""
        self._call(key, self.client.put_object, Body=content, ContentType=content_type)

    def get(self, key: str) -> bytes:
        """The object's bytes."""
        return self._call(key, self.client.get_object)["Body"].read()

    def exists(self, key: str) -> bool:
        """A HEAD on the object."""
        try:
            self._call(key, self.client.head_object)
        except FileMissing:
            return False
        return True

    def delete(self, key: str) -> None:
        """S3 answers a DELETE of a missing object with success too."""
        self._call(key, self.client.delete_object)
