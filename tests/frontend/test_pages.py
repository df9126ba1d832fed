"""The server-rendered site: sections, published-only content, SEO tags, error pages."""

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string

from eve.models import ChatLog
from tests.frontend.content import portfolio_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    return portfolio_content()


def test_home_shows_every_section_from_published_content(client, content):
    """A visitor sees hero, about, skills, projects, experience, certifications, stats and contact."""
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    for section in (
        "about",
        "skills",
        "projects",
        "experience",
        "certifications",
        "eve-stats",
        "contact",
    ):
        assert f'id="{section}"' in html
    assert "Ada Cloud" in html and "Platform engineer" in html
    assert "Terraform" in html and "Landing Zone" in html and "SRE" in html
    assert "mailto:ada@example.com" in html and "https://github.com/ada" in html
    assert "What does Ada build?" in html


def test_home_hides_unpublished_rows(client, content):
    """Nothing unpublished or inactive reaches the page."""
    html = client.get("/").content.decode()
    for hidden in (
        "Secret Skill",
        "Hidden Corp",
        "Draft Project",
        "Invisible Cert",
        "Retired question?",
    ):
        assert hidden not in html


def test_expired_certificate_is_badged(client, content):
    """An expired certificate says so, next to its issuer."""
    html = client.get("/").content.decode()
    card = html[html.index('data-certificate="old-cert"') :]
    card = card[: card.index("</li>")]
    assert "HashiCorp" in card and "badge-expired" in card and "Expired" in card


def test_owner_markdown_is_rendered_safely(client, content):
    """Bio and descriptions render Markdown but never owner-typed script or javascript: links."""
    home = client.get("/").content.decode()
    assert "<strong>boring</strong>" in home
    assert "<script>alert(1)</script>" not in home
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home
    detail = client.get("/projects/landing-zone/").content.decode()
    assert (
        '<a href="https://example.com/docs" rel="noopener noreferrer" target="_blank">Docs</a>'
        in detail
    )
    assert 'href="javascript:' not in detail


def test_project_page_and_its_meta_tags(client, content):
    """Each published project has its own page with a title, description and Open Graph tags."""
    response = client.get(content["project"].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>Landing Zone — Ada Cloud</title>", html)
    assert '<meta name="description" content="Multi-account AWS with Terraform.">' in html
    assert '<meta property="og:title" content="Landing Zone">' in html
    assert '<meta property="og:type" content="article">' in html
    assert "40 accounts" in html and "AWS Organizations" in html


def test_unpublished_or_unknown_project_is_a_styled_404(client, content):
    """Unpublished and unknown slugs get the site's own 404 page."""
    for path in ("/projects/draft/", "/projects/nope/", "/no-such-page/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "drifted off into the cloud" in response.content.decode()


def test_home_meta_tags_and_widget_limits(client, content, settings):
    """The page names its API base and the chat input's maximum from the server's settings."""
    settings.EVE_MAX_CHARS = 321
    html = client.get("/").content.decode()
    assert '<meta name="api-base" content="">' in html
    assert 'maxlength="321"' in html and 'data-max-chars="321"' in html
    assert '<meta property="og:title"' in html and '<meta name="description"' in html
    assert "<script>" not in html and " on" + "click=" not in html


def test_csp_header_is_strict(client, content):
    """Scripts only from our origin, no plugins, no framing, no base tag tricks."""
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["frame-src"] == "'self'"  # local signed certificate links
    assert "unsafe-inline" not in directives["script-src"]


def test_live_stats_come_from_the_chat_log(client, content):
    """Stats count answered questions, their median latency and the share without a model call."""
    for source, latency in [
        ("canned", 100),
        ("model", 900),
        ("cache", 300),
        ("knowledge_base", 500),
    ]:
        ChatLog.objects.create(message="q", source=source, latency_ms=latency)
    ChatLog.objects.create(message="hi", source="guard", blocked="wasteful", latency_ms=1)
    html = client.get("/").content.decode()
    assert re.search(r'data-stat="answered">4<', html)
    assert re.search(r'data-stat="latency">400 ms<', html)
    assert re.search(r'data-stat="free">75%<', html)


def test_robots_and_sitemap(client, content):
    """robots.txt points at sitemap.xml, which lists the home page and published projects only."""
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/</loc>" in sitemap
    assert "<loc>http://testserver/projects/landing-zone/</loc>" in sitemap
    assert "/projects/draft/" not in sitemap


def test_empty_site_still_renders(client):
    """A fresh install with no content shows a friendly page, not an error."""
    response = client.get("/")
    assert response.status_code == 200
    assert "being set up" in response.content.decode()


def test_500_page_renders_without_the_database(django_assert_num_queries):
    """The 500 template needs no context and makes no query, so it renders when the database is down."""
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Something went wrong" in html


def test_database_failure_gives_the_styled_500(client, content):
    """When a query fails mid-request the visitor gets the site's 500 page, not a traceback."""
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute("DROP TABLE portfolio_skill")
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html and "Traceback" not in html


def test_bad_host_gets_the_styled_400(client):
    """A request for a host we do not serve gets the site's 400 page."""
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "could not be understood" in response.content.decode()
