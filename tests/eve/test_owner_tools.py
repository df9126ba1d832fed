"""The conversation view, "Try EVE as a visitor", the CSV exports and the tidied chat log."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from eve.models import ChatFeedback, ChatLog, TokenUsage
from tests.eve.factories import log_row

TRY = "/admin/eve/chatlog/try/"


def test_conversation_shows_the_whole_thread_as_the_visitor_saw_it(owner, db):
    first = log_row(days_ago=0, message="Which projects use Terraform?", conversation_id="c-1")
    second = log_row(
        message="<img src=x onerror=alert(1)> and the second one?",
        conversation_id="c-1",
        source="model",
        response="**Spam Shield** — see [the project](/projects/spam-shield/) or [x](javascript:alert(1)).",
        input_tokens=321,
        output_tokens=45,
        cost_usd=Decimal("0.000123"),
        latency_ms=812,
        citations=[
            {
                "kind": "project",
                "title": "Spam Shield",
                "slug": "spam-shield",
                "url": "/projects/spam-shield/",
            }
        ],
    )
    ChatFeedback.objects.create(chat_log=second, helpful=False, comment="<script>x()</script>")
    log_row(message="Another visitor's question", conversation_id="c-2")
    page = owner.get(f"/admin/eve/chatlog/{first.pk}/conversation/").content.decode()
    assert page.index("Which projects use Terraform?") < page.index("and the second one?")
    assert "Another visitor" not in page
    assert "<strong>Spam Shield</strong>" in page
    assert '<a href="/projects/spam-shield/">the project</a>' in page
    assert 'href="javascript:' not in page and "<img src=x" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page and "<script>x()" not in page
    assert "321 in / 45 out" in page and "$0.000123" in page and "812 ms" in page


def test_a_row_without_a_conversation_id_is_shown_on_its_own(owner, db):
    row = log_row(message="Lonely question")
    log_row(message="Someone else")
    page = owner.get(f"/admin/eve/chatlog/{row.pk}/conversation/").content.decode()
    assert "Lonely question" in page and "Someone else" not in page
    assert owner.get("/admin/eve/chatlog/999999/conversation/").status_code == 404


def test_try_eve_explains_without_a_model_call_or_a_log_row(owner, portfolio, fake_bedrock):
    """With Bedrock configured: the prompt and its size are shown, nothing is sent or logged."""
    response = owner.post(TRY, {"message": "Which projects use Terraform?", "explain": "1"})
    assert response.status_code == 200
    assert fake_bedrock.requests == []
    assert not ChatLog.objects.exists() and not TokenUsage.objects.exists()
    rehearsal = response.context["rehearsal"]
    assert rehearsal.would_call_model and rehearsal.estimated_tokens > 50
    used = [item.record.title for item in rehearsal.records if item.used]
    assert "Serverless Resume API" in used
    assert all(item.score > 0 for item in rehearsal.records if item.used)
    page = response.content.decode()
    assert "You are EVE, the assistant on Thabo" in page and "Send to the model" in page
    assert "user: Which projects use Terraform?" in page


def test_try_eve_calls_the_model_only_when_asked_and_still_logs_no_chat(
    owner, portfolio, fake_bedrock
):
    response = owner.post(TRY, {"message": "Which projects use Terraform?", "send": "1"})
    assert response.status_code == 200
    (request,) = fake_bedrock.requests
    assert request.system_text == response.context["rehearsal"].system
    assert response.context["rehearsal"].model_reply.text.startswith("EVE here:")
    assert not ChatLog.objects.exists()
    assert TokenUsage.objects.get().calls == 1  # real tokens were spent: they count


def test_try_eve_shows_guard_and_canned_verdicts(owner, portfolio):
    blocked = owner.post(TRY, {"message": "hello there, testing"}).context["rehearsal"]
    assert blocked.source == "guard" and blocked.blocked == "wasteful"
    canned = owner.post(TRY, {"message": "What is Thabo's strongest skill?"}).context["rehearsal"]
    assert canned.source == "canned" and "secure AWS platforms" in canned.reply
    assert not ChatLog.objects.exists()


def _csv(response) -> list[list[str]]:
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_chat_logs_export_streams_the_period_as_csv(owner, db):
    for n in range(5):
        log_row(message=f"Question {n}?", latency_ms=n)
    log_row(message='=HYPERLINK("http://evil")', latency_ms=9)
    log_row(days_ago=40, message="Too old")
    response = owner.get("/admin/eve/chatlog/export/chat-logs.csv?days=30")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:4] == ["created_at", "request_id", "conversation_id", "message"]
    messages = [row[3] for row in rows[1:]]
    assert messages == [f"Question {n}?" for n in range(5)] + ['\'=HYPERLINK("http://evil")']


def test_feedback_export(owner, db):
    row = log_row(message="Which projects use Terraform?", request_id="req-1")
    ChatFeedback.objects.create(chat_log=row, helpful=False, comment="missed one")
    rows = _csv(owner.get("/admin/eve/chatlog/export/feedback.csv"))
    assert rows[1][1:5] == ["req-1", "False", "missed one", "Which projects use Terraform?"]


def test_chat_log_list_and_detail_are_readable(owner, db):
    healthy = log_row(message="Which projects use Terraform?", response="**Bold** reply")
    degraded = log_row(message="Azure?", degraded=True, fallback_reason="timeout:read")
    ChatFeedback.objects.create(chat_log=healthy, helpful=False, comment="<i>meh</i>")
    page = owner.get("/admin/eve/chatlog/").content.decode()
    assert "icon-no.svg" not in page  # no red cross on every healthy row
    assert "(degraded)" in page and page.count("(degraded)") == 1
    assert "&lt;i&gt;meh&lt;/i&gt;" in page
    assert f"/admin/eve/chatlog/{healthy.pk}/conversation/" in page
    detail = owner.get(f"/admin/eve/chatlog/{healthy.pk}/change/").content.decode()
    assert "<strong>Bold</strong> reply" in detail
    assert owner.get(f"/admin/eve/chatlog/{degraded.pk}/change/").status_code == 200


def test_try_eve_shows_a_failed_model_call_as_the_visitor_would_get_it(
    owner, portfolio, fake_bedrock
):
    fake_bedrock.set_mode("server_error")
    response = owner.post(TRY, {"message": "Which projects use Terraform?", "send": "1"})
    assert response.context["rehearsal"].model_error.startswith("bedrock:")
    assert "The model call failed" in response.content.decode()
    assert not ChatLog.objects.exists()
