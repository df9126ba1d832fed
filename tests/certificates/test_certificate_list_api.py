"""GET /api/certificates/: published certificates, metadata only, in the owner's order."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.certificates.factories import make_certificate

pytestmark = pytest.mark.django_db


def test_lists_published_certificates_in_order_with_verification_details(api_client):
    """Visitors see published certificates in the owner's order with everything needed to verify them."""
    today = timezone.localdate()
    second = make_certificate(
        name="Kubernetes Administrator",
        slug="cka",
        order=2,
        issuer="CNCF",
        issued_on=today - timedelta(days=100),
        expires_on=today + timedelta(days=300),
        credential_id="LF-123",
        verify_url="https://training.linuxfoundation.org/certification/verify/",
    )
    first = make_certificate(name="AWS SAA", slug="aws-saa", order=1, with_file=False)
    make_certificate(name="Hidden", slug="hidden", published=False)

    response = api_client.get("/api/certificates/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert [item["slug"] for item in body] == [first.slug, second.slug]
    assert body[1] == {
        "name": "Kubernetes Administrator",
        "slug": "cka",
        "issuer": "CNCF",
        "status": "earned",
        "issued_on": (today - timedelta(days=100)).isoformat(),
        "expires_on": (today + timedelta(days=300)).isoformat(),
        "is_expired": False,
        "credential_id": "LF-123",
        "verify_url": "https://training.linuxfoundation.org/certification/verify/",
        "has_file": True,
    }
    assert body[0]["has_file"] is False
    assert body[0]["verify_url"] is None


def test_expired_certificate_is_flagged(api_client):
    """A certificate past its expiry date is reported as expired, not current."""
    make_certificate(slug="old", expires_on=timezone.localdate() - timedelta(days=1))

    (item,) = api_client.get("/api/certificates/").json()

    assert item["is_expired"] is True


def test_list_never_reveals_file_paths_or_urls(api_client):
    """The list carries no storage key, path or link: only the URL endpoint hands those out."""
    certificate = make_certificate(slug="secret-file")

    text = api_client.get("/api/certificates/").content.decode()

    assert certificate.file.name not in text
    assert ".pdf" not in text
    assert "http" not in text
