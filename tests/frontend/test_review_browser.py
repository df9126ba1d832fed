"""Review fixes in a real Chromium: no-JS pages, links in EVE's replies, citations, messages, provider XSS."""

import json
import re

import pytest

from harness.bedrock import FakeBedrock
from tests.frontend.conftest import running_site
from tests.frontend.test_chat_browser import ask, open_chat

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LINKS_QUESTION = "Show me the sample answer with links"
# {slug} is a published project, filled in when the answer is planted.
LINKS_ANSWER = (
    "See **[the project page]({path})** and *[the docs](https://example.com/a_b)*, "
    "or __[the résumé](/resume.pdf)__.\n\n"
    "Never [protocol-relative](//evil.example/x), [data](data:text/html,hi), "
    "[vb](vbscript:msgbox(1)) or [js](javascript:window.__xss=1)."
)
PLANT_LINKS_ANSWER = (
    "from eve.models import SuggestedQuestion; from portfolio.models import Project; "
    "path = Project.objects.filter(published=True).order_by('order', 'title')[0].get_absolute_url(); "
    f"SuggestedQuestion.objects.create(question={LINKS_QUESTION!r}, "
    f"answer={LINKS_ANSWER!r}.format(path=path), order=98, active=True)"
)
PROVIDER_ANSWER = (
    'Hello <img src=x onerror="window.__xss=1"> and <script>window.__xss=2</script>\n\n'
    '[click me](javascript:window.__xss=3) <iframe src="javascript:window.__xss=4"></iframe>\n\n'
    "Jordan runs Kubernetes in production."
)


@pytest.fixture(scope="module")
def site(site_template, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("review-browser") / "site"
    with running_site(site_template, workdir, shell_code=PLANT_LINKS_ANSWER) as server:
        yield server


def test_without_javascript_the_dead_buttons_stay_hidden(site, open_page):
    """With JavaScript off, "Ask EVE", "View" and "Ask EVE about it" are not shown (they would do nothing)."""
    page = open_page(java_script_enabled=False).page
    page.goto(site.url + "/")
    assert page.locator("[data-open-eve]").count() == 1
    assert not page.locator("[data-open-eve]").is_visible()
    certificate_buttons = page.locator("[data-view-certificate]")
    assert certificate_buttons.count() >= 1
    for index in range(certificate_buttons.count()):
        assert not certificate_buttons.nth(index).is_visible()
    assert page.locator("#projects .project-card").first.is_visible()  # the content still shows
    page.locator("#projects .project-card .card-title a").first.click()
    page.wait_for_url(re.compile(r"/projects/[\w-]+/$"))
    assert page.get_by_text("Ask EVE about it").count() == 1
    assert not page.get_by_text("Ask EVE about it").is_visible()


def test_every_published_project_is_one_click_from_home(site, open_page):
    """All seven seeded projects (not only the featured three) have a visible link on the home page."""
    page = open_page().page
    page.goto(site.url + "/")
    hrefs = page.locator("#projects a[href*='/projects/']").evaluate_all(
        "links => links.filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'))"
    )
    assert len(set(hrefs)) == 7
    assert (
        page.locator("#projects .project-list-item").count()
        == 7 - page.locator("#projects .project-card").count()
    )


def test_links_in_replies_survive_emphasis_and_relative_paths(site, open_page):
    """Site paths and links inside bold/italic become links; protocol-relative, data:, vbscript: and javascript: do not."""
    watch = open_chat(open_page, site.url)
    page = watch.page
    reply = ask(page, LINKS_QUESTION)
    assert reply.get_attribute("data-source") == "canned"
    body = reply.locator(".msg-body")
    project = body.locator("strong > a").first
    assert re.fullmatch(r"/projects/[\w-]+/", project.get_attribute("href"))
    assert project.inner_text() == "the project page"
    assert project.get_attribute("target") is None  # our own page opens in place
    docs = body.locator("em > a")
    assert docs.get_attribute("href") == "https://example.com/a_b"
    assert docs.get_attribute("target") == "_blank"
    assert body.locator("strong > a").count() == 2  # __[the résumé](/resume.pdf)__ too
    assert body.locator("a[href='/resume.pdf']").inner_text() == "the résumé"
    assert body.locator("a").count() == 3
    for words in ("protocol-relative", "data", "vb", "js"):
        assert body.get_by_text(words, exact=False).count() >= 1
    assert "**" not in body.inner_text() and "__" not in body.inner_text()
    path = project.get_attribute("href")
    project.click()
    page.wait_for_url(site.url + path)
    assert page.evaluate("window.__xss") is None
    assert watch.page_errors == [] and watch.csp_violations() == []


CRAFTED_REPLY = {
    "response": "Here are my sources.",
    "source": "model",
    "citations": [
        {"kind": "certificate", "title": "With PDF", "slug": "with-pdf", "url": "/x/"},
        {
            "kind": "certificate",
            "title": "Issuer Page",
            "slug": None,
            "url": "https://verify.example.com/abc",
        },
        {"kind": "certificate", "title": "Mail Only", "slug": None, "url": "mailto:a@b.example"},
        {"kind": "certificate", "title": "Script", "slug": None, "url": "javascript:alert(1)"},
        {"kind": "certificate", "title": "Bare", "slug": None, "url": None},
        {
            "kind": "project",
            "title": "A Project",
            "slug": "a-project",
            "url": "/projects/a-project/",
        },
    ],
}


def test_certificate_citation_without_pdf_is_not_a_viewer_button(site, open_page):
    """A certificate citation offers the viewer only with a slug; else an http(s) link, else plain text."""
    watch = open_chat(open_page, site.url)
    page = watch.page
    page.route(
        "**/api/chat/",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(CRAFTED_REPLY)
        ),
    )
    reply = ask(page, "Which certificates do you have?")
    items = reply.locator(".msg-citations li")
    assert items.count() == 6
    buttons = reply.locator(".msg-citations button")
    assert buttons.count() == 1 and buttons.inner_text() == "View certificate: With PDF"
    issuer = items.nth(1).locator("a")
    assert issuer.get_attribute("href") == "https://verify.example.com/abc"
    assert issuer.inner_text() == "Issuer Page"
    for index, title in ((2, "Mail Only"), (3, "Script"), (4, "Bare")):
        assert items.nth(index).locator("a, button").count() == 0, title
        assert items.nth(index).inner_text() == title
    assert items.nth(5).locator("a").get_attribute("href") == "/projects/a-project/"
    assert watch.page_errors == []


def test_throttled_certificate_viewer_talks_about_certificates(site, open_page):
    """Rate-limited while opening a certificate, the viewer says so, not "sending messages"."""
    watch = open_page()
    page = watch.page
    page.route(
        "**/api/certificates/*/url/",
        lambda route: route.fulfill(
            status=429,
            content_type="application/json",
            headers={"Retry-After": "7"},
            body=json.dumps(
                {"error": "Too many requests. Try again in 7 seconds.", "code": "throttled"}
            ),
        ),
    )
    page.goto(site.url + "/")
    page.locator("#certifications [data-view-certificate]").first.click()
    status = page.locator("#viewer-status")
    page.wait_for_function("document.getElementById('viewer-status').textContent.includes('wait')")
    text = status.inner_text()
    assert "opening certificates" in text and "7 seconds" in text
    assert "messages" not in text


@pytest.fixture
def bedrock_site(site_template, tmp_path_factory):
    """The site with EVE on the real Bedrock provider, talking to a fake Bedrock on 127.0.0.1."""
    workdir = tmp_path_factory.mktemp("bedrock-browser") / "site"
    with FakeBedrock(hang_seconds=5) as bedrock:
        bedrock.reply_text = PROVIDER_ANSWER
        with running_site(
            site_template,
            workdir,
            EVE_PROVIDER="bedrock",
            EVE_BEDROCK_ENDPOINT_URL=bedrock.url,
            EVE_MAX_ATTEMPTS="1",
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            AWS_SESSION_TOKEN="testing",
        ) as server:
            yield server, bedrock


def test_hostile_provider_answer_cannot_run_script(bedrock_site, open_page):
    """A model answer with <img onerror>, <script>, a javascript: link and an <iframe> shows as inert text."""
    server, bedrock = bedrock_site
    watch = open_chat(open_page, server.url)
    page = watch.page
    reply = ask(page, "What does Jordan do with Kubernetes?")
    assert reply.get_attribute("data-source") == "model"
    assert len(bedrock.requests) == 1 and "Kubernetes" in bedrock.requests[0].user_text
    page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert page.evaluate("window.__xss") is None
    body = reply.locator(".msg-body")
    assert page.locator("#eve-log img, #eve-log script, #eve-log iframe").count() == 0
    assert "Jordan runs Kubernetes in production." in body.inner_text()
    assert body.locator("a[href^='javascript']").count() == 0
    body.get_by_text("click me").click()
    assert page.evaluate("window.__xss") is None
    assert watch.page_errors == [] and watch.csp_violations() == []
