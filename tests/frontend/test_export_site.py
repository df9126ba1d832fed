"""manage.py export_site: static HTML + hashed assets that call the API at --api-base."""

import re

import pytest
from django.core.management import CommandError, call_command

from tests.frontend.content import portfolio_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(tmp_path):
    portfolio_content()
    out = tmp_path / "site"
    call_command(
        "export_site",
        str(out),
        "--api-base",
        "https://api.example.com/",
        "--site-url",
        "https://me.example.com",
    )
    return out


def test_writes_pages_for_published_content_only(exported):
    """Home, each published project, the 404 page, robots.txt and sitemap.xml are written."""
    assert (exported / "index.html").is_file()
    assert (exported / "projects/landing-zone/index.html").is_file()
    assert not (exported / "projects/draft").exists()
    assert "drifted off into the cloud" in (exported / "404.html").read_text()
    assert "Sitemap: https://me.example.com/sitemap.xml" in (exported / "robots.txt").read_text()
    assert "https://me.example.com/projects/landing-zone/" in (exported / "sitemap.xml").read_text()


def test_pages_call_the_api_base_under_a_meta_csp(exported):
    """The page names the API and lets the browser talk to it (and frame its certificates)."""
    html = (exported / "index.html").read_text()
    assert '<meta name="api-base" content="https://api.example.com">' in html
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    policy = policy.replace("&#x27;", "'")
    assert "connect-src 'self' https://api.example.com" in policy
    assert "frame-src https://api.example.com" in policy
    assert "script-src 'self';" in policy
    assert "frame-ancestors" not in policy  # ignored (and complained about) in <meta>


def test_assets_are_hashed_and_module_imports_follow(exported):
    """CSS and JS are referenced by content-hashed names, including imports between modules."""
    html = (exported / "index.html").read_text()
    css = re.search(r'href="/static/(frontend/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    main = re.search(r'src="/static/(frontend/js/main\.[0-9a-f]{12}\.js)"', html).group(1)
    assert (exported / "static" / css).is_file()
    module = (exported / "static" / main).read_text()
    imported = re.findall(r'from "\./(chat\.[0-9a-f]{12}\.js)"', module)
    assert imported and (exported / "static/frontend/js" / imported[0]).is_file()
    assert not (exported / "static/admin").exists()


def test_refuses_a_relative_api_base(tmp_path):
    """--api-base must be an absolute http(s) URL."""
    with pytest.raises(CommandError, match="--api-base"):
        call_command("export_site", str(tmp_path), "--api-base", "/api")


def test_exported_pages_share_with_the_sites_own_absolute_urls(exported):
    """og:image and the JSON-LD point at the static site's address; the photo may load from the API."""
    html = (exported / "index.html").read_text()
    image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert image.startswith("https://me.example.com/static/frontend/img/og-card.")
    assert '"url": "https://me.example.com/"' in html
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "img-src &#x27;self&#x27; data: https://api.example.com" in policy


def test_without_a_site_url_no_made_up_absolute_urls(tmp_path):
    """No --site-url: no og:url, og:image or JSON-LD (they would name a host that is not the site)."""
    portfolio_content()
    out = tmp_path / "site"
    call_command("export_site", str(out), "--api-base", "https://api.example.com/")
    html = (out / "index.html").read_text()
    assert "og:image" not in html and "og:url" not in html and "ld+json" not in html
    assert "localhost" not in html
