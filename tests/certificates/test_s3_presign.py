"""With a bucket: private S3 objects and SigV4 presigned links, against moto's S3 server over HTTP."""

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest

from certificates import storage as certificate_storage_module
from certificates.storage import certificate_file_url, certificate_frame_origin
from tests.certificates.factories import PDF_BYTES, make_certificate

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _issue(api_client, slug: str) -> dict:
    response = api_client.post(f"/api/certificates/{slug}/url/", {}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def _fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # a real HTTP GET to moto
        return response.status, response.headers, response.read()


def test_presigned_url_carries_sigv4_expiry_and_pdf_overrides(api_client, s3_bucket):
    """The issued URL is a SigV4 presigned GET valid 300 s that makes S3 answer as an inline PDF."""
    make_certificate(slug="aws-saa")

    body = _issue(api_client, "aws-saa")

    url = urlsplit(body["url"])
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert body["expires_in"] == 300
    assert f"{url.scheme}://{url.netloc}" == s3_bucket.endpoint
    assert url.path.startswith(f"/{s3_bucket.name}/certificates/aws-saa")
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert query["X-Amz-Expires"] == "300"
    assert query["X-Amz-Signature"]
    assert query["X-Amz-Credential"].startswith("testing/")
    assert query["response-content-type"] == "application/pdf"
    assert query["response-content-disposition"] == 'inline; filename="aws-saa.pdf"'


def test_fetching_through_the_url_returns_the_pdf_inline(api_client, s3_bucket):
    """Following the link over HTTP returns the PDF bytes with PDF type and inline disposition."""
    make_certificate(slug="aws-saa")
    url = _issue(api_client, "aws-saa")["url"]

    status, headers, content = _fetch(url)

    assert status == 200
    assert content == PDF_BYTES
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'inline; filename="aws-saa.pdf"'


def test_unsigned_get_of_the_same_key_is_refused(api_client, s3_bucket):
    """Without the signature the object is not readable: the bucket and object are private."""
    make_certificate(slug="aws-saa")
    url = urlsplit(_issue(api_client, "aws-saa")["url"])

    with pytest.raises(urllib.error.HTTPError) as refused:
        _fetch(f"{url.scheme}://{url.netloc}{url.path}")

    assert refused.value.code == 403


def test_objects_are_stored_private_as_pdf(s3_bucket):
    """Uploaded objects have a private ACL (owner only) and are stored as application/pdf."""
    certificate = make_certificate(slug="aws-saa")
    key = f"certificates/{certificate.file.name}"

    grants = s3_bucket.client.get_object_acl(Bucket=s3_bucket.name, Key=key)["Grants"]
    head = s3_bucket.client.head_object(Bucket=s3_bucket.name, Key=key)

    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)
    assert head["ContentType"] == "application/pdf"
    assert s3_bucket.keys() == [key]


def test_ttl_setting_reaches_the_signature(api_client, s3_bucket, settings):
    """CERTIFICATE_URL_TTL is what S3 will enforce, not just what the JSON says."""
    settings.CERTIFICATE_URL_TTL = 60
    make_certificate(slug="aws-saa")

    body = _issue(api_client, "aws-saa")

    assert body["expires_in"] == 60
    assert parse_qs(urlsplit(body["url"]).query)["X-Amz-Expires"] == ["60"]


def test_presigning_reuses_one_client_and_builds_no_session(s3_bucket, monkeypatch):
    """After the first link, issuing more builds no boto3 client or session (local computation only)."""
    certificate = make_certificate(slug="aws-saa")
    certificate_file_url(name=certificate.file.name, slug="aws-saa", expires_in=300)

    def refuse(*args, **kwargs):
        raise AssertionError("a boto3 session/client was built while presigning")

    monkeypatch.setattr(boto3.session.Session, "client", refuse)
    monkeypatch.setattr(boto3.session.Session, "resource", refuse)
    urls = {
        certificate_file_url(name=certificate.file.name, slug="aws-saa", expires_in=300)
        for _ in range(5)
    }

    assert len(certificate_storage_module._presign_clients) == 1
    assert all("X-Amz-Signature=" in url for url in urls)


def test_frame_origin_is_the_s3_endpoint(s3_bucket):
    """The CSP frame-src origin is exactly where presigned links point."""
    assert certificate_frame_origin() == s3_bucket.endpoint


def test_frame_origin_without_bucket_is_self():
    """Local signed links are same-origin."""
    assert certificate_frame_origin() == "'self'"


def test_frame_origin_on_real_aws_is_the_bucket_host(settings):
    """Without an endpoint override the origin is the regional virtual-hosted bucket host."""
    settings.STORAGES = {
        **settings.STORAGES,
        "certificates": {
            "BACKEND": "certificates.storage.CertificateS3Storage",
            "OPTIONS": {
                "bucket_name": "my-certs",
                "region_name": "eu-west-1",
                "access_key": "testing",
                "secret_key": "testing",
            },
        },
    }
    certificate_storage_module.reset_presign_clients()
    try:
        assert certificate_frame_origin() == "https://my-certs.s3.eu-west-1.amazonaws.com"
    finally:
        certificate_storage_module.reset_presign_clients()


def test_frame_origin_renders_even_without_credentials(settings, monkeypatch):
    """A page's CSP header never fails because AWS credentials are missing."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    settings.STORAGES = {
        **settings.STORAGES,
        "certificates": {
            "BACKEND": "certificates.storage.CertificateS3Storage",
            "OPTIONS": {"bucket_name": "my-certs", "region_name": "eu-central-1"},
        },
    }
    certificate_storage_module.reset_presign_clients()
    try:
        assert certificate_frame_origin() == "https://my-certs.s3.eu-central-1.amazonaws.com"
    finally:
        certificate_storage_module.reset_presign_clients()
