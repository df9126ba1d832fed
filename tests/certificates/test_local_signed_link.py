"""Without a bucket: the issued link is a Django-signed URL to our own view, checked again on every fetch."""

import time
from unittest import mock

import pytest

from tests.certificates.factories import PDF_BYTES, make_certificate

pytestmark = pytest.mark.django_db


def _issue(client, slug: str) -> str:
    response = client.post(f"/api/certificates/{slug}/url/", {}, format="json")
    assert response.status_code == 200
    return response.json()["url"].removeprefix("http://testserver")


def _issue_at(client, slug: str, *, seconds_ago: int) -> str:
    """Issue a link as if it had been issued ``seconds_ago`` (Django signs with time.time())."""
    issued_at = time.time() - seconds_ago
    with mock.patch("django.core.signing.time.time", return_value=issued_at):
        return _issue(client, slug)


def test_valid_link_streams_the_pdf_inline(api_client, client):
    """A fresh link opens the PDF in the browser: inline, PDF type, never cached or sniffed."""
    make_certificate(slug="aws-saa")
    url = _issue(api_client, "aws-saa")

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="aws-saa.pdf"'
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_link_still_works_just_before_expiry(api_client, client):
    """A link issued 290 s ago (TTL 300) still opens."""
    make_certificate(slug="aws-saa")
    url = _issue_at(api_client, "aws-saa", seconds_ago=290)

    assert client.get(url).status_code == 200


def test_expired_link_is_403_json(api_client, client):
    """After the TTL the link answers a friendly JSON 403 instead of the PDF."""
    make_certificate(slug="aws-saa")
    url = _issue_at(api_client, "aws-saa", seconds_ago=301)

    response = client.get(url)

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "link_expired"
    assert "expired" in response.json()["error"]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: "x" + token,  # payload changed
        lambda token: token.split(":")[0],  # signature removed
        lambda token: "not-a-token",
    ],
)
def test_tampered_link_is_403_json(api_client, client, tamper):
    """A link whose token was altered in any way is refused with JSON 403."""
    make_certificate(slug="aws-saa")
    url = _issue(api_client, "aws-saa")
    token = url.removeprefix("/certificates/files/").removesuffix("/")

    response = client.get(f"/certificates/files/{tamper(token)}/")

    assert response.status_code == 403
    assert response.json()["code"] == "link_invalid"


def test_unpublished_after_issue_is_404_json(api_client, client):
    """Unpublishing a certificate kills links already handed out."""
    certificate = make_certificate(slug="aws-saa")
    url = _issue(api_client, "aws-saa")
    certificate.published = False
    certificate.save()

    response = client.get(url)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_deleted_after_issue_is_404_json(api_client, client):
    """A certificate deleted after the link was issued answers JSON 404."""
    certificate = make_certificate(slug="aws-saa")
    url = _issue(api_client, "aws-saa")
    certificate.delete()

    assert client.get(url).status_code == 404


def test_file_gone_from_disk_is_404_json(api_client, client):
    """A file missing from the private folder is a 404, not a 500."""
    certificate = make_certificate(slug="aws-saa")
    url = _issue(api_client, "aws-saa")
    certificate.file.storage.delete(certificate.file.name)

    response = client.get(url)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_link_only_accepts_get(api_client, client):
    """Posting to a file link is refused with JSON 405."""
    make_certificate(slug="aws-saa")
    url = _issue(api_client, "aws-saa")

    response = client.post(url)

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_private_files_have_no_public_url(settings):
    """Files live outside MEDIA_ROOT and the storage refuses to invent a public URL for them."""
    certificate = make_certificate(slug="aws-saa")

    path = certificate.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        _ = certificate.file.url
