"""A certificate link opened in a browser tab after it expired: a page with a way back, not raw JSON."""

import time
from unittest import mock

import pytest

from tests.certificates.factories import make_certificate

pytestmark = pytest.mark.django_db

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def _expired_url(api_client) -> str:
    make_certificate(slug="aws-saa")
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 301):
        response = api_client.post("/api/certificates/aws-saa/url/", {}, format="json")
    return response.json()["url"].removeprefix("http://testserver")


def test_expired_link_in_a_browser_is_a_friendly_page(api_client, client):
    """A browser (Accept: text/html) gets a 403 HTML page saying what happened, with a way back."""
    response = client.get(_expired_url(api_client), HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "no-store"
    assert "Accept" in response["Vary"]
    html = response.content.decode()
    assert "This certificate link has expired" in html and "last 5 minutes" in html
    assert 'href="/#certifications"' in html


@pytest.mark.parametrize(
    "accept", [None, "*/*", "application/json", "application/json, text/html;q=0.5"]
)
def test_api_clients_still_get_json(api_client, client, accept):
    """No Accept, */* or JSON first: the API's JSON error shape, as before."""
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.get(_expired_url(api_client), **headers)
    assert response.status_code == 403
    assert response.json()["code"] == "link_expired"


def test_tampered_and_unpublished_links_get_pages_too(api_client, client):
    """An altered link and a certificate unpublished since the link was made each get their page."""
    certificate = make_certificate(slug="cka")
    url = (
        api_client.post("/api/certificates/cka/url/", {}, format="json")
        .json()["url"]
        .removeprefix("http://testserver")
    )
    tampered = client.get(url[:-3] + "xx/", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert tampered.status_code == 403 and "not valid" in tampered.content.decode()
    certificate.published = False
    certificate.save()
    gone = client.get(url, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert gone.status_code == 404 and "not available" in gone.content.decode()
