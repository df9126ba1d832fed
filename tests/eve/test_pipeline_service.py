"""The pipeline's order lives in eve.services: limiters are asked where the pipeline puts them."""

from __future__ import annotations

import json

import jsonschema
import pytest

from cloudforgex.errors import ApiError
from eve.exceptions import ChatThrottled
from eve.guard import CHAT_REQUEST_SCHEMA, chat_request_parse
from eve.models import ChatLog
from eve.services import chat_reply_create

QUESTION = json.dumps({"message": "What has he built with Terraform?"}).encode()


def _refuse_after_call(calls: list, wait: float | None):
    def limiter():
        calls.append(True)
        return wait

    return limiter


@pytest.mark.django_db
def test_flood_refusal_comes_first_and_writes_no_log(portfolio):
    """A refused flood check raises ChatThrottled before the body is even parsed."""
    with pytest.raises(ChatThrottled) as refused:
        chat_reply_create(body=b"{not json", flood_limiter=lambda: 2.2)
    assert refused.value.status_code == 429 and refused.value.retry_after == 3
    assert ChatLog.objects.count() == 0


@pytest.mark.django_db
def test_rate_limit_is_asked_after_the_guard_and_logged_when_refused(portfolio):
    """Guard blocks never ask the rate limiter; a real question does, and its refusal is logged."""
    calls: list = []
    blocked = chat_reply_create(
        body=json.dumps({"message": "hi"}).encode(), rate_limiter=_refuse_after_call(calls, 5)
    )
    assert blocked.blocked and calls == []
    with pytest.raises(ChatThrottled) as refused:
        chat_reply_create(body=QUESTION, rate_limiter=_refuse_after_call(calls, 0.4))
    assert calls == [True] and refused.value.retry_after == 1
    assert "1 seconds" in refused.value.message
    assert ChatLog.objects.filter(blocked="throttled").count() == 1


@pytest.mark.django_db
def test_allowed_requests_are_answered(portfolio):
    """A limiter answering None lets the question through to an answer."""
    reply = chat_reply_create(body=QUESTION, flood_limiter=lambda: None, rate_limiter=lambda: None)
    assert reply.response and reply.blocked is None


@pytest.mark.parametrize(
    "payload",
    [
        {"message": "AWS?"},
        {"message": "What AWS certs?", "session_id": "abc"},
        {"message": 42},
        {"message": ""},
        {"message": "  \t"},
        {"session_id": "abc"},
        {"message": ["list"]},
        {"message": "ok", "session_id": 7},
    ],
)
def test_published_request_schema_matches_the_parser(payload):
    """What the OpenAPI schema accepts is what chat_request_parse accepts (session_id is lenient)."""
    try:
        jsonschema.validate(payload, CHAT_REQUEST_SCHEMA)
        schema_accepts = True
    except jsonschema.ValidationError:
        schema_accepts = False
    try:
        chat_request_parse(json.dumps(payload).encode(), max_bytes=16 * 1024)
        parser_accepts = True
    except ApiError:  # empty_message, invalid_message, invalid_json
        parser_accepts = False
    if payload.get("session_id") == 7:  # the parser drops a non-string session id instead
        assert parser_accepts and not schema_accepts
    else:
        assert schema_accepts == parser_accepts


@pytest.mark.django_db
def test_openapi_describes_the_parser(client):
    """POST /api/chat/'s documented request body is the parser's own schema, not a dead serializer."""
    openapi = client.get("/api/schema/", {"format": "json"}).json()
    body = openapi["paths"]["/api/chat/"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == CHAT_REQUEST_SCHEMA
