"""Throttling (step 5): after the guard, per real client, shared across processes through Redis."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eve.models import ChatLog
from harness.services import GunicornServer
from tests.eve.conftest import CHAT_URL

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [
    "What has he built with Kubernetes?",
    "Which AWS certificates does he hold?",
    "Where did he study?",
    "Is he open to remote work?",
    "What Terraform projects has he shipped?",
    "Which programming languages does he use?",
    "What did he do at Acme Bank?",
    "Does he know Helm?",
]


@pytest.fixture
def tight_throttle(settings):
    settings.EVE_THROTTLE_RATES = {"burst": "3/min", "sustained": "1000/day"}


def test_guard_blocks_are_free_and_the_fourth_question_is_throttled(
    portfolio, chat, tight_throttle
):
    """Greetings never use up the limit; past it a real question gets 429 JSON with Retry-After."""
    for _ in range(5):
        assert chat("hey!!").json()["source"] == "guard"
    for question in QUESTIONS[:3]:
        assert chat(question).status_code == 200
    response = chat(QUESTIONS[3])
    assert response.status_code == 429
    assert response.json()["code"] == "throttled" and response.json()["error"]
    assert int(response["Retry-After"]) > 0
    assert chat("hello?").json()["blocked"] == "wasteful"  # the guard still answers, free
    assert ChatLog.objects.filter(blocked="throttled").count() == 1


@pytest.mark.parametrize("num_proxies", [0, 1])
def test_forged_forwarded_for_does_not_reset_the_limit(
    portfolio, chat, tight_throttle, settings, num_proxies
):
    """A client inventing X-Forwarded-For entries is still the same client."""
    settings.NUM_PROXIES = num_proxies
    statuses = []
    for n, question in enumerate(QUESTIONS[:6]):
        # With one trusted proxy, the last hop is what the proxy saw; the rest is client-written.
        forwarded = f"10.9.{n}.1, 203.0.113.7" if num_proxies else f"10.9.{n}.1"
        statuses.append(chat(question, HTTP_X_FORWARDED_FOR=forwarded).status_code)
    assert statuses == [200, 200, 200, 429, 429, 429]


def test_behind_a_proxy_each_real_client_has_its_own_limit(
    portfolio, chat, tight_throttle, settings
):
    """With NUM_PROXIES=1 two visitors behind the same proxy are limited separately."""
    settings.NUM_PROXIES = 1
    for question in QUESTIONS[:3]:
        assert chat(question, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert chat(QUESTIONS[3], HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert chat(QUESTIONS[3], HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


# ------------------------------------------------------------ two processes


def _env(database: Path, redis_url: str, num_proxies: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EVE_", "REDIS_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cloudforgex.settings",
            "DJANGO_DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{database}",
            "REDIS_URL": redis_url,
            "NUM_PROXIES": str(num_proxies),
            "EVE_PROVIDER": "knowledge_base",
            "EVE_THROTTLE_RATES": "burst=4/min,sustained=1000/day",
            "DJANGO_LOG_LEVEL": "WARNING",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_WORKER_CONNECTIONS": "8",
        }
    )
    return env


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory):
    database = tmp_path_factory.mktemp("eve-throttle") / "db.sqlite3"
    env = _env(database, "", 0)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return database


def _chat_status(server: GunicornServer, message: str, headers: dict | None = None) -> int:
    status, _, body = server.request(
        "POST",
        CHAT_URL,
        json.dumps({"message": message}).encode(),
        {"Content-Type": "application/json", **(headers or {})},
        timeout=10,
    )
    assert status in (200, 429), body
    json.loads(body)
    return status


@pytest.mark.slow
@pytest.mark.parametrize("num_proxies", [0, 1])
def test_two_processes_sharing_redis_enforce_one_limit(migrated_sqlite, redis_url, num_proxies):
    """Alternating between two gunicorn processes, the combined count is limited, forged XFF or not."""
    import redis

    private_db = redis_url.rsplit("/", 1)[0] + "/7"
    redis.Redis.from_url(private_db).flushdb()
    env = _env(migrated_sqlite, private_db, num_proxies)
    servers = []
    try:
        for _ in range(2):
            servers.append(GunicornServer(env=env).start())
        statuses = []
        for n, question in enumerate(QUESTIONS):
            forged = f"10.66.{n}.{n}"
            forwarded = f"{forged}, 203.0.113.7" if num_proxies else forged
            server = servers[n % 2]
            statuses.append(_chat_status(server, question, {"X-Forwarded-For": forwarded}))
        assert statuses == [200] * 4 + [429] * 4
        assert _chat_status(servers[0], "hey!!") == 200  # guard blocks stay free when throttled
    finally:
        for server in servers:
            server.stop()


def test_free_answers_do_not_use_up_the_allowance(portfolio, chat, tight_throttle):
    """Nine suggestion chips (canned) and repeats (cached) all answer; real questions stay limited."""
    from eve.models import SuggestedQuestion

    for n in range(8):
        SuggestedQuestion.objects.create(question=f"Chip question {n}?", answer=f"Answer {n}.")
    chips = ["What is Thabo's strongest skill?", *(f"Chip question {n}?" for n in range(8))]
    for chip in chips:  # nine in a row, three times the burst limit of 3
        response = chat(chip)
        assert response.status_code == 200 and response.json()["source"] == "canned", chip
    assert chat("Where did he study?").json()["source"] == "knowledge_base"
    for _ in range(4):
        assert chat("Where did he study?").json()["source"] == "cache"
    assert chat(QUESTIONS[0]).status_code == 200
    assert chat(QUESTIONS[1]).status_code == 200
    response = chat(QUESTIONS[3])  # the fourth question that needs retrieval: limited
    assert response.status_code == 429 and response.json()["code"] == "throttled"
    assert chat(chips[0]).json()["source"] == "canned"  # still free once limited
    assert chat("where did he study").json()["source"] == "cache"
    assert chat("a" * 2000).json()["blocked"] == "too_long"
    assert ChatLog.objects.filter(blocked="throttled").count() == 1


def test_the_flood_cap_still_covers_free_answers(portfolio, chat, settings):
    """Canned answers are free of burst/sustained, not of the flood cap on every request."""
    settings.EVE_THROTTLE_RATES = {"burst": "3/min", "sustained": "1000/day", "flood": "5/min"}
    statuses = [chat("What is Thabo's strongest skill?").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
