"""A real S3 API on 127.0.0.1 for tests: moto in server mode, in a subprocess of its own.

Register in tests/conftest.py: `pytest_plugins = [..., "tests.fakes.s3"]`. Fixtures:
- `s3_server` (session): the running server (`.endpoint_url`, `.new_bucket()`), stopped at
  the end of the session; each xdist worker starts its own.
- `s3_settings`: the STORAGE_* settings of a fresh, empty bucket on that server.
- `storage_on_s3`: the `app` keeps its private files in that bucket for the test.
"""

import os
import secrets
import subprocess
import sys
import time
import urllib.request

import boto3
import pytest

from tests.fakes.smtp import free_port

REGION = "eu-west-3"
KEY_ID, SECRET = "testing-key-id", "testing-secret"  # moto accepts any credentials


class MotoServer:
    """`python -m moto.server` on a free loopback port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> None:
        env = {**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "false"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto server exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.endpoint_url}/moto-api/", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("moto server did not answer in time")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def client(self):
        return boto3.client("s3", region_name=REGION, endpoint_url=self.endpoint_url,
                            aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET)

    def new_bucket(self) -> str:
        """A new empty bucket's name."""
        name = f"shop-test-{secrets.token_hex(6)}"
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return name

    def settings(self, bucket: str) -> dict:
        """The shop's settings for this bucket."""
        return {
            "STORAGE_BACKEND": "s3", "STORAGE_S3_ENDPOINT_URL": self.endpoint_url,
            "STORAGE_S3_BUCKET": bucket, "STORAGE_S3_REGION": REGION,
            "STORAGE_S3_ACCESS_KEY_ID": KEY_ID, "STORAGE_S3_SECRET_ACCESS_KEY": SECRET,
        }


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 API server on 127.0.0.1, for the whole session."""
    server = MotoServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def s3_settings(s3_server) -> dict:
    """STORAGE_* settings naming a fresh bucket."""
    return s3_server.settings(s3_server.new_bucket())


@pytest.fixture()
def storage_on_s3(app, s3_settings):
    """The app stores its private files in a fresh S3 bucket during the test."""
    saved = {key: app.config.get(key) for key in s3_settings}
    app.config.update(s3_settings)
    yield s3_settings
    app.config.update(saved)
