"""POST /api/chat/feedback/: a visitor's thumbs up or down on one of EVE's replies."""

from __future__ import annotations

import pytest

from eve.models import ChatFeedback, ChatLog

FEEDBACK_URL = "/api/chat/feedback/"


@pytest.fixture
def reply(portfolio, chat):
    """A real reply, logged by the chat endpoint, and its request id."""
    response = chat("Which projects use Terraform?")
    assert response.status_code == 200
    return response.json()["request_id"]


def _send(api_client, body, **extra):
    return api_client.post(FEEDBACK_URL, body, format="json", **extra)


def test_thumbs_down_with_a_comment_is_recorded_on_the_reply(api_client, reply):
    """The vote and its comment land on the ChatLog row the request id names."""
    response = _send(api_client, {"request_id": reply, "helpful": False, "comment": "Too vague"})
    assert response.status_code == 200
    assert response.json() == {
        "request_id": reply,
        "helpful": False,
        "comment": "Too vague",
        "created": True,
    }
    feedback = ChatFeedback.objects.get()
    assert feedback.chat_log == ChatLog.objects.get(request_id=reply)
    assert (feedback.helpful, feedback.comment) == (False, "Too vague")


def test_a_second_vote_updates_the_first(api_client, reply):
    """Duplicates update: one feedback row per reply, holding the latest verdict."""
    _send(api_client, {"request_id": reply, "helpful": False, "comment": "meh"})
    response = _send(api_client, {"request_id": reply, "helpful": True})
    assert response.status_code == 200 and response.json()["created"] is False
    assert ChatFeedback.objects.count() == 1
    feedback = ChatFeedback.objects.get()
    assert feedback.helpful is True and feedback.comment == ""


def test_unknown_request_id_is_a_json_404(api_client, db):
    response = _send(
        api_client, {"request_id": "0f6c1d2e-0000-4000-8000-000000000000", "helpful": True}
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not ChatFeedback.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"helpful": True},
        {"request_id": "abc-123"},
        {"request_id": "abc-123", "helpful": "yes"},
        {"request_id": "abc-123", "helpful": 1},
        {"request_id": "abc-123", "helpful": None},
        {"request_id": "../../etc", "helpful": True},
        {"request_id": "", "helpful": True},
        {"request_id": ["abc"], "helpful": True},
        {"request_id": "abc-123", "helpful": False, "comment": "x" * 501},
        {"request_id": "abc-123", "helpful": False, "comment": {"a": 1}},
        ["not", "an", "object"],
    ],
)
def test_malformed_input_is_a_json_400(api_client, db, body):
    """Every malformed body is a friendly JSON 400, never a 500."""
    response = _send(api_client, body)
    assert response.status_code == 400
    assert set(response.json()) == {"error", "code"}


def test_invalid_json_and_wrong_content_type(api_client, db):
    bad = api_client.post(FEEDBACK_URL, "{nope", content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_json"
    form = api_client.post(FEEDBACK_URL, "request_id=x&helpful=true", content_type="text/plain")
    assert form.status_code == 415 and "error" in form.json()


def test_comment_is_normalised_and_stored_as_text(api_client, reply):
    """Control characters go, markup stays inert text (it is escaped wherever it is shown)."""
    comment = "<script>alert(1)</script>\x07\u202e wrong"
    response = _send(api_client, {"request_id": reply, "helpful": False, "comment": comment})
    assert response.status_code == 200
    assert ChatFeedback.objects.get().comment == "<script>alert(1)</script> wrong"


def test_feedback_is_throttled_in_its_own_bucket(api_client, reply, settings):
    """Throttled like chat (same rates) but counted separately from the chat allowance."""
    settings.EVE_THROTTLE_RATES = {**settings.EVE_THROTTLE_RATES, "burst": "2/min"}
    for _ in range(2):
        assert _send(api_client, {"request_id": reply, "helpful": True}).status_code == 200
    refused = _send(api_client, {"request_id": reply, "helpful": True})
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled" and refused["Retry-After"]
    # The visitor's chat allowance was not spent by voting.
    chat = api_client.post(
        "/api/chat/", {"message": "Which projects use Kubernetes?"}, format="json"
    )
    assert chat.status_code == 200


def test_feedback_endpoint_is_in_the_openapi_schema(api_client, db):
    schema = api_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/chat/feedback/"]["post"]
    assert set(operation["responses"]) >= {"200", "400", "404", "429"}
    assert "ChatFeedbackVoteRequest" in schema["components"]["schemas"]
