"""The exported static site on one loopback port calling the API on another, for real."""

import re

import pytest

from tests.frontend import servers
from tests.frontend.conftest import copy_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LINK_QUESTION = "Where is the resume link?"
PLANT_LINK_ANSWER = (
    "from eve.models import SuggestedQuestion; "
    f"SuggestedQuestion.objects.create(question={LINK_QUESTION!r}, "
    "answer='Here: **[my résumé](/resume.pdf)**', order=97, active=True)"
)


@pytest.fixture(scope="module")
def deployment(site_template, tmp_path_factory):
    """(API server, static server of an allowed origin, static server of an origin not allowed)."""
    workdir = copy_site(site_template, tmp_path_factory.mktemp("cross-origin") / "site")
    exported = workdir / "exported"
    allowed = servers.static_server(exported, workdir / "allowed.log")
    stranger = servers.static_server(exported, workdir / "stranger.log")
    env = servers.base_env(workdir, site_template[1], CORS_ALLOWED_ORIGINS=allowed.url)
    servers.manage(env, "shell", "-c", PLANT_LINK_ANSWER)
    with servers.django_server(env, workdir / "api.log") as api:
        servers.manage(env, "export_site", str(exported), "--api-base", api.url)
        with allowed, stranger:
            yield api, allowed, stranger


def test_exported_site_chats_with_the_api_across_origins(deployment, open_page, artifacts):
    """From an allowed origin the browser passes the preflight and EVE answers."""
    api, allowed, _ = deployment
    watch = open_page()
    page = watch.page
    page.goto(allowed.url + "/")
    assert page.locator("meta[name=api-base]").get_attribute("content") == api.url
    assert re.search(
        r"/static/frontend/js/main\.[0-9a-f]{12}\.js$",
        page.locator("script[type=module]").get_attribute("src"),
    )
    page.locator("#eve-launcher").click()
    page.locator("#eve-input").fill("What does Jordan do with Kubernetes?")
    with page.expect_response(lambda r: r.url == api.url + "/api/chat/") as answered:
        page.locator("#eve-input").press("Enter")
    response = answered.value
    assert response.status == 200
    assert response.headers["access-control-allow-origin"] == allowed.url
    reply = page.locator("#eve-log .msg-eve").nth(1)
    reply.wait_for(timeout=15000)
    assert "Kubernetes" in reply.inner_text()
    page.screenshot(path=str(artifacts / "exported-site-chat.png"))
    assert watch.csp_violations() == [] and watch.page_errors == []


def test_origin_not_allowed_gets_the_friendly_connection_message(deployment, open_page):
    """From an origin missing from CORS_ALLOWED_ORIGINS the browser blocks the call; the widget explains."""
    _, _, stranger = deployment
    watch = open_page()
    page = watch.page
    page.goto(stranger.url + "/")
    page.locator("#eve-launcher").click()
    page.locator("#eve-input").fill("What does Jordan do with Kubernetes?")
    page.locator("#eve-input").press("Enter")
    error = page.locator("#eve-log .msg-error")
    error.wait_for(timeout=15000)
    assert "can't reach the server" in error.inner_text()
    assert error.get_attribute("data-failure") == "unreachable"


def test_site_paths_on_the_exported_site_point_at_the_api(deployment, open_page):
    """On the static site, the résumé link and a "/resume.pdf" link in EVE's reply go to the API's origin."""
    api, allowed, _ = deployment
    watch = open_page()
    page = watch.page
    page.goto(allowed.url + "/")
    resume = page.locator("#contact a[download]")
    assert resume.get_attribute("href") == api.url + "/resume.pdf"
    pdf = page.request.get(resume.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    page.locator("#eve-launcher").click()
    page.locator("#eve-input").fill(LINK_QUESTION)
    page.locator("#eve-input").press("Enter")
    link = page.locator("#eve-log .msg-eve strong > a")
    link.wait_for(timeout=15000)
    assert link.get_attribute("href") == api.url + "/resume.pdf"
    assert link.inner_text() == "my résumé"
    assert watch.page_errors == []
