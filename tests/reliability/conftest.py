"""Real PostgreSQL, Redis and gunicorn for the live reliability tests.

Each module gets its own servers on free loopback ports (so a test that stops
PostgreSQL never disturbs another), and every process is stopped by PID.
"""

from __future__ import annotations

import contextlib
import time

import psycopg
import pytest

from bench.live import app_env, prepare_database
from harness.services import GunicornServer, RedisServer


@pytest.fixture(scope="module")
def redis_server():
    with RedisServer() as server:
        yield server


@pytest.fixture(scope="module")
def migrated(postgres, redis_server):
    """The module's database, migrated and holding a small portfolio."""
    env = app_env(database_url=postgres.url, redis_url=redis_server.url)
    prepare_database(env, records=60)
    return env


def query_value(database_url: str, sql: str):
    """The first column of the first row ``sql`` returns, on a connection of its own."""
    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(sql).fetchone()[0]


def count_rows(database_url: str, table: str) -> int:
    return query_value(database_url, f"SELECT count(*) FROM {table}")


def wait_until(predicate, *, timeout: float = 30.0, interval: float = 0.25):
    """Poll ``predicate`` until it returns a truthy value or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            last = predicate()
            if last:
                return last
        time.sleep(interval)
    return last


@pytest.fixture
def live_server_factory():
    """Start gunicorn processes with a given environment; all are stopped afterwards."""
    started: list[GunicornServer] = []

    def start(env: dict[str, str], **kwargs) -> GunicornServer:
        server = GunicornServer(env=env, **kwargs).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
