"""Whatever Bedrock does, every visitor gets a 200 with ``degraded: true`` inside the timeout budget."""

import itertools
import json

import pytest

from bench.content import REAL_QUESTIONS
from bench.live import app_env
from bench.loadgen import Request, run_load
from harness.bedrock import FakeBedrock
from tests.reliability.conftest import count_rows
from tests.reliability.leaks import TRACE_MARKERS

pytestmark = pytest.mark.slow

READ_TIMEOUT = 1.0
CONNECT_TIMEOUT = 1.0
ATTEMPTS = 2
# Every attempt may use its full connect + read time, plus botocore's retry backoff.
BUDGET = ATTEMPTS * (CONNECT_TIMEOUT + READ_TIMEOUT) + 2.0
_questions = itertools.count()


@pytest.fixture(scope="module")
def bedrock():
    with FakeBedrock(hang_seconds=20) as fake:
        yield fake


@pytest.fixture(scope="module")
def model_server(postgres, redis_server, migrated, bedrock):
    from harness.services import GunicornServer

    env = app_env(
        database_url=postgres.url,
        redis_url=redis_server.url,
        bedrock_url=bedrock.url,
        EVE_READ_TIMEOUT=str(READ_TIMEOUT),
        EVE_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
        EVE_MAX_ATTEMPTS=str(ATTEMPTS),
    )
    with GunicornServer(env=env) as server:
        yield server


def _fresh_question() -> str:
    """A real question never asked before, so neither the cache nor a canned answer replies."""
    n = next(_questions)
    return f"{REAL_QUESTIONS[n % len(REAL_QUESTIONS)]} (visitor {n})"


def _ask(server, message: str) -> dict:
    # The socket timeout is the budget: a request that hangs past it fails the test.
    status, body = server.chat(message, timeout=BUDGET)
    assert status == 200, body
    text = json.dumps(body)
    assert not any(marker in text for marker in TRACE_MARKERS)
    return body


def test_healthy_model_answers_with_source_model(model_server, bedrock):
    """Positive control: with Bedrock healthy the reply comes from the model, not degraded."""
    bedrock.set_mode("ok")
    bedrock.clear()
    body = _ask(model_server, _fresh_question())
    assert body["source"] == "model" and body["degraded"] is False
    assert len(bedrock.requests) == 1


@pytest.mark.parametrize(
    "mode,delay",
    [
        ("delay", 3 * READ_TIMEOUT),  # slower than the read timeout
        ("hang", 0.0),
        ("throttle", 0.0),
        ("server_error", 0.0),
        ("validation", 0.0),
        ("access_denied", 0.0),
        ("malformed", 0.0),
    ],
)
def test_every_bedrock_failure_degrades_to_the_knowledge_base(
    model_server, bedrock, postgres, mode, delay
):
    """Slow, hanging, throttling, erroring or garbage Bedrock: a 200 degraded reply, logged as such."""
    bedrock.set_mode(mode, delay=delay)
    bedrock.clear()
    degraded_before = count_rows(postgres.url, "eve_chatlog WHERE degraded")
    try:
        body = _ask(model_server, _fresh_question())
    finally:
        bedrock.set_mode("ok")
    assert body["degraded"] is True, body
    assert body["source"] == "knowledge_base"
    assert body["status"] == "success" and body["response"].strip()
    assert len(bedrock.requests) >= 1  # the model really was tried
    assert count_rows(postgres.url, "eve_chatlog WHERE degraded") == degraded_before + 1


def test_many_visitors_during_a_hang_all_get_answers(model_server, bedrock):
    """Sixteen visitors at once while Bedrock hangs: all sixteen get degraded 200s, none hangs."""
    bedrock.set_mode("hang")
    try:
        requests = [Request.chat(_fresh_question()) for _ in range(16)]
        result = run_load(
            requests,
            port=model_server.port,
            concurrency=16,
            time_limit=BUDGET * 3,
            request_timeout=BUDGET,
        )
    finally:
        bedrock.set_mode("ok")
    assert result.errors == [] and result.not_sent == 0, result.summary()
    assert result.statuses == {200: 16}
    assert all(outcome.json()["degraded"] is True for outcome in result.outcomes)
