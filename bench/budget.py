"""Budget overshoot under concurrency: 64 visitors at once against a small daily budget.

Starts PostgreSQL and Redis (harness/services.py), the fake Bedrock
answering in 1 s, and gunicorn as the container runs it (2 gevent workers)
with ``EVE_DAILY_TOKEN_BUDGET`` small enough for a handful of calls; sends
``--visitors`` distinct real questions at the same instant and reads back what
was recorded. Before reservations, every visitor got a model answer (40
visitors against 1,000 tokens recorded 17,208). Target: nothing recorded
beyond the budget plus one call's reservation.

python -m bench.budget [--visitors 64] [--budget 5000] [--out file.json]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import django
import psycopg

from bench.content import REAL_QUESTIONS
from bench.live import app_env, prepare_database
from bench.loadgen import Request, run_load
from harness.services import GunicornServer, PostgresServer, RedisServer

MAX_TOKENS = 400


def _query(database_url: str, sql: str):
    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(sql).fetchone()


def budget_overshoot(*, visitors: int = 64, budget: int = 5000) -> dict:
    # eve.budget's estimate is what a reservation holds; importing it needs Django set up
    # (default settings in this process: the app under test runs in gunicorn).
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudforgex.settings")
        django.setup()
    from eve.budget import input_tokens_estimate
    from harness.bedrock import FakeBedrock

    with (
        PostgresServer() as pg,
        RedisServer() as redis,
        FakeBedrock(mode="delay", delay=1.0) as fake,
    ):
        env = app_env(
            database_url=pg.url,
            redis_url=redis.url,
            bedrock_url=fake.url,
            EVE_DAILY_TOKEN_BUDGET=str(budget),
            EVE_MAX_TOKENS=str(MAX_TOKENS),
        )
        prepare_database(env, records=60, with_files=False)
        with GunicornServer(env=env) as server:
            requests = [
                Request.chat(f"{REAL_QUESTIONS[i % len(REAL_QUESTIONS)]} (visitor {i})")
                for i in range(visitors)
            ]
            result = run_load(
                requests, port=server.port, concurrency=visitors, time_limit=120, request_timeout=60
            )
        recorded, calls, cost = _query(
            pg.url,
            "SELECT COALESCE(SUM(input_tokens + output_tokens), 0), COALESCE(SUM(calls), 0),"
            " COALESCE(SUM(cost_usd), 0) FROM eve_tokenusage",
        )
        sources = {}
        for outcome in result.outcomes:
            source = outcome.json().get("source", "error") if outcome.status == 200 else "error"
            sources[source] = sources.get(source, 0) + 1
        attempts = int(env.get("EVE_MAX_ATTEMPTS", "2"))
        reservation = (
            max(
                (input_tokens_estimate(r.system_text, r.user_text) + MAX_TOKENS) * attempts
                for r in fake.requests
            )
            if fake.requests
            else 0
        )
    return {
        "visitors": visitors,
        "budget_tokens": budget,
        "recorded_tokens": int(recorded),
        "model_calls": int(calls),
        "cost_usd": float(cost),
        "largest_reservation_tokens": reservation,
        "overshoot_tokens": max(int(recorded) - budget, 0),
        "overshoot_beyond_one_reservation": max(int(recorded) - budget - reservation, 0),
        "sources": sources,
        "statuses": dict(result.statuses),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visitors", type=int, default=64)
    parser.add_argument("--budget", type=int, default=5000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    report = budget_overshoot(visitors=args.visitors, budget=args.budget)
    text = json.dumps(report, indent=2)
    if args.out:
        args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
