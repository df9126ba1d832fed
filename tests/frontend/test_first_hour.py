"""What a new visitor and owner notice first: sharing tags, the empty stats, the small things."""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.test import override_settings

from eve.models import ChatLog, SuggestedQuestion
from tests.frontend.content import portfolio_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    return portfolio_content()


def _meta(html: str) -> dict[str, str]:
    tags = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html)
    return dict(tags)


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def _absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def test_home_page_shares_with_a_card_and_person_data(client, content):
    """Open Graph and Twitter tags with absolute URLs, and schema.org Person from the profile."""
    html = client.get("/").content.decode()
    meta = _meta(html)
    assert meta["og:title"].startswith("Ada Cloud")
    assert meta["og:description"] and meta["twitter:description"]
    for key in ("og:url", "og:image", "twitter:image"):
        assert _absolute(meta[key]), (key, meta[key])
    assert meta["og:image"].endswith(".png") and meta["twitter:card"] == "summary_large_image"
    assert finders.find(urlsplit(meta["og:image"]).path.removeprefix("/static/"))
    person = _json_ld(html)
    assert person["@type"] == "Person" and person["name"] == "Ada Cloud"
    assert person["jobTitle"] == "Platform engineer · AWS · Kubernetes"
    assert "https://github.com/ada" in person["sameAs"] and _absolute(person["url"])


def test_project_page_shares_itself(client, content):
    """A project page has its own title, description, URL and CreativeWork data."""
    html = client.get("/projects/landing-zone/").content.decode()
    meta = _meta(html)
    assert meta["og:title"] == "Landing Zone" and meta["og:type"] == "article"
    assert meta["og:description"] == "Multi-account AWS with Terraform."
    assert meta["og:url"].endswith("/projects/landing-zone/") and _absolute(meta["og:url"])
    work = _json_ld(html)
    assert work["@type"] == "CreativeWork" and work["name"] == "Landing Zone"
    assert work["codeRepository"] == "https://github.com/ada/lz"
    assert work["author"]["name"] == "Ada Cloud"


def test_json_ld_cannot_close_its_script_element(client):
    """Owner text with </script> stays inside the JSON-LD data."""
    from tests.portfolio.factories import profile_create

    profile_create(name="Eve </script><script>alert(1)</script>", headline="x")
    html = client.get("/").content.decode()
    assert "</script><script>alert(1)" not in html
    assert _json_ld(html)["name"] == "Eve </script><script>alert(1)</script>"


def test_fresh_install_words_the_stats_for_zero(client, content):
    """Before any chat: no em-dash placeholders, a sentence instead; after one, the real numbers."""
    html = client.get("/").content.decode()
    stats = html[html.index('id="eve-stats"') :]
    stats = stats[: stats.index("</section>")]
    assert "—" not in stats and 'data-stat="latency"' not in stats
    assert "Nobody has asked EVE anything yet" in stats
    ChatLog.objects.create(message="What does Ada build?", response="Platforms.", latency_ms=420)
    from django.core.cache import cache

    cache.clear()
    stats = client.get("/").content.decode()
    assert '<dd data-stat="latency">420 ms</dd>' in stats


def test_widget_renders_every_active_question_and_folds_the_rest(client, content):
    """All active questions reach the page; those past CHIPS_SHOWN start folded."""
    for number in range(8):
        SuggestedQuestion.objects.create(question=f"Extra question {number}?", order=10 + number)
    html = client.get("/").content.decode()
    chips = re.findall(
        r'<button type="button" class="chip" data-question="([^"]+)"( hidden)?>', html
    )
    assert len(chips) == SuggestedQuestion.objects.active().count() == 9
    shown = [question for question, hidden in chips if not hidden]
    assert len(shown) == SuggestedQuestion.CHIPS_SHOWN
    assert f'data-chips-shown="{SuggestedQuestion.CHIPS_SHOWN}"' in html


def test_admin_favicon_and_slug_help(client):
    """/favicon.ico (asked for by the admin) leads to the icon; the slug help shows a real path."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
    owner = get_user_model().objects.create_superuser("owner", "o@example.com", "pw-owner-123")
    client.force_login(owner)
    form = client.get("/admin/portfolio/project/add/").content.decode()
    assert "/projects/your-slug/" in form and "/projects//" not in form


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_bad_host_error_page_still_renders(client):
    """A request with a disallowed Host gets the 400 page, not an error while building share URLs."""
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
