"""The Prometheus scrape under the container's gunicorn: two workers, one summed answer, off the public port.

gunicorn runs with k8s/gunicorn.conf.py and METRICS_PORT, as in the pod. Chats
are spread over both gevent workers; each scrape (served by whichever worker
takes it) reports the totals of both, equal to what the clients were told and
to what the ChatLog holds, and they survive a worker being replaced.
"""

from __future__ import annotations

import http.client
import os
import signal
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from bench.content import REAL_QUESTIONS
from bench.live import app_env
from harness.bedrock import FakeBedrock
from harness.services import free_port
from tests.reliability.conftest import query_value, wait_until

pytestmark = pytest.mark.slow

MODEL = "eu.anthropic.claude-haiku-4-5-20251001-v1:0"  # the default EVE_MODEL_ID


@pytest.fixture(scope="module")
def bedrock():
    with FakeBedrock(mode="delay", delay=0.3) as fake:
        yield fake


@pytest.fixture
def server(postgres, redis_server, migrated, bedrock, live_server_factory):
    metrics_dir = Path(tempfile.mkdtemp(prefix="cfx-metrics-"))
    env = app_env(
        database_url=postgres.url,
        redis_url=redis_server.url,
        bedrock_url=bedrock.url,
        GUNICORN_WORKERS="2",
        METRICS_PORT=str(free_port()),
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
    )
    live = live_server_factory(env)
    live.metrics_port = int(env["METRICS_PORT"])
    live.metrics_dir = metrics_dir
    return live


def _scrape(server) -> dict[tuple, float]:
    conn = http.client.HTTPConnection("127.0.0.1", server.metrics_port, timeout=10)
    conn.request("GET", "/metrics")
    response = conn.getresponse()
    assert response.status == 200
    text = response.read().decode()
    conn.close()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(scrape: dict, name: str, **labels) -> float:
    return scrape.get((name, tuple(sorted(labels.items()))), 0.0)


def _ask(server, message: str) -> dict:
    status, body = server.chat(message)
    assert status == 200, body
    return body


def _replies_per_worker(metrics_dir: Path) -> dict[str, float]:
    """Each worker's own eve_replies_total, read from its sample file."""
    per_worker = {}
    for path in metrics_dir.glob("counter_*.db"):
        for metric in MultiProcessCollector.merge([str(path)]):
            for sample in metric.samples:
                if sample.name == "eve_replies_total":
                    per_worker[path.name] = per_worker.get(path.name, 0) + sample.value
    return {name: count for name, count in per_worker.items() if count}


def test_scrape_sums_both_workers_and_matches_what_clients_got(server, postgres):
    bodies = []
    round_messages = [*REAL_QUESTIONS[:12], *(["hi"] * 8)]  # repeats come from the cache
    # Rounds of 20 concurrent chats until both workers have answered some.
    for _ in range(6):
        with ThreadPoolExecutor(max_workers=16) as pool:
            bodies += list(pool.map(lambda m: _ask(server, m), round_messages))
        if len(_replies_per_worker(server.metrics_dir)) == 2:
            break
    assert len(_replies_per_worker(server.metrics_dir)) == 2, "one worker took every chat"
    sources = {
        source: sum(b["source"] == source for b in bodies)
        for source in {"model", "cache", "guard", "knowledge_base"}
    }
    guard_blocks = sum(b["blocked"] == "too_short" for b in bodies)
    assert sources["model"] > 0 and guard_blocks >= 8

    for _ in range(3):  # whichever worker answers the scrape, it reports both
        scrape = _scrape(server)
        for source, count in sources.items():
            assert _value(scrape, "eve_replies_total", source=source) == count, source
        assert _value(scrape, "eve_blocked_total", reason="too_short") == guard_blocks
    tokens_in = query_value(postgres.url, "SELECT coalesce(sum(input_tokens), 0) FROM eve_chatlog")
    tokens_out = query_value(
        postgres.url, "SELECT coalesce(sum(output_tokens), 0) FROM eve_chatlog"
    )
    assert _value(scrape, "eve_model_tokens_total", model=MODEL, direction="input") == tokens_in > 0
    assert _value(scrape, "eve_model_tokens_total", model=MODEL, direction="output") == tokens_out
    assert _value(scrape, "eve_time_to_first_token_seconds_count", model=MODEL) == sources["model"]
    assert _value(scrape, "eve_daily_token_budget_remaining") > 0

    # A worker replaced (max_requests, a crash): its counts stay in the totals.
    victim = server.worker_pids()[0]
    os.kill(victim, signal.SIGKILL)
    assert wait_until(lambda: len(server.worker_pids()) == 2 and victim not in server.worker_pids())
    time.sleep(0.5)
    after = _scrape(server)
    for source, count in sources.items():
        assert _value(after, "eve_replies_total", source=source) == count, source


def test_the_metrics_port_serves_metrics_only(server):
    """A request for the app's pages on the scrape port gets the scrape, never the site or the API."""
    _ask(server, "hi")
    conn = http.client.HTTPConnection("127.0.0.1", server.metrics_port, timeout=10)
    conn.request("GET", "/api/profile/", headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    text = response.read().decode()
    conn.close()
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "# HELP eve_replies_total" in text
    assert '"name"' not in text and "<html" not in text.lower()
