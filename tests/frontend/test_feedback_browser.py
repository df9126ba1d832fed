"""Visitor feedback from the EVE widget in a real Chromium, through the real API to the database."""

import sqlite3

import pytest

from tests.frontend.conftest import running_site
from tests.frontend.test_chat_browser import ask, open_chat

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def feedback_site(site_template, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("feedback-browser") / "site"
    with running_site(site_template, workdir) as server:
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
    request_id = answered.value.json()["request_id"]
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
