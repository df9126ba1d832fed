"""Visitor feedback from the EVE widget in a real Chromium, through the real API to the database."""

import sqlite3

import pytest

from harness.sse import parse_events
from tests.frontend.conftest import running_site
from tests.frontend.test_chat_browser import ask, open_chat

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OWNER, PASSWORD = "owner", "owner-pw-4815162342"
CREATE_OWNER = (
    "from django.contrib.auth import get_user_model; "
    f"get_user_model().objects.create_superuser({OWNER!r}, 'owner@example.com', {PASSWORD!r})"
)
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="module")
def feedback_site(site_template, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("feedback-browser") / "site"
    with running_site(site_template, workdir, shell_code=CREATE_OWNER) as server:
        yield server, workdir / "db.sqlite3"


def _feedback_rows(database) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT log.request_id, log.message, feedback.helpful, feedback.comment "
            "FROM eve_chatfeedback feedback JOIN eve_chatlog log ON log.id = feedback.chat_log_id"
        ).fetchall()


def test_thumbs_down_then_a_comment_round_trips_to_the_database(feedback_site, open_page):
    """Each reply gets thumbs; a thumbs-down offers a comment; both are saved on that reply."""
    server, database = feedback_site
    watch = open_chat(open_page, server.url)
    page = watch.page
    question = "Which projects use Terraform?"
    with page.expect_response(lambda r: r.url.endswith("/api/chat/")) as answered:
        reply = ask(page, question)
    # The widget asks for a stream: the reply's JSON is the final "done" event.
    request_id = parse_events(answered.value.text())[-1].json()["request_id"]
    assert reply.get_attribute("data-request-id") == request_id

    down = reply.get_by_role("button", name="Not helpful")
    with page.expect_response(lambda r: r.url.endswith("/api/chat/feedback/")) as voted:
        down.click()
    assert voted.value.status == 200
    assert down.get_attribute("aria-pressed") == "true"
    comment = reply.locator(".feedback-comment textarea")
    comment.wait_for(state="visible")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    comment.fill("Missed the <b>EKS</b> one")
    with page.expect_response(lambda r: r.url.endswith("/api/chat/feedback/")) as commented:
        reply.get_by_role("button", name="Send").click()
    assert commented.value.json()["comment"] == "Missed the <b>EKS</b> one"
    assert "Thanks" in reply.locator(".feedback-status").inner_text()
    assert _feedback_rows(database) == [(request_id, question, 0, "Missed the <b>EKS</b> one")]

    # Changing one's mind updates the same row.
    with page.expect_response(lambda r: r.url.endswith("/api/chat/feedback/")):
        reply.get_by_role("button", name="Helpful", exact=True).click()
    assert _feedback_rows(database)[0][2] == 1 and len(_feedback_rows(database)) == 1
    assert watch.csp_violations() == [] and watch.console_errors == []


def test_guard_nudges_get_no_thumbs(feedback_site, open_page):
    server, _ = feedback_site
    page = open_chat(open_page, server.url).page
    reply = ask(page, "hi")
    assert reply.get_attribute("data-source") == "guard"
    assert reply.locator(".msg-feedback").count() == 0


def test_owner_sees_the_feedback_in_the_admin_under_the_csp(feedback_site, open_page, artifacts):
    """Chat log (no sideways scroll at 1366 px), insights and inbox render with no CSP violation."""
    server, database = feedback_site
    watch = open_chat(open_page, server.url, DESKTOP)
    page = watch.page
    reply = ask(page, "Does Jordan speak Klingon?")
    with page.expect_response(lambda r: r.url.endswith("/api/chat/feedback/")):
        reply.get_by_role("button", name="Not helpful").click()
    reply.locator(".feedback-comment textarea").fill("<img src=x onerror=alert(1)> no answer")
    with page.expect_response(lambda r: r.url.endswith("/api/chat/feedback/")):
        reply.get_by_role("button", name="Send").click()

    page.goto(server.url + "/admin/login/")
    page.locator("input[name=username]").fill(OWNER)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.get_by_role("link", name="Unanswered questions").first.click()
    row = page.locator("#eve-inbox tbody tr", has_text="Does Jordan speak Klingon?")
    assert "1" in row.inner_text()
    page.get_by_role("link", name="Chat log").first.click()
    assert "<img src=x onerror=alert(1)> no answer" in page.locator("#result_list").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artifacts / "admin-chat-log-1366.png"))
    page.locator("#result_list").get_by_role("link", name="view", exact=True).first.click()
    assert "Does Jordan speak Klingon?" in page.locator(".eve-thread").inner_text()
    page.get_by_role("link", name="Insights").first.click()
    page.locator("#eve-daily").wait_for()  # count() does not wait for the page to load
    assert page.locator("svg.eve-chart").count() == 3
    assert page.locator("#eve-feedback").inner_text().endswith("1 not helpful")
    page.screenshot(path=str(artifacts / "admin-eve-insights.png"), full_page=True)
    logged = _chat_log_count(database)
    page.get_by_role("link", name="Try EVE").first.click()
    page.get_by_label("Your question, as a visitor would type it").fill(
        "Which projects use Terraform?"
    )
    page.get_by_role("button", name="Explain the answer").click()
    assert page.locator("#eve-try-source").inner_text() == "knowledge_base"
    assert page.locator("#eve-try-records tbody tr").count() >= 1
    assert _chat_log_count(database) == logged  # trying EVE is not a visitor's chat
    page.screenshot(path=str(artifacts / "admin-eve-try.png"), full_page=True)
    assert watch.csp_violations() == [] and watch.page_errors == []


def _chat_log_count(database) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT COUNT(*) FROM eve_chatlog").fetchone()[0]
