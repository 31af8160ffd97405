"""An S3-compatible server of the tests' own (moto's ThreadedMotoServer: the S3 protocol over HTTP on a free port),
and the portal's files switched onto it (MEDIA_STORAGE=s3), as several machines sharing one bucket would use it.

Fixtures (a pytest plugin, listed in the root conftest.py):
- `s3_server`: the server, one for the session.
- `s3_media`: this test's files in a fresh bucket of that server; `.client` reads the bucket as an operator would,
  `.objects()` lists its keys.
- `s3_down`: the portal pointed at a port where nothing answers (a storage that is down).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from .redis import free_port

REGION = "us-east-1"
KEY_ID, SECRET = "testing", "testing"  # moto accepts any credentials


def _portal_storage(settings, endpoint: str, bucket: str) -> None:
    settings.MEDIA_STORAGE = "s3"
    settings.S3_BUCKET = bucket
    settings.S3_ENDPOINT_URL = endpoint
    settings.S3_CONNECT_TIMEOUT = 1.0
    settings.S3_READ_TIMEOUT = 5.0
    settings.S3_MAX_ATTEMPTS = 1
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": REGION,
        "access_key": KEY_ID,
        "secret_key": SECRET,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
        "max_memory_size": 8 * 2**20,
    }
    # Django's setting_changed receiver forgets the storages it built (django.test.signals.storages_changed).
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "taskforce.storage.PortalS3Storage", "OPTIONS": options},
    }


@dataclass
class S3Media:
    endpoint: str
    bucket: str

    @property
    def client(self):
        import boto3  # noqa: PLC0415 -- only the tests that read the bucket need it

        return boto3.client(
            "s3", endpoint_url=self.endpoint, region_name=REGION, aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET
        )

    def objects(self, prefix: str = "") -> list[str]:
        answer = self.client.list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return sorted(item["Key"] for item in answer.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()


@pytest.fixture(scope="session")
def s3_server():
    from moto.server import ThreadedMotoServer  # noqa: PLC0415 -- a test dependency (requirements-dev.txt)

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_media(s3_server, settings, tmp_path):
    """This test's files in a bucket of their own; the local media folder is the test's own (and stays empty)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    media = S3Media(endpoint=s3_server, bucket=f"portal-{uuid.uuid4().hex[:12]}")
    media.client.create_bucket(Bucket=media.bucket)
    _portal_storage(settings, s3_server, media.bucket)
    return media


@pytest.fixture
def s3_down(settings, tmp_path):
    """The portal's files on an S3 server that does not answer: a port nobody listens on."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    _portal_storage(settings, f"http://127.0.0.1:{free_port()}", "portal-down")
