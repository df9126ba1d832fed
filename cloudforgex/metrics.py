"""Prometheus metrics that add up across gunicorn's worker processes.

Under gunicorn (``k8s/gunicorn.conf.py``) ``PROMETHEUS_MULTIPROC_DIR`` is set
before the workers fork, so prometheus_client keeps every worker's samples in
small memory-mapped files there; a scrape reads all of them and sums them.
The scrape is answered on its own port (``METRICS_PORT``, 9100 in the pod),
which gunicorn listens on beside the app's: ``PortDispatch`` answers requests
that arrived on that socket and hands every other request to Django, so the
public port (the only one the Service behind the Ingress carries) has no
metrics route at all. Without gunicorn (runserver, tests, Lambda) the values
live in the process; on Lambda the same numbers reach CloudWatch through the
JSON log lines instead (README "Metrics").

Apps define their own metrics with ``counter``/``gauge``/``histogram`` (this
module knows no app's names: the layers point down).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    make_wsgi_app,
    multiprocess,
)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def multiprocess_enabled() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


def counter(name: str, documentation: str, labels: Sequence[str] = ()) -> Counter:
    return Counter(name, documentation, labelnames=labels)


def gauge(name: str, documentation: str, labels: Sequence[str] = ()) -> Gauge:
    """A gauge whose scraped value is the most recent one any worker set."""
    return Gauge(name, documentation, labelnames=labels, multiprocess_mode="mostrecent")


def histogram(
    name: str, documentation: str, *, buckets: Iterable[float], labels: Sequence[str] = ()
) -> Histogram:
    return Histogram(name, documentation, labelnames=labels, buckets=tuple(buckets))


def scrape_registry() -> CollectorRegistry:
    """What a scrape reports: every worker's files summed, or this process's own values."""
    if not multiprocess_enabled():
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


# ---------------------------------------------------------- gunicorn hooks
def multiprocess_dir_reset(path: str) -> None:
    """Start empty: files left by a previous master would add old counts to new ones."""
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()


def worker_exited(pid: int) -> None:
    """Drop a dead worker's live gauges (its counters stay: totals never go down)."""
    if multiprocess_enabled():
        multiprocess.mark_process_dead(pid)


class PortDispatch:
    """WSGI: requests that reached the metrics port get the scrape; all others go to ``app``.

    The port is the local end of the connection's socket (gunicorn puts it in
    the environ), which no client header can change.
    """

    def __init__(self, app: Callable, *, port: int):
        self.app = app
        self.port = port
        self.metrics = make_wsgi_app(scrape_registry())

    def __call__(self, environ: dict, start_response: Callable):
        sock = environ.get("gunicorn.socket")
        try:
            local_port = sock.getsockname()[1] if sock is not None else None
        except OSError:
            local_port = None
        if local_port == self.port:
            return self.metrics(environ, start_response)
        return self.app(environ, start_response)


def wsgi_wrap(app: Callable) -> Callable:
    """Serve metrics beside ``app`` when ``METRICS_PORT`` is set (the container does)."""
    port = os.environ.get("METRICS_PORT", "")
    return PortDispatch(app, port=int(port)) if port else app
