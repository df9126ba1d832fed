"""The résumé download: served by the site itself, from whatever storage holds it."""

import pytest
from django.core.files.base import ContentFile
from django.test.utils import override_script_prefix

from portfolio.models import Profile

pytestmark = pytest.mark.django_db


def _profile(**values) -> Profile:
    return Profile.objects.create(name="Jordan", headline="Cloud engineer", **values)


def test_resume_is_streamed_inline_as_pdf(client):
    """A visitor clicking "Résumé" gets the PDF, not a 404 from an unserved /media/ URL."""
    profile = _profile()
    profile.resume.save("cv.pdf", ContentFile(b"%PDF-1.4 resume"), save=True)
    response = client.get("/resume.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 resume"


def test_api_profile_points_at_the_resume_route(client):
    profile = _profile()
    profile.resume.save("cv.pdf", ContentFile(b"%PDF-1.4 resume"), save=True)
    body = client.get("/api/profile/").json()
    assert body["resume_url"] == "http://testserver/resume.pdf"


def test_missing_resume_is_the_site_404(client):
    _profile()
    assert client.get("/resume.pdf").status_code == 404


def test_no_profile_is_the_site_404(client):
    assert client.get("/resume.pdf").status_code == 404


def test_api_base_follows_the_stage_prefix(client, settings):
    """Behind API Gateway's /dev stage the widget must call /dev/api/..., not /api/..."""
    settings.SITE_API_BASE = ""
    # WSGIHandler sets the prefix from SCRIPT_NAME (Zappa puts the stage there);
    # the test client does not, so set it the same way here.
    with override_script_prefix("/dev/"):
        response = client.get("/")
    assert '<meta name="api-base" content="/dev">' in response.content.decode()
    response = client.get("/")
    assert '<meta name="api-base" content="">' in response.content.decode()
