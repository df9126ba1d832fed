"""A bounded mixed load against gunicorn + PostgreSQL + Redis loses nothing and breaks nothing."""

import json
import random

import pytest

from bench.content import CANNED, REAL_QUESTIONS
from bench.loadgen import Request, run_load
from tests.reliability.conftest import count_rows

pytestmark = pytest.mark.slow

TOTAL = 3000
CONCURRENCY = 32


def _mixed_requests(total: int) -> list[Request]:
    """What a busy afternoon looks like: reads, real questions, junk, repeats, bad requests."""
    rng = random.Random(42)
    makers = [
        (20, lambda i: Request("GET", "/health")),
        (10, lambda i: Request("GET", "/api/projects/")),
        (5, lambda i: Request("GET", f"/api/projects/project-{i % 20}/")),
        (5, lambda i: Request("GET", "/api/suggested-questions/")),
        (15, lambda i: Request.chat(rng.choice(["hi", "hello!!", "asdfgh", "ok", "test"]))),
        (10, lambda i: Request.chat(CANNED[i % len(CANNED)][0])),
        (20, lambda i: Request.chat(f"{REAL_QUESTIONS[i % len(REAL_QUESTIONS)]} ({i})")),
        (5, lambda i: Request.chat(REAL_QUESTIONS[0], path="/chat")),
        (
            5,
            lambda i: Request(
                "POST", "/api/chat/", b"{not json", (("Content-Type", "application/json"),)
            ),
        ),
        (5, lambda i: Request.chat("")),
    ]
    weights = [weight for weight, _ in makers]
    return [rng.choices(makers, weights)[0][1](i) for i in range(total)]


def _passed_shape_check(outcome) -> bool:
    """A chat request that EVE answered (200 with the reply shape) must have been logged."""
    if outcome.request.method != "POST" or outcome.status != 200:
        return False
    body = json.loads(outcome.body)
    return body.get("status") == "success" and isinstance(body.get("response"), str)


def test_mixed_load_has_no_5xx_no_socket_error_and_logs_every_chat(
    postgres, migrated, live_server_factory
):
    """3,000 requests at concurrency 32: no 5xx, no dropped socket, one ChatLog row per reply."""
    server = live_server_factory(migrated)
    logged_before = count_rows(postgres.url, "eve_chatlog")
    requests = _mixed_requests(TOTAL)

    result = run_load(requests, port=server.port, concurrency=CONCURRENCY, time_limit=150)

    assert result.not_sent == 0, result.summary()
    assert result.errors == [], result.errors[:3]
    assert result.server_errors == [], [(o.status, o.body[:200]) for o in result.server_errors[:3]]
    assert set(result.statuses) <= {200, 400}, result.summary()
    for outcome in result.outcomes:
        assert outcome.content_type.startswith("application/json"), outcome.request.path
    answered = sum(_passed_shape_check(o) for o in result.outcomes)
    chats = sum(o.request.method == "POST" and o.status == 200 for o in result.outcomes)
    assert answered == chats
    assert count_rows(postgres.url, "eve_chatlog") - logged_before == answered
