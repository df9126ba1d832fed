"""The EVE widget holds a conversation: streamed replies, a thread that survives navigation, follow-ups."""

from __future__ import annotations

import itertools
import time

import pytest

from harness.bedrock import FakeBedrock
from tests.frontend.conftest import running_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Records every eve:reply event the widget emits (init scripts run before the page's own).
RECORD_REPLIES = """
window.__eveReplies = [];
document.addEventListener("eve:reply", (event) => {
  window.__eveReplies.push({requestId: event.detail.requestId, restored: event.detail.restored,
    conversationId: event.detail.conversationId, state: event.detail.element.dataset.state});
});
"""


@pytest.fixture(scope="module")
def kb_site(site_template, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("conversation-kb") / "site"
    with running_site(site_template, workdir) as server:
        yield server


@pytest.fixture(scope="module")
def bedrock():
    with FakeBedrock() as fake:
        fake.set_stream(first_token_delay=0.4, chunk_delay=0.25, chunk_words=3)
        yield fake


@pytest.fixture(scope="module")
def model_site(site_template, tmp_path_factory, bedrock):
    workdir = tmp_path_factory.mktemp("conversation-model") / "site"
    with running_site(
        site_template,
        workdir,
        EVE_PROVIDER="bedrock",
        EVE_BEDROCK_ENDPOINT_URL=bedrock.url,
        EVE_READ_TIMEOUT="5",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_REGION="eu-west-1",
    ) as server:
        yield server


def _open(open_page, url: str):
    watch = open_page()
    watch.page.context.add_init_script(RECORD_REPLIES)
    watch.page.goto(url + "/")
    watch.page.locator("#eve-launcher").click()
    watch.page.locator("#eve-input").wait_for(state="visible")
    return watch


def _send(page, text: str):
    """Send a question; returns the locator of EVE's reply to it, once complete."""
    before = page.locator("#eve-log .msg").count()
    page.locator("#eve-input").fill(text)
    page.locator("#eve-input").press("Enter")
    reply = page.locator("#eve-log .msg").nth(before + 1)
    reply.wait_for(timeout=20000)
    page.wait_for_function(
        "el => el.dataset.state === 'done' || el.classList.contains('msg-error')",
        arg=reply.element_handle(),
        timeout=20000,
    )
    return reply


def test_reply_grows_as_the_model_streams(model_site, bedrock, open_page, artifacts):
    """Words appear while the model is still producing them; the screen reader hears it once, whole."""
    watch = _open(open_page, model_site.url)
    page = watch.page
    page.locator("#eve-input").fill("What Terraform projects has he built?")
    page.locator("#eve-input").press("Enter")
    streaming = page.locator('#eve-log .msg-eve[data-state="streaming"]')
    streaming.wait_for(timeout=15000)
    seen, announced_early = [], []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        state = streaming.count() and streaming.first.inner_text()
        if not state:
            break
        seen.append(state)
        announced_early.append(page.locator("#eve-announce").inner_text())
        page.wait_for_timeout(100)
    partial = [text for text in dict.fromkeys(seen) if text.strip()]
    assert len(partial) >= 3, partial  # several distinct, growing renderings
    assert all(len(a) <= len(b) for a, b in itertools.pairwise(partial))
    reply = page.locator("#eve-log .msg-eve").last
    assert reply.get_attribute("data-state") == "done"
    assert reply.get_attribute("data-source") == "model"
    final = reply.locator(".msg-body").inner_text()
    assert final.startswith("EVE here:") and len(final) > len(partial[0])
    assert not any(announced_early)  # nothing announced mid-stream
    page.locator("#eve-announce", has_text="EVE here:").wait_for(state="attached")
    assert "EVE here:" in page.locator("#eve-announce").inner_text()
    assert page.locator("#eve-log").get_attribute("aria-live") is None
    events = page.evaluate("window.__eveReplies")
    assert len(events) == 1 and events[0]["requestId"] and events[0]["state"] == "done"
    assert events[0]["requestId"] == reply.get_attribute("data-request-id")
    page.screenshot(path=str(artifacts / "chat-streaming-done.png"))
    assert watch.csp_violations() == [] and watch.page_errors == []


def test_second_turn_goes_to_the_model_with_the_first(model_site, bedrock, open_page):
    """The widget sends the conversation id back: Bedrock's second call carries the first turn."""
    page = _open(open_page, model_site.url).page
    bedrock.clear()
    _send(page, "Which projects use DynamoDB?")
    _send(page, "What was its peak throughput?")
    opening, follow_up = bedrock.requests[-2:]
    assert opening.roles == ["user"]
    assert follow_up.roles == ["user", "assistant", "user"]


def test_thread_survives_navigation_and_answers_follow_ups(kb_site, open_page, artifacts):
    """Ask about a project, open its page, come back: the thread is there and "its" means it."""
    watch = _open(open_page, kb_site.url)
    page = watch.page
    first = _send(page, "Tell me about the serverless order API")
    assert "Serverless order API" in first.inner_text()
    conversation = page.evaluate("JSON.parse(sessionStorage.getItem('cfx-eve-conversation')).id")
    assert conversation
    # Follow the reply's own link to the project page: the panel reopens with the thread.
    first.locator('a[href="/projects/serverless-order-api/"]').first.click()
    page.wait_for_url("**/projects/serverless-order-api/")
    assert page.locator("#eve-panel").is_visible()
    assert "Tell me about the serverless order API" in page.locator("#eve-log").inner_text()
    page.go_back()
    page.wait_for_url(kb_site.url + "/")
    log = page.locator("#eve-log")
    assert log.locator(".msg-user").count() == 1 and log.locator(".msg-eve").count() == 2
    assert log.locator(".msg-eve .msg-citations").count() == 1  # citations restored too
    restored = page.evaluate("window.__eveReplies")
    assert restored and all(event["restored"] for event in restored)
    follow_up = _send(page, "What was its peak throughput?")
    text = follow_up.inner_text()
    assert "4,800 requests per second" in text, text
    assert "Karpenter" not in text  # not another project's
    page.reload()
    assert page.locator("#eve-log .msg-user").count() == 2
    stored = page.evaluate("JSON.parse(sessionStorage.getItem('cfx-eve-conversation'))")
    assert stored["id"] == conversation and len(stored["turns"]) == 2
    page.screenshot(path=str(artifacts / "chat-thread.png"))
    assert watch.csp_violations() == [] and watch.page_errors == []


def test_new_conversation_forgets_the_thread(kb_site, open_page):
    """ "New conversation" clears the panel and the server-side thread no longer applies."""
    page = _open(open_page, kb_site.url).page
    _send(page, "Tell me about the serverless order API")
    before = page.evaluate("JSON.parse(sessionStorage.getItem('cfx-eve-conversation')).id")
    button = page.locator("#eve-new")
    assert button.is_visible()
    button.focus()
    page.keyboard.press("Enter")
    assert page.locator("#eve-log .msg-user").count() == 0
    assert page.locator("#eve-log .msg-welcome").count() == 1
    assert page.evaluate("document.activeElement.id") == "eve-input"
    page.locator("#eve-announce", has_text="New conversation").wait_for(state="attached")
    with page.expect_request(lambda r: r.url.endswith("/api/chat/")) as sent:
        reply = _send(page, "What stack did it use?")
    assert "conversation_id" not in sent.value.post_data_json  # a fresh thread on the server
    assert reply.get_attribute("data-state") == "done"
    after = page.evaluate("JSON.parse(sessionStorage.getItem('cfx-eve-conversation')).id")
    assert after and after != before


def test_new_reply_is_scrolled_to_its_start(kb_site, open_page):
    """A long reply shows its first line, not its end."""
    page = _open(open_page, kb_site.url).page
    for question in ("Which certifications does he hold?", "Show me his projects"):
        reply = _send(page, question)
    top = page.evaluate(
        """([log, reply]) => reply.getBoundingClientRect().top - log.getBoundingClientRect().top""",
        [page.locator("#eve-log").element_handle(), reply.element_handle()],
    )
    assert 0 <= top < 40
