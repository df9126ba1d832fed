"""The token budget holds under concurrency, on gunicorn and a real PostgreSQL.

Before reservations, 40 visitors against a 1,000-token budget and a 1-second
model all got model answers (17,208 tokens recorded): each checked the budget
before any of them had been charged.
"""

from decimal import Decimal

import pytest

from bench.content import REAL_QUESTIONS
from bench.live import app_env
from bench.loadgen import Request, run_load
from eve.budget import input_tokens_estimate
from harness.bedrock import FakeBedrock
from tests.reliability.conftest import query_value

pytestmark = pytest.mark.slow

VISITORS = 48
BUDGET = 4_000
MAX_TOKENS = 400


@pytest.fixture(scope="module")
def bedrock():
    with FakeBedrock(mode="delay", delay=1.0) as fake:
        yield fake


def _ask_all(server, count: int, label: str):
    requests = [
        Request.chat(f"{REAL_QUESTIONS[i % len(REAL_QUESTIONS)]} ({label} visitor {i})")
        for i in range(count)
    ]
    return run_load(
        requests, port=server.port, concurrency=count, time_limit=90, request_timeout=60
    )


def _reset(database_url: str) -> None:
    query_value(
        database_url,
        "WITH a AS (DELETE FROM eve_tokenusage), b AS (DELETE FROM eve_chatlog) SELECT 1",
    )


def test_48_concurrent_visitors_cannot_overshoot_a_small_budget(
    postgres, redis_server, migrated, bedrock, live_server_factory
):
    """Total recorded usage stays within the budget plus one reservation; the rest get the KB."""
    _reset(postgres.url)
    bedrock.clear()
    env = app_env(
        database_url=postgres.url,
        redis_url=redis_server.url,
        bedrock_url=bedrock.url,
        GUNICORN_WORKERS="2",
        EVE_DAILY_TOKEN_BUDGET=str(BUDGET),
        EVE_MAX_TOKENS=str(MAX_TOKENS),
        EVE_MAX_ATTEMPTS="1",
        EVE_READ_TIMEOUT="10",
    )
    server = live_server_factory(env)
    result = _ask_all(server, VISITORS, "budget")
    assert not result.errors, result.errors[:3]
    assert result.statuses == {200: VISITORS}
    bodies = [outcome.json() for outcome in result.outcomes]
    model_answers = [body for body in bodies if body["source"] == "model"]
    assert 1 <= len(model_answers) < VISITORS // 4, len(model_answers)
    assert all(body["source"] in {"model", "knowledge_base"} for body in bodies)

    recorded = query_value(
        postgres.url, "SELECT COALESCE(SUM(input_tokens + output_tokens), 0) FROM eve_tokenusage"
    )
    largest_reservation = max(
        input_tokens_estimate(request.system_text, request.user_text) + MAX_TOKENS
        for request in bedrock.requests
    )
    assert recorded <= BUDGET + largest_reservation, (recorded, largest_reservation)
    # Settled to the real usage: the day's row equals what the model calls reported.
    logged = query_value(
        postgres.url,
        "SELECT COALESCE(SUM(input_tokens + output_tokens), 0) FROM eve_chatlog"
        " WHERE source = 'model'",
    )
    assert recorded == logged
    assert query_value(postgres.url, "SELECT calls FROM eve_tokenusage") == len(bedrock.requests)
    assert len(bedrock.requests) == len(model_answers)
    spent = query_value(postgres.url, "SELECT cost_usd FROM eve_tokenusage")
    assert spent == query_value(postgres.url, "SELECT SUM(cost_usd) FROM eve_chatlog") > 0
    reasons = query_value(
        postgres.url,
        "SELECT array_agg(DISTINCT fallback_reason) FROM eve_chatlog WHERE source <> 'model'",
    )
    assert reasons == ["daily_budget_spent"]


def test_model_calls_beyond_the_per_process_cap_get_the_knowledge_base_at_once(
    postgres, redis_server, migrated, bedrock, live_server_factory
):
    """With a cap of 2 calls per process, 8 simultaneous chats make 2 model calls, not a queue."""
    _reset(postgres.url)
    bedrock.clear()
    bedrock.set_mode("delay", delay=3.0)
    try:
        env = app_env(
            database_url=postgres.url,
            redis_url=redis_server.url,
            bedrock_url=bedrock.url,
            GUNICORN_WORKERS="1",
            EVE_MAX_CONCURRENT_MODEL_CALLS="2",
            EVE_READ_TIMEOUT="10",
        )
        server = live_server_factory(env)
        result = _ask_all(server, 8, "cap")
    finally:
        bedrock.set_mode("delay", delay=1.0)
    assert result.statuses == {200: 8}
    bodies = [outcome.json() for outcome in result.outcomes]
    sources = sorted(body["source"] for body in bodies)
    assert sources == ["knowledge_base"] * 6 + ["model"] * 2, sources
    assert len(bedrock.requests) == 2
    assert all(body["degraded"] for body in bodies if body["source"] == "knowledge_base"), bodies
    busy = query_value(
        postgres.url, "SELECT count(*) FROM eve_chatlog WHERE fallback_reason = 'model_busy'"
    )
    assert busy == 6
    assert Decimal(query_value(postgres.url, "SELECT cost_usd FROM eve_tokenusage")) > 0
