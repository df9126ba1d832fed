"""The site in a real Chromium: production static files, strict CSP, layouts, certificate viewer."""

import re

import pytest

from tests.frontend import servers
from tests.frontend.conftest import copy_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MOBILE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="module")
def site(site_template, tmp_path_factory):
    workdir = copy_site(site_template, tmp_path_factory.mktemp("site-browser") / "site")
    env = servers.base_env(workdir, site_template[1])
    with servers.django_server(env, workdir / "server.log") as server:
        yield server


def assert_clean(watch):
    assert watch.csp_violations() == []
    assert watch.page_errors == []
    assert watch.console_errors == []


def test_home_renders_every_section_without_errors(site, open_page):
    """Every seeded section shows, styles and scripts load from hashed files, and nothing errors."""
    watch = open_page(DESKTOP)
    page = watch.page
    page.goto(site.url + "/")
    assert page.locator("h1").inner_text().strip()
    for section in (
        "about",
        "skills",
        "projects",
        "experience",
        "certifications",
        "eve-stats",
        "contact",
    ):
        assert page.locator(f"section#{section}").is_visible(), section
    assert page.locator("#skills .tag").count() > 3
    assert page.locator("#projects .project-card").count() >= 1
    assert page.locator("#experience .timeline-item").count() >= 1
    assert page.locator("#certifications .cert-card").count() >= 1
    assert page.locator("#certifications .badge-expired").count() >= 1
    assert page.locator("#certifications [data-view-certificate]").first.is_visible()
    assert page.locator("#contact a[href^='mailto:']").is_visible()
    assert page.locator("[data-stat='answered']").inner_text().strip().isdigit()
    stylesheet = page.locator("link[rel=stylesheet]").get_attribute("href")
    assert re.search(r"/static/frontend/css/site\.[0-9a-f]{12}\.css$", stylesheet)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(11, 17, 32)"
    assert page.locator("#eve-launcher").is_visible()  # the module ran
    for landmark in ("banner", "navigation", "main", "contentinfo", "complementary"):
        assert page.get_by_role(landmark).count() >= 1, landmark
    assert_clean(watch)


def test_keyboard_focus_is_visible_and_motion_can_be_reduced(site, open_page):
    """Tab reaches the skip link first with a visible outline; reduced motion stops the animations."""
    watch = open_page(DESKTOP, reduced_motion="reduce")
    page = watch.page
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    duration = page.evaluate(
        "getComputedStyle(document.querySelector('.dots span')).animationDuration"
    )
    assert float(duration.rstrip("ms")) < 0.01


def test_hashed_static_files_are_compressed_and_cached(site, open_page):
    """WhiteNoise serves the hashed CSS gzip-compressed with a long, immutable cache."""
    watch = open_page(DESKTOP)
    page = watch.page
    page.goto(site.url + "/")
    href = page.locator("link[rel=stylesheet]").get_attribute("href")
    response = page.request.get(site.url + href, headers={"Accept-Encoding": "gzip"})
    assert response.ok
    assert response.headers.get("content-encoding") == "gzip"
    assert "immutable" in response.headers.get("cache-control", "")


def test_project_page_and_404(site, open_page):
    """A project card leads to its page; an unknown address shows the styled 404."""
    watch = open_page(DESKTOP)
    page = watch.page
    page.goto(site.url + "/")
    card = page.locator("#projects .project-card .card-title a").first
    title = card.inner_text().strip()
    card.click()
    page.wait_for_url(re.compile(r"/projects/[\w-]+/$"))
    assert page.locator("h1").inner_text().strip() == title
    assert title in page.title()
    assert page.locator("meta[property='og:title']").get_attribute("content") == title
    assert_clean(watch)
    response = page.goto(site.url + "/projects/does-not-exist/")
    assert response.status == 404
    assert page.get_by_role("heading", name="This page drifted off into the cloud").is_visible()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(11, 17, 32)"


@pytest.mark.parametrize("name,viewport", [("mobile", MOBILE), ("desktop", DESKTOP)])
def test_layout_has_no_horizontal_scroll(site, open_page, artifacts, name, viewport):
    """Phone and desktop layouts fit the screen width, with the chat open too; screenshots saved."""
    watch = open_page(viewport)
    page = watch.page
    page.goto(site.url + "/")
    page.screenshot(path=str(artifacts / f"home-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("#eve-launcher").click()
    assert page.locator("#eve-panel").is_visible()
    box = page.locator("#eve-panel").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artifacts / f"home-{name}-chat.png"))
    assert_clean(watch)


def test_admin_and_api_docs_work_under_the_csp(site, open_page):
    """The admin login and Swagger UI load from our own static files with no CSP violation."""
    watch = open_page(DESKTOP)
    page = watch.page
    page.goto(site.url + "/admin/login/")
    assert page.locator("input[name=username]").is_visible()
    assert watch.csp_violations() == []
    page.goto(site.url + "/api/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=15000)
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("CloudForgeX API")
    assert watch.csp_violations() == []
    assert watch.page_errors == []


def test_certificate_viewer(site, open_page, artifacts):
    """View opens a modal with the PDF and a countdown; Esc, backdrop and × close it; focus returns."""
    watch = open_page(DESKTOP)
    page = watch.page
    page.clock.install()
    page.goto(site.url + "/")
    button = page.locator("#certifications [data-view-certificate]").first
    with page.expect_response(
        lambda r: r.url.endswith("/url/") and r.request.method == "POST"
    ) as issued:
        button.click()
    url = issued.value.json()["url"]
    dialog = page.locator("#certificate-viewer")
    assert dialog.is_visible()
    frame = page.locator("#viewer-frame")
    frame.wait_for(state="visible")
    assert frame.get_attribute("src").endswith(url)
    pdf = page.request.get(frame.get_attribute("src"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert re.match(
        r"Secure link valid for \d:\d\d", page.locator("#viewer-countdown").inner_text()
    )
    page.screenshot(path=str(artifacts / "certificate-viewer.png"))

    for _ in range(6):  # focus stays inside the modal
        page.keyboard.press("Tab")
        assert page.evaluate(
            "document.getElementById('certificate-viewer').contains(document.activeElement)"
        )

    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.dataset.viewCertificate") == button.get_attribute(
        "data-view-certificate"
    )

    button.click()  # still valid: the same link, no new request
    frame.wait_for(state="visible")
    page.mouse.click(5, 5)  # the backdrop
    assert not dialog.is_visible()

    page.clock.fast_forward("06:00")  # the link has expired: reopening asks for a fresh one
    with page.expect_response(lambda r: r.url.endswith("/url/") and r.request.method == "POST"):
        button.click()
    frame.wait_for(state="visible")
    assert "valid for" in page.locator("#viewer-countdown").inner_text()
    page.locator("#viewer-close").click()
    assert not dialog.is_visible()
    assert_clean(watch)
