"""The EVE widget in a real Chromium against the real chat API."""

import re

import pytest

from harness.sse import parse_events
from tests.frontend.conftest import running_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE_QUESTION = "Show me the hostile sample answer"
HOSTILE_ANSWER = (
    'Hello <img src=x onerror="window.__xss=1"> and <script>window.__xss=2</script>\n\n'
    '[click me](javascript:window.__xss=3) <iframe src="javascript:window.__xss=4"></iframe>\n\n'
    "- **bold** and *italic* with `code`\n- [a safe link](https://example.com/docs)"
)
PLANT_HOSTILE_ANSWER = (
    "from eve.models import SuggestedQuestion; "
    f"SuggestedQuestion.objects.create(question={HOSTILE_QUESTION!r}, answer={HOSTILE_ANSWER!r}, "
    "order=99, active=True)"
)


@pytest.fixture(scope="module")
def chat_site(site_template, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("chat-browser") / "site"
    with running_site(site_template, workdir, shell_code=PLANT_HOSTILE_ANSWER) as server:
        yield server


def open_chat(open_page, url, viewport=None):
    watch = open_page(viewport)
    watch.page.goto(url + "/")
    watch.page.locator("#eve-launcher").click()
    watch.page.locator("#eve-input").wait_for(state="visible")
    return watch


def ask(page, text):
    """Type a question, send it with Enter, and return EVE's new message once it arrives."""
    before = page.locator("#eve-log .msg").count()
    page.locator("#eve-input").fill(text)
    page.locator("#eve-input").press("Enter")
    reply = page.locator("#eve-log .msg").nth(before + 1)
    reply.wait_for(timeout=15000)
    # A streamed reply is shown as it grows; the test reads it once it is complete.
    page.wait_for_function(
        "el => el.dataset.state === 'done' || el.classList.contains('msg-error')",
        arg=reply.element_handle(),
        timeout=15000,
    )
    return reply


def test_widget_opens_with_keyboard_and_remembers_state(chat_site, open_page):
    """Enter on the launcher opens the panel with focus in the input; Esc closes it; a reload keeps it open."""
    watch = open_page()
    page = watch.page
    page.goto(chat_site.url + "/")
    assert not page.locator("#eve-panel").is_visible()
    page.locator("#eve-launcher").focus()
    page.keyboard.press("Enter")
    assert page.locator("#eve-panel").is_visible()
    assert page.evaluate("document.activeElement.id") == "eve-input"
    assert "Hi, I'm EVE" in page.locator("#eve-log").inner_text()
    assert page.locator("#eve-launcher").get_attribute("aria-expanded") == "true"
    page.reload()
    assert page.locator("#eve-panel").is_visible()
    page.locator("#eve-input").focus()
    page.keyboard.press("Escape")
    assert not page.locator("#eve-panel").is_visible()
    assert page.evaluate("document.activeElement.id") == "eve-launcher"
    assert watch.csp_violations() == [] and watch.console_errors == []


def test_character_count_and_server_maximum(chat_site, open_page):
    """The input stops at the server's maximum and counts characters as the visitor types."""
    page = open_chat(open_page, chat_site.url).page
    maximum = int(page.locator("#eve").get_attribute("data-max-chars"))
    page.locator("#eve-input").press_sequentially("Hello")
    assert page.locator("#eve-count").inner_text() == f"5 / {maximum}"
    page.locator("#eve-input").fill("x" * (maximum + 50))
    assert len(page.locator("#eve-input").input_value()) == maximum


def test_suggested_chip_gets_the_canned_answer(chat_site, open_page):
    """Clicking a suggested question sends it and shows EVE's canned answer."""
    watch = open_chat(open_page, chat_site.url)
    page = watch.page
    chip = page.locator("#eve-chips .chip").first
    question = chip.inner_text()
    with page.expect_response(lambda r: r.url.endswith("/api/chat/")) as answered:
        chip.click()
    # The widget asks for a stream: the reply's JSON is the final "done" event.
    done = parse_events(answered.value.text())[-1]
    assert done.name == "done" and done.json()["source"] in {"canned", "cache"}
    user = page.locator("#eve-log .msg-user").last
    reply = page.locator('#eve-log .msg-eve[data-state="done"]').last
    assert user.inner_text() == question
    reply.wait_for()
    assert reply.inner_text().strip() and reply.get_attribute("data-source") in {"canned", "cache"}
    assert watch.csp_violations() == [] and watch.console_errors == []


def test_real_question_gets_a_grounded_answer_with_citations(chat_site, open_page, artifacts):
    """A portfolio question is answered from the content, with its sources as links."""
    watch = open_chat(open_page, chat_site.url)
    page = watch.page
    page.locator("#eve-input").fill(
        "Tell me about the Certified Kubernetes Administrator certificate"
    )
    page.locator("#eve-input").press("Enter")
    # Thinking, then the reply growing, then the finished reply with its sources (checked in that order).
    assert (
        page.locator("#eve-thinking").is_visible()
        or page.locator('#eve-log .msg-eve[data-state="streaming"]').count()
        or page.locator(".msg-citations").count()
    )
    citations = page.locator("#eve-log .msg-eve .msg-citations").last
    citations.wait_for(timeout=15000)
    reply = page.locator("#eve-log .msg-eve").last
    assert "Kubernetes" in reply.inner_text()
    assert not page.locator("#eve-thinking").is_visible()
    certificate = citations.locator("button").first
    assert "Kubernetes" in citations.inner_text()
    page.screenshot(path=str(artifacts / "chat-answer.png"))
    certificate.click()  # a certificate citation opens the viewer
    assert page.locator("#certificate-viewer").is_visible()
    page.locator("#viewer-frame").wait_for(state="visible")
    page.keyboard.press("Escape")
    assert watch.csp_violations() == [] and watch.page_errors == []


def test_greeting_gets_the_nudge(chat_site, open_page):
    """A bare "hi" is answered by EVE with a friendly nudge, not an error."""
    page = open_chat(open_page, chat_site.url).page
    reply = ask(page, "hi")
    assert "msg-eve" in reply.get_attribute("class")
    assert reply.get_attribute("data-source") == "guard"
    assert "?" in reply.inner_text() or "ask" in reply.inner_text().lower()


def test_hostile_answer_cannot_run_script_or_inject_markup(chat_site, open_page):
    """Markup in an answer shows as text; no script runs; unsafe links stay plain words."""
    watch = open_chat(open_page, chat_site.url)
    page = watch.page
    reply = ask(page, HOSTILE_QUESTION)
    assert reply.get_attribute("data-source") == "canned"
    page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert page.evaluate("window.__xss") is None
    body = reply.locator(".msg-body")
    assert body.locator("img, script, iframe").count() == 0
    assert '<img src=x onerror="window.__xss=1">' in body.inner_text()
    assert "<script>window.__xss=2</script>" in body.inner_text()
    assert body.locator("a").count() == 1
    safe = body.locator("a")
    assert safe.get_attribute("href") == "https://example.com/docs"
    assert (
        safe.get_attribute("rel") == "noopener noreferrer"
        and safe.get_attribute("target") == "_blank"
    )
    body.get_by_text("click me").click()
    assert page.evaluate("window.__xss") is None
    assert (
        body.locator("strong").inner_text() == "bold"
        and body.locator("em").inner_text() == "italic"
    )
    assert body.locator("code").inner_text() == "code"


def test_throttled_burst_shows_the_wait(site_template, tmp_path_factory, open_page):
    """Past the burst rate the widget says to wait, with the number of seconds."""
    workdir = tmp_path_factory.mktemp("throttle") / "site"
    rates = "burst=3/min,sustained=100/day"
    with running_site(site_template, workdir, EVE_THROTTLE_RATES=rates) as server:
        page = open_chat(open_page, server.url).page
        questions = [
            "What AWS services has Jordan used?",
            "Which Terraform projects are there?",
            "What does Jordan do with Kubernetes?",
            "Tell me about the serverless order API",
        ]
        for question in questions:
            reply = ask(page, question)
        assert "msg-error" in reply.get_attribute("class")
        assert re.search(r"Please wait \d+ seconds? and try again", reply.inner_text())


def test_offline_and_server_errors_get_friendly_messages(chat_site, open_page):
    """Offline, and an API answering 503, each give the visitor a plain sentence instead of silence."""
    watch = open_chat(open_page, chat_site.url)
    page = watch.page
    page.context.set_offline(True)
    reply = ask(page, "What does Jordan do with Kubernetes?")
    assert reply.get_attribute("data-failure") == "offline"
    assert "offline" in reply.inner_text()
    page.context.set_offline(False)
    # The browser sees what a load balancer returns while the app is down.
    page.route(
        "**/api/chat/",
        lambda route: route.fulfill(
            status=503, content_type="text/html", body="<h1>503 Service Unavailable</h1>"
        ),
    )
    reply = ask(page, "What does Jordan do with Kubernetes?")
    assert reply.get_attribute("data-failure") == "server"
    assert "Something went wrong on my side" in reply.inner_text()
    assert page.locator("#eve-log h1").count() == 0
