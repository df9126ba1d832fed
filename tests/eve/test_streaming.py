"""POST /api/chat/ with Accept: text/event-stream: deltas, then a done event equal to the JSON reply."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from eve.models import ChatLog, TokenUsage
from harness.sse import parse_events
from tests.eve.conftest import CHAT_URL

SSE = "text/event-stream"


@pytest.fixture
def ask(api_client):
    """POST a message; with stream=True ask for SSE and return (response, events)."""

    def send(message: str, *, stream: bool = True, **payload):
        extra = {"HTTP_ACCEPT": SSE} if stream else {}
        response = api_client.post(
            CHAT_URL, {"message": message, **payload}, format="json", **extra
        )
        if not stream or not response.streaming:
            return response, []
        return response, parse_events(b"".join(response.streaming_content))

    return send


def _without_ids(body: dict) -> dict:
    return {
        key: value for key, value in body.items() if key not in ("request_id", "conversation_id")
    }


def test_knowledge_base_answer_is_one_delta_then_done_equal_to_the_json(portfolio, ask):
    """KB answers stream as one delta; done is the very JSON a plain request gets."""
    response, events = ask("What projects use Terraform?")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(SSE)
    assert [event.name for event in events] == ["delta", "done"]
    done = events[-1].json()
    assert events[0].json() == {"text": done["response"]}
    cache.clear()
    plain = ask("What projects use Terraform?", stream=False)[0]
    assert plain["Content-Type"] == "application/json"
    assert _without_ids(done) == _without_ids(plain.json())
    assert set(done) == set(plain.json())
    assert done["request_id"] == response["X-Request-ID"]


def test_done_data_is_byte_for_byte_the_json_renderer_output(portfolio, ask):
    """The done event's data is exactly what the JSON endpoint would have rendered."""
    _response, events = ask("What is Thabo's strongest skill?")
    done = events[-1]
    plain = ask("What is Thabo's strongest skill?", stream=False)[0]
    expected = plain.content.decode()
    for key in ("request_id", "conversation_id"):
        expected = expected.replace(plain.json()[key], done.json()[key])
    assert done.data == expected


@pytest.mark.parametrize(
    "message,source",
    [("hi", "guard"), ("What is Thabo's strongest skill?", "canned")],
)
def test_guard_and_canned_answers_stream_as_one_delta(portfolio, ask, message, source):
    _, events = ask(message)
    assert [event.name for event in events] == ["delta", "done"]
    assert events[-1].json()["source"] == source
    assert events[0].json()["text"] == events[-1].json()["response"]


def test_cached_answer_streams_as_one_delta(portfolio, ask):
    ask("What projects use Terraform?")
    _, events = ask("What projects use Terraform?")
    assert [event.name for event in events] == ["delta", "done"]
    assert events[-1].json()["source"] == "cache"


def test_stream_headers_keep_proxies_and_compressors_out_of_the_way(portfolio, ask):
    """No buffering at nginx, no caching, no gzip even when the client offers it."""
    response, _ = ask("What projects use Terraform?", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["X-Accel-Buffering"] == "no"
    assert "no-cache" in response["Cache-Control"]
    assert not response.has_header("Content-Encoding")


def test_errors_stay_json_when_the_client_asks_for_a_stream(portfolio, api_client, settings):
    """400, 413 and 429 are JSON {"error", "code"} whatever Accept says."""
    cases = [
        (b"{not json", 400, "invalid_json"),
        (json.dumps({"message": ""}).encode(), 400, "empty_message"),
        (json.dumps({"message": "x" * 20000}).encode(), 413, "payload_too_large"),
    ]
    for body, status, code in cases:
        response = api_client.generic(
            "POST", CHAT_URL, body, content_type="application/json", HTTP_ACCEPT=SSE
        )
        assert response.status_code == status
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == code
    settings.EVE_THROTTLE_RATES = {"burst": "1/min", "sustained": "100/day", "flood": "100/min"}
    for expected in (200, 429):
        response = api_client.post(
            CHAT_URL, {"message": "Which AWS certifications?"}, format="json", HTTP_ACCEPT=SSE
        )
        assert response.status_code == expected
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "throttled" and response.has_header("Retry-After")


# ------------------------------------------------------------------------- Bedrock


def test_bedrock_reply_streams_in_pieces_then_done(portfolio, ask, fake_bedrock):
    """ConverseStream's chunks become delta events in order; done holds the whole reply."""
    fake_bedrock.set_stream(chunk_words=1)
    _, events = ask("What has he built with Kubernetes?")
    deltas = [event.json()["text"] for event in events if event.name == "delta"]
    assert len(deltas) > 3 and events[-1].name == "done"
    done = events[-1].json()
    assert done["source"] == "model" and done["degraded"] is False
    assert "".join(deltas).strip() == done["response"]
    assert done["response"].startswith("EVE here: [1] Project EKS Platform Blueprint")
    (request,) = fake_bedrock.requests
    assert request.path.endswith("/converse-stream")


def test_streamed_and_plain_replies_are_identical_and_cost_the_same(portfolio, ask, fake_bedrock):
    """Same question, model both times: same JSON, same tokens logged and counted."""
    _, events = ask("What has he built with Kubernetes?")
    cache.clear()
    plain = ask("What has he built with Kubernetes?", stream=False)[0].json()
    assert _without_ids(events[-1].json()) == _without_ids(plain)
    streamed_log, plain_log = ChatLog.objects.order_by("id")
    assert (streamed_log.input_tokens, streamed_log.output_tokens) == (
        plain_log.input_tokens,
        plain_log.output_tokens,
    )
    assert streamed_log.input_tokens > 0
    usage = TokenUsage.objects.get()
    assert usage.calls == 2
    assert usage.input_tokens == 2 * plain_log.input_tokens
    assert usage.output_tokens == 2 * plain_log.output_tokens


@pytest.mark.parametrize(
    "failure,reason",
    [("exception", "bedrock:modelStreamErrorException"), ("cut", "stream_broken")],
)
def test_failure_mid_stream_ends_with_a_degraded_answer(
    portfolio, ask, fake_bedrock, failure, reason
):
    """Text already sent, then Bedrock fails: done carries the knowledge-base answer, degraded."""
    fake_bedrock.set_stream(chunk_words=1, failure=failure, fail_after=2)
    _, events = ask("What has he built with Kubernetes?")
    assert [event.name for event in events[:2]] == ["delta", "delta"]
    assert events[-1].name == "done"
    done = events[-1].json()
    assert done["degraded"] is True and done["source"] == "knowledge_base"
    assert "EKS Platform Blueprint" in done["response"]
    log = ChatLog.objects.get()
    assert log.fallback_reason == reason and log.degraded


def test_read_timeout_between_chunks_degrades(portfolio, ask, fake_bedrock):
    """A model that stalls mid-reply longer than EVE_READ_TIMEOUT ends in a degraded done."""
    fake_bedrock.set_stream(chunk_words=1, chunk_delay=1.5)
    _, events = ask("What has he built with Kubernetes?")
    assert events[-1].json()["degraded"] is True
    assert ChatLog.objects.get().fallback_reason == "timeout:read"


def test_failure_before_the_stream_starts_degrades(portfolio, ask, fake_bedrock):
    """A throttled ConverseStream call is one degraded delta + done, like a plain request."""
    fake_bedrock.set_mode("throttle")
    _, events = ask("What has he built with Kubernetes?")
    assert [event.name for event in events] == ["delta", "done"]
    assert events[-1].json()["degraded"] is True
    assert ChatLog.objects.get().fallback_reason == "bedrock:ThrottlingException"


# Closing a response fires request_finished, which closes the connection as a real
# server would: the test runs outside a wrapping transaction so that is harmless.
@pytest.mark.django_db(transaction=True)
def test_a_visitor_leaving_mid_stream_is_logged_and_counted(portfolio, api_client, fake_bedrock):
    """Closing the stream early still writes the log row and counts the tokens spent."""
    fake_bedrock.set_stream(chunk_words=1)
    response = api_client.post(
        CHAT_URL,
        {"message": "What has he built with Kubernetes?"},
        format="json",
        HTTP_ACCEPT=SSE,
    )
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first.startswith(b"event: delta")
    response.close()  # what the WSGI server does when the client goes away
    log = ChatLog.objects.get()
    assert log.fallback_reason == "client_gone"
    assert log.response and log.input_tokens > 0
    assert TokenUsage.objects.get().calls == 1


def test_a_streamed_reply_records_its_cost_and_settles_the_budget_like_a_plain_one(
    portfolio, ask, fake_bedrock, settings
):
    """The stream's metadata usage is what the reservation settles to; the slot comes back."""
    settings.EVE_MAX_CONCURRENT_MODEL_CALLS = 1  # a slot not released would make the next busy
    _, events = ask("What has he built with Kubernetes?")
    assert events[-1].json()["source"] == "model"
    cache.clear()
    assert ask("What has he built with Kubernetes?", stream=False)[0].json()["source"] == "model"
    streamed_log, plain_log = ChatLog.objects.order_by("id")
    assert streamed_log.cost_usd == plain_log.cost_usd > 0
    usage = TokenUsage.objects.get()
    # Settled to the real usage: nothing of either reservation is left on the row.
    assert usage.input_tokens == streamed_log.input_tokens + plain_log.input_tokens
    assert usage.output_tokens == streamed_log.output_tokens + plain_log.output_tokens
    assert usage.cost_usd == streamed_log.cost_usd + plain_log.cost_usd
    assert usage.calls == 2


@pytest.mark.parametrize("failure", ["exception", "cut"])
def test_a_stream_failing_midway_is_charged_and_frees_its_slot(
    portfolio, ask, fake_bedrock, settings, failure
):
    """A broken stream is settled at its estimate (it may be billed) and the slot released."""
    settings.EVE_MAX_CONCURRENT_MODEL_CALLS = 1
    fake_bedrock.set_stream(chunk_words=1, failure=failure, fail_after=2)
    _, events = ask("What has he built with Kubernetes?")
    assert events[-1].json()["degraded"] is True
    failed = ChatLog.objects.get()
    assert failed.cost_usd > 0 and TokenUsage.objects.get().cost_usd == failed.cost_usd
    fake_bedrock.set_stream()
    cache.clear()
    _, events = ask("What has he built with Kubernetes?")
    assert events[-1].json()["source"] == "model"  # not model_busy


@pytest.mark.django_db(transaction=True)
def test_a_visitor_leaving_mid_stream_settles_the_reservation_and_frees_the_slot(
    portfolio, api_client, ask, fake_bedrock, settings
):
    """Leaving mid-reply settles at the estimate of what was read and written; the slot is back."""
    settings.EVE_MAX_CONCURRENT_MODEL_CALLS = 1
    fake_bedrock.set_stream(chunk_words=1)
    response = api_client.post(
        CHAT_URL,
        {"message": "What has he built with Kubernetes?"},
        format="json",
        HTTP_ACCEPT=SSE,
    )
    next(iter(response.streaming_content))
    response.close()
    log = ChatLog.objects.get()
    usage = TokenUsage.objects.get()
    assert (usage.input_tokens, usage.output_tokens) == (log.input_tokens, log.output_tokens)
    assert usage.cost_usd == log.cost_usd > 0
    _, events = ask("What has he built with Kubernetes?")
    assert events[-1].json()["source"] == "model"  # not model_busy


@pytest.mark.django_db(transaction=True)
def test_a_visitor_gone_before_the_body_is_read_frees_the_slot_and_is_logged(
    portfolio, api_client, ask, fake_bedrock, settings
):
    """Closed before its first byte: no model call, the reservation released, the slot back."""
    settings.EVE_MAX_CONCURRENT_MODEL_CALLS = 1
    response = api_client.post(
        CHAT_URL,
        {"message": "What has he built with Kubernetes?"},
        format="json",
        HTTP_ACCEPT=SSE,
    )
    response.close()  # never iterated
    assert fake_bedrock.requests == []
    log = ChatLog.objects.get()
    assert log.fallback_reason == "client_gone" and log.cost_usd == 0
    usage = TokenUsage.objects.get()
    assert (usage.input_tokens, usage.output_tokens, usage.calls) == (0, 0, 0)
    _, events = ask("What has he built with Kubernetes?")
    assert events[-1].json()["source"] == "model"  # not model_busy
