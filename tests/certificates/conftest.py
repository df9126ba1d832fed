"""A real S3 API (moto's server on a free loopback port) and a private bucket per test."""

import uuid
from dataclasses import dataclass

import boto3
import pytest
from botocore.config import Config

from certificates.storage import reset_presign_clients
from harness.services import free_port

REGION = "eu-west-1"
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: object  # a separate boto3 client acting as "the operator", not our code's

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))


@pytest.fixture(scope="session")
def moto_endpoint():
    """moto's S3 server, speaking HTTP on 127.0.0.1, for the whole session."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(moto_endpoint, settings):
    """A fresh private bucket, with STORAGES["certificates"] pointed at it the way production is."""
    name = f"cfx-certs-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name=REGION,
        config=Config(signature_version="s3v4"),
        **KEYS,
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.CERTIFICATES_BUCKET = name
    settings.STORAGES = {
        **settings.STORAGES,
        "certificates": {
            "BACKEND": "certificates.storage.CertificateS3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "region_name": REGION,
                "endpoint_url": moto_endpoint,
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                # Private ACL, SigV4 presigning, no overwrites and the link
                # lifetime are the storage class's own defaults: tested as such.
                "location": "certificates",
            },
        },
    }
    reset_presign_clients()
    yield Bucket(name=name, endpoint=moto_endpoint, client=client)
    reset_presign_clients()
