"""The owner's EVE pages on 100,000 chat rows: insights and inbox render time, CSV export memory.

    python -m bench.owner_pages                 # SQLite file, 100,000 rows
    python -m bench.owner_pages --postgres      # a private PostgreSQL (harness.services)
    BENCH_OWNER_ROWS=20000 python -m bench.owner_pages

Runs itself in a child process with production settings (``bench.live.app_env``)
on a fresh database, writes rows spread over 90 days (every way of answering,
citations, 2% feedback), then times each page through Django's test client
(full render, signed-in superuser) and streams both CSV exports, recording
tracemalloc's peak and the process RSS while the export is consumed. Writes
``bench/results/owner_pages[-postgres].json``. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.live import ROOT, app_env
from bench.stats import summarise_ms

ROWS = int(os.environ.get("BENCH_OWNER_ROWS", "100000"))
REPEATS = 7
RESULTS = ROOT / "bench" / "results"


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fill(rows: int) -> None:
    import datetime as dt
    import random
    from decimal import Decimal

    from django.utils import timezone

    from eve.models import ChatFeedback, ChatLog
    from eve.text import match_key

    rng = random.Random(15)
    questions = [f"Which projects use technology number {n}?" for n in range(400)]
    questions += ["Does he speak Japanese?", "What is his notice period?", "hi"]
    citations = [
        {"kind": "project", "title": f"Project {n}", "slug": f"p-{n}", "url": f"/projects/p-{n}/"}
        for n in range(30)
    ]
    now = timezone.now()
    batch = []
    for n in range(rows):
        message = rng.choice(questions)
        source = rng.choice(
            ["guard", "canned", "cache", "knowledge_base", "knowledge_base", "model"]
        )
        model = source == "model"
        batch.append(
            ChatLog(
                request_id=f"req-{n:08d}",
                conversation_id=f"conv-{n // 4:08d}",
                message=message,
                question_key=match_key(message),
                response="I don't have that information."
                if "Japanese" in message
                else "Here it is.",
                source=source,
                blocked="wasteful" if source == "guard" else "",
                degraded=model and rng.random() < 0.05,
                input_tokens=450 if model else 0,
                output_tokens=120 if model else 0,
                cost_usd=Decimal("0.000263") if model else Decimal(0),
                latency_ms=rng.randrange(1, 1500 if model else 20),
                citations=rng.sample(citations, 3) if source not in ("guard", "canned") else [],
            )
        )
        if len(batch) == 5000:
            ChatLog.objects.bulk_create(batch)
            batch = []
    ChatLog.objects.bulk_create(batch)
    # auto_now_add overwrote created_at: spread the rows over 90 days again, in insertion
    # order, as real traffic writes them (the table's order follows created_at).
    ids = list(ChatLog.objects.order_by("pk").values_list("pk", flat=True))
    stamps = sorted(now - dt.timedelta(seconds=rng.randrange(90 * 86400)) for _ in ids)
    for start in range(0, len(ids), 5000):
        updates = [
            ChatLog(pk=pk, created_at=stamp)
            for pk, stamp in zip(
                ids[start : start + 5000], stamps[start : start + 5000], strict=True
            )
        ]
        ChatLog.objects.bulk_update(updates, ["created_at"])
    feedback = [
        ChatFeedback(chat_log_id=pk, helpful=rng.random() < 0.7, comment="bench")
        for pk in rng.sample(ids, len(ids) // 50)
    ]
    ChatFeedback.objects.bulk_create(feedback, batch_size=5000)


def _time_page(client, path: str) -> dict:
    samples = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(path, HTTP_HOST="localhost")
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return summarise_ms(samples)


def _consume(client, path: str) -> tuple[int, int]:
    response = client.get(path, HTTP_HOST="localhost")
    if not response.streaming:
        raise RuntimeError(f"{path} did not stream")
    lines = size = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
        size += len(chunk)
    return lines, size


def _export(client, path: str) -> dict:
    """Time one full download, then download again under tracemalloc for the peak."""
    started = time.perf_counter()
    lines, size = _consume(client, path)
    seconds = time.perf_counter() - started
    rss_before = _rss_mib()
    tracemalloc.start()
    _consume(client, path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "lines": lines,
        "mib": round(size / 2**20, 1),
        "seconds": round(seconds, 2),
        "tracemalloc_peak_mib": round(peak / 2**20, 1),
        "max_rss_growth_mib": round(_rss_mib() - rss_before, 1),
    }


def measure(rows: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    _fill(rows)
    filled = time.perf_counter() - started
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "pw-bench-1")
    client = Client()
    client.force_login(user)
    base = "/admin/eve/chatlog"
    result = {"rows": rows, "fill_seconds": round(filled, 1)}
    for days in (7, 30, 90):
        result[f"insights_{days}d"] = _time_page(client, f"{base}/insights/?days={days}")
    result["inbox_30d"] = _time_page(client, f"{base}/inbox/?days=30")
    result["chat_log_list"] = _time_page(client, f"{base}/")
    result["export_chat_logs_90d"] = _export(client, f"{base}/export/chat-logs.csv?days=90")
    result["export_feedback_90d"] = _export(client, f"{base}/export/feedback.csv?days=90")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        Path(args.child).write_text(json.dumps(measure(ROWS), indent=2))
        return
    name = "owner_pages-postgres" if args.postgres else "owner_pages"
    with tempfile.TemporaryDirectory(prefix="cfx-bench-owner-") as folder:
        out = Path(folder) / "result.json"
        if args.postgres:
            from harness.services import PostgresServer

            with PostgresServer() as server:
                _child(server.url, out)
        else:
            _child(f"sqlite:///{Path(folder) / 'owner.sqlite3'}", out)
        result = json.loads(out.read_text())
    result["database"] = "postgresql" if args.postgres else "sqlite"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


def _child(database_url: str, out: Path) -> None:
    env = app_env(database_url=database_url)
    env["DJANGO_ALLOWED_HOSTS"] = "localhost,testserver"
    # The admin pages need static file URLs; production's manifest storage would need a
    # collectstatic first, which measures nothing here.
    env["DJANGO_DEBUG"] = "true"
    subprocess.run(
        [sys.executable, "-m", "bench.owner_pages", "--child", str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=1800,
    )


if __name__ == "__main__":
    main()
