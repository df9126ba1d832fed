"""POST /api/certificates/{slug}/url/: short-lived links for published PDFs only, logged and throttled."""

import pytest

from certificates.models import CertificateAccess
from cloudforgex.clients import client_hash
from tests.certificates.factories import make_certificate

pytestmark = pytest.mark.django_db


def test_issues_a_link_and_logs_the_access(api_client):
    """A published certificate with a PDF gets a link, and the access is recorded with a hashed client."""
    certificate = make_certificate(slug="aws-saa")

    response = api_client.post(
        "/api/certificates/aws-saa/url/", {}, format="json", REMOTE_ADDR="203.0.113.9"
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["certificate"] == "aws-saa"
    assert body["expires_in"] == 300
    assert body["url"].startswith("http://testserver/certificates/files/")
    access = CertificateAccess.objects.get()
    assert access.certificate == certificate
    assert len(access.client_hash) == 32
    assert "203.0.113.9" not in access.client_hash


def test_each_issued_link_is_one_access_row(api_client, rf):
    """Three links issued means three rows, each naming the certificate and the caller's hash."""
    certificate = make_certificate(slug="cka")
    for _ in range(3):
        assert api_client.post("/api/certificates/cka/url/", {}, format="json").status_code == 200

    expected_hash = client_hash(rf.get("/", REMOTE_ADDR="127.0.0.1"))
    assert certificate.accesses.count() == 3
    assert set(certificate.accesses.values_list("client_hash", flat=True)) == {expected_hash}


def test_ttl_follows_the_setting(api_client, settings):
    """CERTIFICATE_URL_TTL decides expires_in."""
    settings.CERTIFICATE_URL_TTL = 120
    make_certificate(slug="short")

    assert (
        api_client.post("/api/certificates/short/url/", {}, format="json").json()["expires_in"]
        == 120
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/certificates/nope/url/",  # unknown
        "/api/certificates/hidden/url/",  # unpublished
        "/api/certificates/no-file/url/",  # no PDF
        "/api/certificates/../url/",  # dot-dot segment
        "/api/certificates/..%2F..%2Fsettings/url/",  # encoded slashes
        "/api/certificates/%2e%2e/url/",  # encoded dots
        "/api/certificates/hidden%00/url/",  # NUL byte
        "/api/certificates/hidd%C3%A9n/url/",  # not ASCII
        "/api/certificates/" + "a" * 5000 + "/url/",  # absurd length
        "/api/certificates/" + "a" * 81 + "/url/",  # one over the slug limit
        "/api/certificates/aws-saa/url",  # no trailing slash
        "/api/certificates/aws-saa/url/extra/",
    ],
)
def test_not_found_cases_answer_json_404(api_client, path):
    """Anything but a published certificate with a file is a JSON 404, never HTML or 400."""
    make_certificate(slug="aws-saa")
    make_certificate(slug="hidden", published=False)
    make_certificate(slug="no-file", with_file=False)

    response = api_client.post(path, {}, format="json")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"
    assert response.json()["error"]
    assert CertificateAccess.objects.count() == 0


def test_not_found_body_does_not_say_which_case(api_client):
    """Unknown and unpublished answer the same, so the API cannot be used to probe hidden ones."""
    make_certificate(slug="hidden", published=False)

    unknown = api_client.post("/api/certificates/unknown/url/", {}, format="json")
    hidden = api_client.post("/api/certificates/hidden/url/", {}, format="json")

    assert unknown.json() == hidden.json()
    assert hidden["Cache-Control"] == "no-store"


def test_get_is_not_allowed(api_client):
    """Links are only issued by POST."""
    make_certificate(slug="aws-saa")

    response = api_client.get("/api/certificates/aws-saa/url/")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_throttled_like_chat(api_client, settings):
    """Past the burst rate the client gets a JSON 429 with Retry-After, and no link or log row."""
    settings.EVE_THROTTLE_RATES = {"burst": "2/min", "sustained": "100/day"}
    make_certificate(slug="aws-saa")

    statuses = [
        api_client.post("/api/certificates/aws-saa/url/", {}, format="json").status_code
        for _ in range(2)
    ]
    throttled = api_client.post("/api/certificates/aws-saa/url/", {}, format="json")

    assert statuses == [200, 200]
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert int(throttled["Retry-After"]) > 0
    assert throttled["Cache-Control"] == "no-store"
    assert CertificateAccess.objects.count() == 2


def test_throttle_is_per_client(api_client, settings):
    """Another client is not held back by someone else's burst."""
    settings.EVE_THROTTLE_RATES = {"burst": "1/min", "sustained": "100/day"}
    make_certificate(slug="aws-saa")

    assert (
        api_client.post(
            "/api/certificates/aws-saa/url/", {}, format="json", REMOTE_ADDR="10.0.0.1"
        ).status_code
        == 200
    )
    assert (
        api_client.post(
            "/api/certificates/aws-saa/url/", {}, format="json", REMOTE_ADDR="10.0.0.1"
        ).status_code
        == 429
    )
    assert (
        api_client.post(
            "/api/certificates/aws-saa/url/", {}, format="json", REMOTE_ADDR="10.0.0.2"
        ).status_code
        == 200
    )
