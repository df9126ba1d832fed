"""gevent workers share a small PostgreSQL pool; EVE never holds a connection through the model's second."""

import threading

import pytest

from bench.content import REAL_QUESTIONS
from bench.live import app_env
from bench.loadgen import Request, run_load
from harness.bedrock import FakeBedrock
from tests.reliability.conftest import query_value

pytestmark = pytest.mark.slow

CHATS = 24


@pytest.fixture(scope="module")
def bedrock():
    with FakeBedrock(mode="delay", delay=1.0) as fake:
        yield fake


def _app_connections(database_url: str) -> int:
    return query_value(
        database_url,
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
    )


def _chats_with_peak_connections(server, database_url: str, label: str):
    """Run CHATS concurrent model chats; return the load result and the most connections seen."""
    peak, done = [0], threading.Event()

    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], _app_connections(database_url))
            done.wait(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        requests = [
            Request.chat(f"{REAL_QUESTIONS[i % len(REAL_QUESTIONS)]} ({label} visitor {i})")
            for i in range(CHATS)
        ]
        result = run_load(
            requests, port=server.port, concurrency=CHATS, time_limit=60, request_timeout=30
        )
    finally:
        done.set()
        watcher.join()
    return result, peak[0]


def _assert_all_answered_by_the_model(result):
    assert not result.errors, result.errors[:3]
    assert result.statuses == {200: CHATS}, [o.body[:200] for o in result.outcomes[:3]]
    bodies = [outcome.json() for outcome in result.outcomes]
    assert {body["source"] for body in bodies} == {"model"}
    assert not any(body["degraded"] for body in bodies)


def test_two_pooled_connections_serve_two_dozen_concurrent_model_chats(
    postgres, redis_server, migrated, bedrock, live_server_factory
):
    """Each chat waits a second on the model with its connection back in the pool.

    Were the connection held through that second, 24 chats would queue for 2
    connections and most would time out of the pool with a 503.
    """
    env = app_env(
        database_url=postgres.url,
        redis_url=redis_server.url,
        bedrock_url=bedrock.url,
        GUNICORN_WORKERS="1",
        DATABASE_POOL_MAX_SIZE="2",
        DATABASE_POOL_MIN_SIZE="1",
    )
    server = live_server_factory(env)
    result, peak = _chats_with_peak_connections(server, postgres.url, "pool-of-two")
    _assert_all_answered_by_the_model(result)
    assert 1 <= peak <= 2


def test_the_container_worker_pools_by_default(
    postgres, redis_server, migrated, bedrock, live_server_factory
):
    """Without any pool setting, a gevent worker still opens at most 8 connections, not one per chat."""
    env = app_env(
        database_url=postgres.url,
        redis_url=redis_server.url,
        bedrock_url=bedrock.url,
        GUNICORN_WORKERS="1",
    )
    assert "DATABASE_POOL_MAX_SIZE" not in env
    server = live_server_factory(env)
    result, peak = _chats_with_peak_connections(server, postgres.url, "default-pool")
    _assert_all_answered_by_the_model(result)
    assert 1 <= peak <= 8
