"""Other web pages cannot make a visitor's browser spend tokens or inflate certificate views."""

import pytest
from django.test import Client

from eve.models import ChatLog
from tests.eve.conftest import portfolio  # noqa: F401  (the fixture)

CHAT = "/api/chat/"
ALIAS = "/chat"
LINK = "/api/certificates/aws-saa/url/"
QUESTION = '{"message": "What Terraform projects has he built?"}'


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.mark.parametrize("path", [CHAT, ALIAS, LINK])
@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""],
)
def test_a_post_that_is_not_json_is_refused_with_415(portfolio, client, path, content_type):  # noqa: F811
    """A "simple" cross-site POST (no CORS preflight) is refused before any work."""
    response = client.post(path, QUESTION, content_type=content_type)
    assert response.status_code == 415
    assert response.json() == {
        "error": "Send the request body as JSON (Content-Type: application/json).",
        "code": "unsupported_media_type",
    }
    assert ChatLog.objects.count() == 0


@pytest.mark.parametrize("path", [CHAT, ALIAS, LINK])
@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://testserver.evil"])
def test_a_foreign_origin_is_refused_with_403_before_any_work(portfolio, client, path, origin):  # noqa: F811
    """An Origin that is neither the site nor listed gets 403 JSON; no log row, no view counted."""
    from certificates.models import CertificateAccess

    response = client.post(path, QUESTION, content_type="application/json", HTTP_ORIGIN=origin)
    assert response.status_code == 403
    assert response.json()["code"] == "origin_not_allowed"
    assert ChatLog.objects.count() == 0 and CertificateAccess.objects.count() == 0


def test_the_sites_own_origin_and_listed_origins_are_answered(portfolio, client, settings):  # noqa: F811
    """The site's own pages, an allowed origin (the exported site) and no Origin all work."""
    settings.CORS_ALLOWED_ORIGINS = ["https://portfolio.example"]
    for origin in ["http://testserver", "https://testserver", "https://portfolio.example", None]:
        extra = {"HTTP_ORIGIN": origin} if origin else {}
        response = client.post(CHAT, QUESTION, content_type="application/json", **extra)
        assert response.status_code == 200, (origin, response.content)
        assert response.json()["status"] == "success"
    response = client.post(
        CHAT,
        QUESTION,
        content_type="application/json; charset=utf-8",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 200


def test_a_json_certificate_link_from_the_site_still_works(portfolio, client):  # noqa: F811
    """The viewer's POST (JSON body {} from the site's own page) gets its link, or 404 without a file."""
    response = client.post(
        LINK, "{}", content_type="application/json", HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code in (200, 404)
    assert response.json().get("code") != "unsupported_media_type"


def test_the_cors_preflight_for_a_listed_origin_still_answers(client, settings):
    """The original widget's preflight (OPTIONS) is untouched for allowed origins."""
    settings.CORS_ALLOWED_ORIGINS = ["https://portfolio.example"]
    response = client.options(
        CHAT,
        HTTP_ORIGIN="https://portfolio.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://portfolio.example"


FEEDBACK = "/api/chat/feedback/"
VOTE = '{"request_id": "r-1", "helpful": false}'


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_feedback_that_is_not_json_is_refused_with_415(db, client, content_type):
    """A vote is a "simple" POST too: refused like chat's, before any work."""
    response = client.post(FEEDBACK, VOTE, content_type=content_type)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


@pytest.mark.parametrize("origin", ["https://evil.example", "null"])
def test_feedback_from_a_foreign_origin_is_refused_with_403_before_any_work(db, client, origin):
    """Another page cannot vote through a visitor's browser (403 before the 404 lookup)."""
    from eve.models import ChatFeedback

    response = client.post(FEEDBACK, VOTE, content_type="application/json", HTTP_ORIGIN=origin)
    assert response.status_code == 403
    assert response.json()["code"] == "origin_not_allowed"
    assert ChatFeedback.objects.count() == 0
    own = client.post(
        FEEDBACK, VOTE, content_type="application/json", HTTP_ORIGIN="http://testserver"
    )
    assert own.status_code == 404  # the site's own page gets as far as the lookup
