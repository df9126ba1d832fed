"""Gunicorn settings for the container (``gunicorn -c k8s/gunicorn.conf.py``).

Why this worker model: a chat request spends about a second waiting on
Bedrock and a few milliseconds of CPU. Sync workers would each sit idle for
that second, so 64 concurrent visitors would need 64 processes.

``gevent`` workers (one process per core, an event loop in each) park a
waiting request as a greenlet and serve others meanwhile; psycopg 3,
redis-py and botocore all cooperate once gevent has patched the standard
library. We measured ``gthread`` (2 x 40 threads) first: every Redis,
PostgreSQL and Bedrock round trip hands the GIL back and forth between dozens
of threads, and under 64 clients that convoy cost ~4x the CPU per request and
multi-second tails (p99 4-6 s, ~50% of 64 req/s). gevent has one thread per
process, so none of that: see bench/ and the README for the numbers.

Django opens a database connection per greenlet, and gunicorn runs each
client connection in its own greenlet, so without a pool every visitor's
keep-alive connection would open (and keep) a PostgreSQL connection. gevent
workers therefore share a pool per process (``DATABASE_POOL_MAX_SIZE``,
default 8 here; EVE hands its connection back while it waits on the model):
size the database for replicas x workers x pool size, or put PgBouncer in
front. ``GUNICORN_WORKER_CLASS=gthread`` switches back.
Everything is tunable from the environment so the Deployment can size it to
its CPU limit.
"""

import json
import os
from datetime import UTC, datetime

from gunicorn.glogging import Logger
from gunicorn.http import wsgi as gunicorn_http

# --------------------------------------------------------------- workers
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gevent")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# gthread only (gevent ignores it).
threads = int(os.environ.get("GUNICORN_THREADS", "40"))
# Bedrock's read timeout is 12 s with 2 attempts; leave headroom before the
# arbiter kills a worker, and let in-flight chats finish on SIGTERM (the pod's
# terminationGracePeriodSeconds is longer than this).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "40"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "25"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Concurrent requests per gevent worker.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "200"))
if worker_class == "gevent":
    # Read by Django's settings in each worker (set here, before the fork).
    os.environ.setdefault("DATABASE_POOL_MAX_SIZE", "8")
# Recycle workers now and then so a slow leak never becomes an outage; the
# jitter keeps both workers from restarting at the same moment.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))

# ------------------------------------------------- read-only root filesystem
# The heartbeat files live in /tmp, an emptyDir (memory-backed) in the pod.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", "/tmp")  # noqa: S108
# Gunicorn 25+ opens a control socket under $HOME by default: not writable here.
control_socket_disable = True

# ---------------------------------------------------------------- proxies
# Only the ingress controller reaches the pods (NetworkPolicy), so its
# X-Forwarded-* headers are trusted; Django decides HTTPS from
# X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER) and the client IP from
# X-Forwarded-For with NUM_PROXIES.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")

# ---------------------------------------------------------- Server header
# gunicorn writes "Server: gunicorn" on every response and has no setting to
# stop it; naming the server and its version only helps an attacker pick an
# exploit. Drop the line from the headers gunicorn itself adds.
_gunicorn_default_headers = gunicorn_http.Response.default_headers


def _headers_without_server(response):
    return [
        line
        for line in _gunicorn_default_headers(response)
        if not line.lower().startswith("server:")
    ]


gunicorn_http.Response.default_headers = _headers_without_server


# ------------------------------------------------------- worker count
# Tell Django how many workers share this pod (a -w on the command line
# included): several with a per-process cache means per-process throttles, and
# each worker logs a warning at start (cloudforgex.apps, `check --deploy`).
def pre_fork(server, worker):
    os.environ["GUNICORN_WORKERS"] = str(server.num_workers)


# ------------------------------------------------------------------- logs
# Both logs go to the container's streams, one JSON object per line, like
# Django's own log lines (LOG_FORMAT=json). The access line carries the
# X-Request-ID that Django put on the response, so it joins the app's lines.
accesslog = "-"
# Under gthread a plain StreamHandler's lock becomes a convoy of request
# threads (see cloudforgex.logs.QueuedStreamHandler); a gevent worker has one
# thread, and a writer thread started in the master before gevent patches the
# worker would misbehave after the fork, so it writes directly there.
_STREAM_HANDLER = (
    "cloudforgex.logs.QueuedStreamHandler" if worker_class == "gthread" else "logging.StreamHandler"
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


class JsonAccessLogger(Logger):
    """Write each access line as one JSON object (user agents may hold quotes)."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        atoms = self.atoms_wrapper_class(self.atoms(resp, req, environ, request_time))
        line = {
            "time": datetime.now(tz=UTC).isoformat(),
            "level": "INFO",
            "logger": "gunicorn.access",
            "message": f"{atoms['m']} {atoms['U']} {atoms['s']}",
            "request_id": atoms["{x-request-id}o"],
            "method": atoms["m"],
            "path": atoms["U"],
            "query": atoms["q"],
            "status": atoms["s"],
            "bytes": atoms["B"],
            "duration_ms": atoms["M"],
            "remote_addr": atoms["h"],
            "user_agent": atoms["a"],
        }
        self.access_log.info(json.dumps(line))


if os.environ.get("LOG_FORMAT", "text") == "json":
    logger_class = JsonAccessLogger
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "cloudforgex.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "cloudforgex.logs.JsonFormatter"},
            # Access lines are already JSON (JsonAccessLogger above).
            "raw": {"format": "%(message)s"},
        },
        "handlers": {
            "error_console": {
                "class": _STREAM_HANDLER,
                "formatter": "json",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            },
            "access_console": {
                "class": _STREAM_HANDLER,
                "formatter": "raw",
                "stream": "ext://sys.stdout",
            },
        },
        # Django's LOGGING replaces the root handler with its own JSON one.
        "root": {"level": "INFO", "handlers": ["error_console"]},
        "loggers": {
            "gunicorn.error": {
                "level": loglevel.upper(),
                "handlers": ["error_console"],
                "propagate": False,
            },
            "gunicorn.access": {
                "level": "INFO",
                "handlers": ["access_console"],
                "propagate": False,
            },
        },
    }


# ---------------------------------------------------------------- metrics
# Prometheus (cloudforgex.metrics): with METRICS_PORT set, gunicorn listens on
# it too, beside the app's address (same interface), and every worker keeps
# its samples in files under PROMETHEUS_MULTIPROC_DIR (set here, before the
# fork) so a scrape, answered by whichever worker gets it, sums all of them.
# The port is added in on_starting rather than in `bind` so a --bind on the
# command line keeps it.
_METRICS_PORT = os.environ.get("METRICS_PORT", "")
if _METRICS_PORT:
    # Named after the port: two servers on one host can never share (and wipe) it.
    os.environ.setdefault(
        "PROMETHEUS_MULTIPROC_DIR",
        os.path.join(worker_tmp_dir, f"cloudforgex-metrics-{_METRICS_PORT}"),
    )


def on_starting(server):
    if not _METRICS_PORT:
        return
    from cloudforgex.metrics import multiprocess_dir_reset

    multiprocess_dir_reset(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    app_host = server.cfg.bind[0].rsplit(":", 1)[0]
    server.cfg.set("bind", [*server.cfg.bind, f"{app_host}:{_METRICS_PORT}"])


def child_exit(server, worker):
    if _METRICS_PORT:
        from cloudforgex.metrics import worker_exited

        worker_exited(worker.pid)
