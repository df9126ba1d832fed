"""PostgreSQL or Redis going away mid-run: friendly JSON, honest readiness, recovery without restart."""

import json

import pytest

from bench.content import REAL_QUESTIONS
from tests.reliability.conftest import wait_until
from tests.reliability.leaks import TRACE_MARKERS

pytestmark = pytest.mark.slow


def _json(server, method: str, path: str, body: dict | None = None):
    raw = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if body is not None else {}
    status, response_headers, content = server.request(method, path, raw, headers, timeout=20)
    content_type = {k.lower(): v for k, v in response_headers.items()}.get("content-type", "")
    assert content_type.startswith("application/json"), (path, status, content[:200])
    text = content.decode()
    assert not any(marker in text for marker in TRACE_MARKERS), text[:300]
    return status, json.loads(content)


def test_postgres_outage_gives_503_json_and_recovers_without_restart(
    postgres, migrated, live_server_factory
):
    """Database down: /ready and the API say 503 in JSON; database back: same workers serve again."""
    server = live_server_factory(migrated)
    assert _json(server, "GET", "/ready")[0] == 200
    assert _json(server, "GET", "/api/projects/")[0] == 200
    workers = server.worker_pids()

    postgres.pause()
    try:
        status, body = _json(server, "GET", "/ready")
        assert status == 503
        assert body["checks"]["database"] != "ok"
        assert body["code"] and body["error"]
        for path in ["/api/projects/", "/api/profile/", "/api/projects/project-1/"]:
            status, body = _json(server, "GET", path)
            assert status == 503, (path, body)
            assert body["code"] == "service_unavailable" and body["error"]
        status, body = _json(server, "POST", "/api/chat/", {"message": REAL_QUESTIONS[0]})
        assert status in (200, 503), body
        if status == 503:
            assert body["code"] and body["error"]
        else:
            assert body["status"] == "success"
        assert _json(server, "GET", "/health")[0] == 200  # liveness never restarts the pod
    finally:
        postgres.resume()

    assert wait_until(lambda: _json(server, "GET", "/ready")[0] == 200, timeout=30)
    assert wait_until(lambda: _json(server, "GET", "/api/projects/")[0] == 200, timeout=30)
    # Every worker is back, not just the one that answered /ready: each request
    # is a new connection, so these spread over both workers.
    for question in REAL_QUESTIONS[1:7]:
        status, body = _json(server, "POST", "/api/chat/", {"message": question})
        assert status == 200 and body["status"] == "success", body
    assert set(server.worker_pids()) & set(workers), "recovered only by restarting workers"


def test_redis_outage_keeps_chat_answering_and_recovers(
    redis_server, migrated, live_server_factory
):
    """Redis down: chat still answers (throttling falls back per process, and says so in the log)."""
    server = live_server_factory(migrated)
    assert _json(server, "POST", "/api/chat/", {"message": REAL_QUESTIONS[2]})[0] == 200

    redis_server.pause()
    try:
        status, body = _json(server, "GET", "/ready")
        assert status == 503 and body["checks"]["cache"] != "ok"
        for message in [REAL_QUESTIONS[3], "hi", REAL_QUESTIONS[3]]:
            status, body = _json(server, "POST", "/api/chat/", {"message": message})
            assert status == 200, body
            assert body["status"] == "success" and body["response"]
        assert _json(server, "GET", "/api/projects/")[0] == 200
        assert wait_until(lambda: "shared cache unavailable" in server.log(), timeout=10)
    finally:
        redis_server.resume()

    assert wait_until(lambda: _json(server, "GET", "/ready")[0] == 200, timeout=30)
    status, body = _json(server, "POST", "/api/chat/", {"message": REAL_QUESTIONS[4]})
    assert status == 200 and body["status"] == "success"
