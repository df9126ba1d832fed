"""Conversations and streaming on a real gunicorn (the container's config: gevent workers),
PostgreSQL and Redis, against the fake Bedrock streaming ConverseStream frames with delays."""

from __future__ import annotations

import concurrent.futures
import json
import re

import pytest

from bench.live import app_env
from harness.bedrock import FakeBedrock
from harness.services import GunicornServer
from harness.sse import stream_chat

pytestmark = pytest.mark.slow

FIRST_TOKEN = 1.0
BETWEEN_CHUNKS = 0.2
HISTORY_TOKENS = 600


@pytest.fixture(scope="module")
def bedrock():
    with FakeBedrock() as fake:
        fake.set_stream(first_token_delay=FIRST_TOKEN, chunk_delay=BETWEEN_CHUNKS, chunk_words=6)
        yield fake


@pytest.fixture(scope="module")
def server(postgres, redis_server, migrated, bedrock):
    env = app_env(
        database_url=postgres.url,
        redis_url=redis_server.url,
        bedrock_url=bedrock.url,
        EVE_HISTORY_TOKENS=str(HISTORY_TOKENS),
        # Every identical question reaches the model, so streamed and plain can be compared.
        EVE_CACHE_TTL="0",
        GUNICORN_WORKERS="2",
    )
    with GunicornServer(env=env) as live:
        yield live


def _plain(server, payload: dict) -> dict:
    status, headers, body = server.request(
        "POST", "/api/chat/", json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    assert status == 200 and headers["Content-Type"] == "application/json", body
    return json.loads(body)


def _streamed(server, payload: dict):
    status, headers, events = stream_chat(server.port, payload)
    assert status == 200 and headers["Content-Type"].startswith("text/event-stream")
    assert headers.get("X-Accel-Buffering") == "no" and "Content-Encoding" not in headers
    assert events and events[-1].name == "done", events
    return events


def test_second_converse_request_carries_the_first_turn(server, bedrock):
    """Turn two, streamed from another request (maybe another worker): (user, assistant, user)."""
    bedrock.clear()
    first = _streamed(server, {"message": "Which projects use DynamoDB?"})[-1].json()
    assert first["source"] == "model"
    second = _streamed(
        server, {"message": "What stack did it use?", "conversation_id": first["conversation_id"]}
    )[-1].json()
    assert second["conversation_id"] == first["conversation_id"]
    opening, follow_up = bedrock.requests
    assert follow_up.roles == ["user", "assistant", "user"]
    texts = [message["content"][0]["text"] for message in follow_up.messages]
    assert texts == ["Which projects use DynamoDB?", first["response"], "What stack did it use?"]
    assert sum(len(text) for text in texts[:-1]) // 4 <= HISTORY_TOKENS
    # Retrieval followed the thread: the project the first answer led with leads the facts.
    lead = first["citations"][0]["title"]
    assert re.search(rf"^\[1\] Project {re.escape(lead)}", follow_up.system_text, re.M)
    assert opening.roles == ["user"]


def test_a_forged_conversation_id_gets_a_fresh_thread(server, bedrock):
    """A made-up or altered id: a new id in the reply, and the model sees no history."""
    real = _plain(server, {"message": "Which projects use DynamoDB?"})["conversation_id"]
    token, signature = real.split(".")
    for forged in ("not-an-issued-id", f"{token}.{signature[::-1]}"):
        bedrock.clear()
        reply = _plain(server, {"message": "What stack did it use?", "conversation_id": forged})
        assert reply["conversation_id"] not in (forged, real)
        (request,) = bedrock.requests
        assert request.roles == ["user"]


def test_first_delta_arrives_well_before_the_last_chunk_is_sent(server, bedrock):
    """The reply streams through gunicorn, gevent and Django: no buffering along the way."""
    bedrock.clear()
    events = _streamed(server, {"message": "What Terraform projects has he built?"})
    deltas = [event for event in events if event.name == "delta"]
    assert len(deltas) >= 3
    assert len(bedrock.chunks_sent) == len(deltas)
    # The first piece was in our hands while the model still had chunks to send.
    assert deltas[0].arrived_at < bedrock.chunks_sent[-1] - 2 * BETWEEN_CHUNKS
    assert (
        "".join(event.json()["text"] for event in deltas).strip() == events[-1].json()["response"]
    )


def test_final_event_equals_the_plain_json_for_the_same_question(server, bedrock):
    """done's data is exactly the JSON object a plain request gets (ids aside)."""
    question = {"message": "Has he worked with Kubernetes in production?"}
    streamed = _streamed(server, question)[-1].json()
    plain = _plain(server, question)
    assert streamed["source"] == plain["source"] == "model"
    for body in (streamed, plain):
        body.pop("request_id"), body.pop("conversation_id")
    assert streamed == plain


def test_streams_do_not_hold_a_worker(server, bedrock):
    """Eight streams on two gevent workers are all under way before any of them finishes."""
    # Replies of ~20 chunks (~4 s each): a held worker would leave the third stream
    # waiting that long, while parallel ones all start within the model's first second.
    original = bedrock.reply_text
    bedrock.reply_text = "EVE here: {first_fact}" + " and then some more words" * 20
    try:
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            results = list(
                pool.map(
                    lambda n: stream_chat(
                        server.port, {"message": f"What observability tools? ({n})"}
                    ),
                    range(8),
                )
            )
    finally:
        bedrock.reply_text = original
    assert all(status == 200 for status, _, _ in results)
    first_pieces = [events[0].arrived_at for _, _, events in results]
    finished = [events[-1].arrived_at for _, _, events in results]
    # A worker held by each stream would serve two at a time: the third would start late.
    assert max(first_pieces) < min(finished)
