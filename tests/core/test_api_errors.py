"""The API's error promise at the edges: odd headers, unknown paths, throttling."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("length", ["abc", "-5", "1e3", "١٢"])
def test_invalid_content_length_is_a_friendly_400_not_a_500(length):
    """A broken Content-Length header is the client's mistake: 400 JSON on the API."""
    response = Client().generic(
        "POST",
        "/api/chat/",
        b'{"message": "hello"}',
        content_type="application/json",
        CONTENT_LENGTH=length,
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": "The Content-Length header is not valid.",
        "code": "bad_request",
    }


def test_invalid_content_length_on_the_site_is_the_400_page():
    response = Client().generic("POST", "/", b"x", CONTENT_LENGTH="abc")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "path", ["/api/nothing/", "/api/certificates/a%2Fb/url/", "/api/chat//", "/api/projects/x/y/"]
)
@pytest.mark.parametrize("method", ["post", "delete", "put"])
def test_unknown_api_paths_are_json_404_for_every_method(path, method):
    """Even with CSRF enforced (as in a real browser), an unknown API path is a 404, not a 403."""
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_throttle_message_and_retry_after_agree(settings):
    """The sentence tells the visitor the same wait as the Retry-After header."""
    settings.EVE_THROTTLE_RATES = {**settings.EVE_THROTTLE_RATES, "burst": "1/min"}
    client = Client()
    statuses = []
    for n in range(3):  # different questions: a cached answer is free and never limited
        response = client.post(
            "/api/chat/",
            {"message": f"What Terraform projects has he built ({n})?"},
            content_type="application/json",
        )
        statuses.append(response.status_code)
    assert statuses[-1] == 429
    seconds = re.search(r"in (\d+) seconds", response.json()["error"]).group(1)
    assert seconds == response["Retry-After"]
