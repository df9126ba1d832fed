"""POST /api/chat/: request shape, reply shape, and each pipeline layer stopping what it should."""

from __future__ import annotations

import json
import logging

import pytest

from eve.models import ChatLog, KnowledgeEntry, SuggestedQuestion
from portfolio.models import Project
from tests.eve.conftest import CHAT_URL

REPLY_KEYS = {
    "response",
    "source",
    "blocked",
    "degraded",
    "citations",
    "status",
    "request_id",
    "conversation_id",
}


def post_raw(api_client, body: bytes, content_type: str = "application/json", path: str = CHAT_URL):
    return api_client.generic("POST", path, body, content_type=content_type)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", "invalid_json"),
        (b"", "invalid_json"),
        (b"\xff\xfe{}", "invalid_json"),
        (b"[1, 2, 3]", "invalid_json"),
        (b'"just a string"', "invalid_json"),
        (b"null", "invalid_json"),
        (b"[" * 5000 + b"]" * 5000, "invalid_json"),
        (b"{}", "empty_message"),
        (b'{"message": ""}', "empty_message"),
        (b'{"message": "   \\n\\t "}', "empty_message"),
        (b'{"message": null}', "empty_message"),
        (b'{"message": "\\u0000\\u0001"}', "empty_message"),
        (b'{"message": 42}', "invalid_message"),
        (b'{"message": ["What AWS certs?"]}', "invalid_message"),
        (b'{"message": {"text": "hi"}}', "invalid_message"),
        (b'{"message": true}', "invalid_message"),
    ],
)
def test_malformed_requests_get_400_with_code(db, api_client, body, code):
    """Every malformed body is a 400 whose code says what to fix, and nothing is logged."""
    response = post_raw(api_client, body)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["error"]
    assert ChatLog.objects.count() == 0


def test_body_over_16_kib_is_413(db, api_client):
    """An oversized body is refused with payload_too_large, with or without Content-Length."""
    body = json.dumps({"message": "a" * 17_000}).encode()
    response = post_raw(api_client, body)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    from eve.exceptions import PayloadTooLarge
    from eve.guard import chat_request_parse

    with pytest.raises(PayloadTooLarge):
        chat_request_parse(body, max_bytes=16 * 1024)


def test_reply_shape_and_alias(portfolio, chat):
    """The reply has every documented key, and /chat answers the same way as /api/chat/."""
    for path in (CHAT_URL, "/chat", "/api/chat"):
        response = chat("What projects use Terraform?", path=path)
        assert response.status_code == 200, path
        body = response.json()
        assert set(body) == REPLY_KEYS
        assert body["status"] == "success" and body["request_id"]
        assert body["source"] in {"knowledge_base", "cache"}
        assert body["blocked"] is None and body["degraded"] is False


def test_guard_block_is_a_friendly_200_naming_real_topics(portfolio, chat):
    """A lone greeting gets a 200 nudge that names something real from the portfolio."""
    body = chat("hey!!").json()
    assert body["source"] == "guard" and body["blocked"] == "wasteful"
    assert "Thabo" in body["response"] and "Terraform" in body["response"]
    assert body["citations"] == []
    assert chat("hi").json()["blocked"] == "too_short"
    assert chat("a" * 1001 + "?").json()["blocked"] == "too_long"


def test_knowledge_base_answer_cites_published_records_with_links(portfolio, chat):
    """A real question is answered from the right records, with links, never unpublished ones."""
    body = chat("What has he built with Kubernetes?").json()
    assert body["source"] == "knowledge_base"
    slugs = [citation["slug"] for citation in body["citations"]]
    assert slugs[0] == "eks-platform"
    assert "[EKS Platform Blueprint](/projects/eks-platform/)" in body["response"]
    assert all(set(c) == {"kind", "title", "slug", "url"} for c in body["citations"])


def test_unpublished_content_is_never_used(portfolio, chat):
    """Unpublished projects, certificates and knowledge never appear in answers or citations."""
    for question in [
        "Does he know Rust or quantum ledgers?",
        "Does he have an Oracle database certificate?",
        "What salary does he expect? zebra gold coins",
    ]:
        body = chat(question).json()
        text = json.dumps(body)
        assert "Quantum Ledger" not in text and "secret-project" not in text
        assert "Oracle" not in text and "zebra" not in text


def test_expired_certificate_is_not_presented_as_current(portfolio, chat):
    """An expired certificate is cited (no viewer slug: it has no file) but described as expired."""
    body = chat("Is he a Certified Kubernetes Administrator?").json()
    cka = [c for c in body["citations"] if c["kind"] == "certificate"]
    assert cka and cka[0]["title"] == "Certified Kubernetes Administrator"
    assert cka[0]["slug"] is None
    assert "EXPIRED" in body["response"] and "not current" in body["response"]


def test_unknown_topic_says_so_and_points_to_contact(portfolio, chat):
    """Nothing relevant: EVE says it does not know and how to reach the owner."""
    body = chat("What is his favourite pizza topping?").json()
    assert "I don't have that information" in body["response"]
    assert "thabo@example.com" in body["response"]
    assert body["citations"] == []


def test_canned_answer_matches_normalised_text(portfolio, chat):
    """A suggested question's answer is returned for any spelling of it, for free."""
    for spelling in [
        "What is Thabo's strongest skill?",
        "what is thabos   strongest skill",
        "WHAT IS THABO'S STRONGEST SKILL?!",
    ]:
        body = chat(spelling).json()
        assert body["source"] == "canned"
        assert body["response"] == "Designing **secure AWS platforms** with Terraform."


def test_repeated_question_comes_from_cache_until_content_changes(portfolio, chat):
    """Same question, same content: cached; any content save invalidates the cache."""
    first = chat("Which certificates does he hold?").json()
    again = chat("which certificates does he hold").json()
    assert first["source"] == "knowledge_base" and again["source"] == "cache"
    assert again["response"] == first["response"] and again["citations"] == first["citations"]
    KnowledgeEntry.objects.create(title="Conferences", body="Spoke at AWS Summit Johannesburg.")
    assert chat("Which certificates does he hold?").json()["source"] == "knowledge_base"


def test_publishing_and_unpublishing_changes_answers_immediately(portfolio, chat):
    """Unpublishing a project removes it from the very next answer (no stale snapshot)."""
    assert chat("Tell me about the Spam Shield project").json()["citations"][0]["slug"] == (
        "spam-shield"
    )
    Project.objects.filter(slug="spam-shield").update(published=False)  # no signal: queryset
    project = Project.objects.get(slug="spam-shield")
    project.save()  # the admin saves the instance: the signal fires
    body = chat("Tell me about the Spam Shield project").json()
    assert "spam-shield" not in [c["slug"] for c in body["citations"]]


def test_one_log_row_per_request_with_the_documented_fields(portfolio, chat):
    """Each request past the shape check writes one ChatLog row describing what happened."""
    chat("hey!!", HTTP_X_REQUEST_ID="req-abcdef12")
    chat("What has he built with Kubernetes?")
    blocked, answered = ChatLog.objects.order_by("id")
    assert blocked.source == "guard" and blocked.blocked == "wasteful"
    assert blocked.request_id == "req-abcdef12" and len(blocked.client_hash) == 32
    assert answered.message == "What has he built with Kubernetes?"
    assert answered.source == "knowledge_base" and answered.response
    assert answered.citations[0]["slug"] == "eks-platform"
    assert answered.latency_ms >= 0 and answered.blocked == ""


def test_app_log_omits_the_message_text(portfolio, chat, caplog):
    """INFO logs say what happened without the visitor's words."""
    with caplog.at_level(logging.INFO, logger="eve.services"):
        chat("Does he know anything about Zanzibar Terraform modules?")
    lines = [record.getMessage() for record in caplog.records if record.name == "eve.services"]
    assert lines and "source=knowledge_base" in lines[0]
    assert not any("Zanzibar" in line for line in lines)


def test_session_id_is_kept_and_sanitised(portfolio, api_client):
    """A session id is logged (trimmed and cleaned); a wrong type is ignored, not an error."""
    api_client.post(
        CHAT_URL, {"message": "AWS?", "session_id": "abc\x00def" + "x" * 100}, format="json"
    )
    response = api_client.post(CHAT_URL, {"message": "AWS?", "session_id": 7}, format="json")
    assert response.status_code == 200
    first, second = ChatLog.objects.order_by("id")
    assert first.session_id.startswith("abcdef") and len(first.session_id) == 64
    assert second.session_id == ""


def test_suggested_questions_are_listed_in_order(portfolio, api_client):
    """GET /api/suggested-questions/ lists active questions in order."""
    SuggestedQuestion.objects.create(question="Hidden one", active=False, order=0)
    body = api_client.get("/api/suggested-questions/").json()
    assert [item["question"] for item in body] == [
        "What is Thabo's strongest skill?",
        "Which projects use Kubernetes?",
    ]


def test_get_on_chat_is_a_json_405(db, api_client):
    """Wrong method: JSON error, never HTML."""
    response = api_client.get(CHAT_URL)
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"
