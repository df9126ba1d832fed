"""Streamed replies and conversations, measured: ``python -m bench.conversation``.

Starts PostgreSQL, Redis, the fake Bedrock and gunicorn with the container's
config (gevent), all on 127.0.0.1, then measures

- time to the first ``delta`` event and to the ``done`` event of a streamed
  reply, with the fake's model taking ``--first-token`` seconds (1 s) to its
  first chunk and ``--between`` seconds (0.2 s) between chunks, for 1 and for
  ``--visitors`` (64) concurrent visitors, each asking ``--rounds`` unique
  questions one after the other;
- input tokens per model call (characters / 4 of what the fake received:
  system prompt + messages) on turns 1, 2 and 4 of real conversations whose
  follow-ups point back ("What stack did it use?").

Writes bench/results/conversation.json and prints a small table. Not part of
the test suite: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import time
from datetime import UTC, datetime
from statistics import mean

from bench.content import REAL_QUESTIONS
from bench.live import ROOT, app_env, prepare_database
from bench.stats import summarise_ms
from harness.bedrock import FakeBedrock
from harness.services import GunicornServer, PostgresServer, RedisServer
from harness.sse import stream_chat

RESULTS = ROOT / "bench" / "results" / "conversation.json"
CLIENT_PROCESSES = 4
FOLLOW_UPS = [
    "What stack did it use?",
    "What were its highlights?",
    "Tell me more about it",
]


def log(message: str) -> None:
    print(f"[bench.conversation] {message}", flush=True)


def _visitor(port: int, first: int, rounds: int) -> list[tuple]:
    """One visitor asking ``rounds`` unique questions: (n, sent at, first delta s, done s, deltas)."""
    timings = []
    for n in range(first, first + rounds):
        question = f"{REAL_QUESTIONS[n % len(REAL_QUESTIONS)]} (visitor {n})"
        started = time.time()
        status, _, events = stream_chat(port, {"message": question}, timeout=60)
        deltas = [event for event in events if event.name == "delta"]
        if status != 200 or not deltas or events[-1].name != "done":
            raise RuntimeError(f"stream failed: {status} {events[-1:]}")
        if events[-1].json()["source"] != "model":
            raise RuntimeError(f"not a model answer: {question!r} -> {events[-1].json()}")
        first_delta, done = deltas[0].arrived_at - started, events[-1].arrived_at - started
        timings.append((n, started, first_delta, done, len(deltas)))
    return timings


def _visitor_group(port: int, firsts: list[int], rounds: int) -> list[tuple]:
    """Several visitors on threads of one client process."""
    with concurrent.futures.ThreadPoolExecutor(len(firsts)) as pool:
        runs = pool.map(lambda first: _visitor(port, first, rounds), firsts)
        return [timing for run in runs for timing in run]


def streaming(fake: FakeBedrock, port: int, *, visitors: int, rounds: int, offset: int = 0) -> dict:
    # The visitors run in CLIENT_PROCESSES processes, apart from the fake Bedrock's
    # threads in this one, so the client's GIL does not delay what it measures.
    firsts = [offset + visitor * rounds for visitor in range(visitors)]
    groups = [firsts[i::CLIENT_PROCESSES] for i in range(CLIENT_PROCESSES)]
    groups = [group for group in groups if group]
    fake.clear()
    with concurrent.futures.ProcessPoolExecutor(len(groups)) as pool:
        runs = list(pool.map(_visitor_group, [port] * len(groups), groups, [rounds] * len(groups)))
    samples = [timing for run in runs for timing in run]
    # When the model call left our server: the pipeline's share of the first token.
    reached = {}
    for request in fake.requests:
        match = re.search(r"\(visitor (\d+)\)", request.user_text)
        if match:
            reached[int(match.group(1))] = request.received_at
    to_model = [reached[n] - sent for n, sent, *_ in samples if n in reached]
    return {
        "visitors": visitors,
        "first_token": summarise_ms([first for _, _, first, _, _ in samples]),
        "full_reply": summarise_ms([full for _, _, _, full, _ in samples]),
        "until_the_model_call": summarise_ms(to_model),
        "deltas_per_reply": round(mean(count for *_, count in samples), 1),
    }


def conversation_tokens(server: GunicornServer, fake: FakeBedrock, *, conversations: int) -> dict:
    """Input tokens per model call by turn number, over ``conversations`` 4-turn threads."""
    by_turn: dict[int, list[int]] = {1: [], 2: [], 3: [], 4: []}
    for n in range(conversations):
        conversation = ""
        for turn, question in enumerate([REAL_QUESTIONS[n % len(REAL_QUESTIONS)], *FOLLOW_UPS], 1):
            fake.clear()
            payload = {"message": question}
            if conversation:
                payload["conversation_id"] = conversation
            status, _, body = server.request(
                "POST",
                "/api/chat/",
                json.dumps(payload).encode(),
                {"Content-Type": "application/json"},
            )
            if status != 200:
                raise RuntimeError(f"chat failed: {status} {body[:200]!r}")
            reply = json.loads(body)
            conversation = reply["conversation_id"]
            for request in fake.requests:
                by_turn[turn].append((len(request.system_text) + len(request.user_text)) // 4)
    return {
        f"turn_{turn}": {
            "calls": len(values),
            "mean": round(mean(values), 1) if values else 0,
            "max": max(values, default=0),
        }
        for turn, values in by_turn.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--first-token", type=float, default=1.0)
    parser.add_argument("--between", type=float, default=0.2)
    parser.add_argument("--chunk-words", type=int, default=5)
    parser.add_argument("--conversations", type=int, default=12)
    args = parser.parse_args()

    load_before = os.getloadavg()
    with PostgresServer() as pg, RedisServer() as redis, FakeBedrock() as fake:
        # Every question reaches the model: the cache would hide what is measured.
        env = app_env(
            database_url=pg.url, redis_url=redis.url, bedrock_url=fake.url, EVE_CACHE_TTL="0"
        )
        log("preparing the database (500 records)")
        prepare_database(env, records=500, with_files=False)
        with GunicornServer(env=env) as server:
            fake.set_stream(
                first_token_delay=args.first_token,
                chunk_delay=args.between,
                chunk_words=args.chunk_words,
            )
            log("warming up both workers (snapshot, boto3 client, connections)")
            streaming(fake, server.port, visitors=8, rounds=1, offset=10**6)
            results = {}
            for visitors in (1, args.visitors):
                rounds = max(args.rounds, 5) if visitors == 1 else args.rounds
                log(f"streaming: {visitors} visitor(s) x {rounds} questions")
                results[f"stream_{visitors}"] = streaming(
                    fake, server.port, visitors=visitors, rounds=rounds, offset=visitors * 1000
                )
            fake.set_stream()  # no pacing: only what is sent is measured
            log(f"input tokens: {args.conversations} conversations of 4 turns")
            results["input_tokens"] = conversation_tokens(
                server, fake, conversations=args.conversations
            )
    results["settings"] = {
        "first_token_s": args.first_token,
        "between_chunks_s": args.between,
        "chunk_words": args.chunk_words,
        "history_tokens": 600,
        "workers": "gunicorn gevent x 2 (k8s/gunicorn.conf.py)",
    }
    results["machine"] = {
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "ran_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
