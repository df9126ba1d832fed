"""Review fixes on the server-rendered site: résumé link under a stage prefix, every project reachable, the 404 brand."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import override_script_prefix

from portfolio.models import Project
from tests.frontend.content import portfolio_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    data = portfolio_content()
    data["profile"].resume.save("cv.pdf", ContentFile(b"%PDF-1.4 resume"), save=True)
    for number in range(1, 5):
        Project.objects.create(
            title=f"Side Project {number}",
            slug=f"side-{number}",
            summary=f"Side summary {number}.",
            order=number,
        )
    return data


def _resume_links(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]*resume\.pdf)"[^>]*>', html)


def test_resume_link_under_the_dev_stage_has_the_prefix_once(client, content, settings):
    """Behind API Gateway's /dev stage the résumé is /dev/resume.pdf, not /dev/dev/resume.pdf."""
    settings.SITE_API_BASE = ""
    with override_script_prefix("/dev/"):
        html = client.get("/").content.decode()
    assert _resume_links(html) == ["/dev/resume.pdf"]
    assert _resume_links(client.get("/").content.decode()) == ["/resume.pdf"]


def test_resume_link_offers_a_download(client, content):
    """The link says what it is and downloads the PDF (as the profile's help text promises)."""
    html = client.get("/").content.decode()
    link = re.search(r'<a [^>]*href="/resume\.pdf"[^>]*>([^<]*)</a>', html)
    assert 'download="resume.pdf"' in link.group(0)
    assert link.group(1) == "Download résumé (PDF)"


def test_exported_site_links_the_resume_on_the_api_origin(content, tmp_path):
    """The static export has no Django behind it: the résumé comes from the API's origin."""
    out = tmp_path / "site"
    call_command(
        "export_site",
        str(out),
        "--api-base",
        "https://api.example.com/",
        "--site-url",
        "https://me.example.com",
    )
    html = (out / "index.html").read_text()
    assert _resume_links(html) == ["https://api.example.com/resume.pdf"]


def test_every_published_project_is_reachable_from_home(client, content):
    """Featured projects get cards; every other published project is listed under "All projects"."""
    html = client.get("/").content.decode()
    for project in Project.objects.filter(published=True):
        assert f'href="{project.get_absolute_url()}"' in html, project.slug
    cards, rest = html.split('id="all-projects-title"', 1)
    assert "/projects/landing-zone/" in cards  # the featured one is a card
    assert "/projects/side-1/" not in cards and "Side summary 2." in rest
    assert "/projects/draft/" not in html


def test_project_page_lists_all_other_published_projects(client, content):
    """ "More projects" on a project page links every other published project, not just three."""
    html = client.get("/projects/side-1/").content.decode()
    more = html[html.index('id="more-title"') :]
    for slug in ("landing-zone", "side-2", "side-3", "side-4"):
        assert f'href="/projects/{slug}/"' in more
    assert 'href="/projects/side-1/"' not in more and "/projects/draft/" not in more


def test_404_brand_is_the_owner_name(client, content):
    """The 404 page is framed with the profile's name, like every other page."""
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found — Ada Cloud</title>" in html
    assert re.search(r'class="brand"[^>]*>.*?Ada Cloud</a>', html, re.S)


def test_404_renders_without_the_profile_table(content):
    """With the database unusable the 404 page still renders, under the default name."""
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute("DROP TABLE portfolio_profile")
    html = render_to_string("404.html")
    assert "drifted off into the cloud" in html
    assert "<title>Page not found — CloudForgeX</title>" in html
