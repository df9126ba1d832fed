"""A small threaded HTTP load generator for loopback servers.

Each of ``concurrency`` threads keeps one keep-alive connection and takes the
next request from a shared, finite list until the list or the time limit runs
out, so every loop is bounded in count and in time. Every outcome is kept:
status, latency, body, or the socket error that replaced them.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.stats import summarise_ms


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def chat(cls, message: str, *, path: str = "/api/chat/", **extra) -> Request:
        body = json.dumps({"message": message, **extra}).encode()
        return cls("POST", path, body, (("Content-Type", "application/json"),))


@dataclass
class Outcome:
    request: Request
    status: int | None
    seconds: float
    body: bytes = b""
    error: str | None = None
    content_type: str = ""

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class LoadResult:
    outcomes: list[Outcome] = field(default_factory=list)
    elapsed: float = 0.0
    not_sent: int = 0

    @property
    def statuses(self) -> Counter:
        return Counter(outcome.status for outcome in self.outcomes)

    @property
    def errors(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.error]

    @property
    def server_errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status is not None and o.status >= 500]

    def summary(self) -> dict:
        ok = [o.seconds for o in self.outcomes if o.status is not None]
        return {
            "requests": len(self.outcomes),
            "not_sent": self.not_sent,
            "elapsed_s": round(self.elapsed, 3),
            "req_per_s": round(len(ok) / self.elapsed, 1) if self.elapsed else 0.0,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items(), key=str)},
            "socket_errors": len(self.errors),
            **summarise_ms(ok),
        }


def _connect(host: str, port: int, timeout: float) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(host, port, timeout=timeout)


def run_load(
    requests: Sequence[Request],
    *,
    port: int,
    host: str = "127.0.0.1",
    concurrency: int = 32,
    time_limit: float = 60.0,
    request_timeout: float = 30.0,
    keep_bodies: bool = True,
) -> LoadResult:
    """Send every request in ``requests`` (at most once each) from ``concurrency`` threads."""
    result = LoadResult()
    lock = threading.Lock()
    cursor = iter(range(len(requests)))
    deadline = time.monotonic() + time_limit

    def next_index() -> int | None:
        with lock:
            if time.monotonic() > deadline:
                return None
            return next(cursor, None)

    def worker() -> None:
        conn = _connect(host, port, request_timeout)
        local: list[Outcome] = []
        while (index := next_index()) is not None:
            request = requests[index]
            started = time.perf_counter()
            try:
                conn.request(request.method, request.path, request.body, dict(request.headers))
                response = conn.getresponse()
                body = response.read()
                outcome = Outcome(
                    request,
                    response.status,
                    time.perf_counter() - started,
                    body if keep_bodies else b"",
                    content_type=response.getheader("Content-Type", ""),
                )
                if response.will_close:
                    conn.close()
                    conn = _connect(host, port, request_timeout)
            except (OSError, http.client.HTTPException) as exc:
                outcome = Outcome(request, None, time.perf_counter() - started, error=repr(exc))
                conn.close()
                conn = _connect(host, port, request_timeout)
            local.append(outcome)
        conn.close()
        with lock:
            result.outcomes.extend(local)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=time_limit + request_timeout + 5)
    result.elapsed = time.perf_counter() - started
    result.not_sent = len(requests) - len(result.outcomes)
    return result
