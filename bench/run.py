"""``make bench``: start everything on loopback, measure, stop it all, print one table.

Starts PostgreSQL and Redis (harness.services), the fake Bedrock
(harness/bedrock.py) and gunicorn with the container's config
(k8s/gunicorn.conf.py); drives it with wrk; stops every process by PID; writes
bench/results/latest.json. Every load run is bounded in time (wrk -d) and so
in count. Not part of the test suite: the numbers depend on the machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.budget import budget_overshoot
from bench.content import CANNED, REAL_QUESTIONS
from bench.live import ROOT, app_env, prepare_database, rss_mib
from harness.services import GunicornServer, PostgresServer, RedisServer

RESULTS = ROOT / "bench" / "results"
WRK_SCRIPT = ROOT / "bench" / "wrk" / "chat.lua"
BUCKET = {"CERTIFICATES_BUCKET": "cfx-bench-certificates"}
HTTP_SECONDS = int(os.environ.get("BENCH_HTTP_SECONDS", "10"))
MODEL_SECONDS = int(os.environ.get("BENCH_MODEL_SECONDS", "15"))
CLIENTS = 64


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def run_inprocess(provider: str) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="cfx-bench-inproc-"))
    env = app_env(database_url=f"sqlite:///{folder / 'bench.sqlite3'}", **BUCKET)
    env["DJANGO_ALLOWED_HOSTS"] = "localhost,testserver"
    out = folder / "result.json"
    subprocess.run(
        [sys.executable, "-m", "bench.inprocess", "--provider", provider, "--out", str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=900,
    )
    result = json.loads(out.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    return result


# What each chat load sends: a greeting the guard blocks, the suggested question
# that has a canned answer, or real questions (made unique per request).
WRK_MESSAGES = {
    "guard": ("chat", ["hi"]),
    "canned": ("chat", [CANNED[0][0]]),
    "unique": ("unique", REAL_QUESTIONS[:8]),
}


def wrk(port: int, load: str, path: str = "/health", *, seconds: int, clients: int) -> dict:
    """Drive the server with wrk: ``load`` is "get" (GET ``path``) or a WRK_MESSAGES key."""
    mode, messages = WRK_MESSAGES.get(load, ("get", []))
    command = [
        "wrk",
        "-t2",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(WRK_SCRIPT),
        f"http://127.0.0.1:{port}",
        "--",
        mode,
        path,
        secrets.token_hex(4),  # a fresh nonce: no run's questions are cached by an earlier run
        *(json.dumps(message)[1:-1] for message in messages),  # escaped for the JSON body
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    match = re.search(r"WRK_JSON (\{.*\})", done.stdout)
    if not match:
        raise RuntimeError(f"wrk gave no summary:\n{done.stdout}\n{done.stderr}")
    data = json.loads(match.group(1))
    data["req_per_s"] = round(data["requests"] / (data["duration_us"] / 1e6), 1)
    data["clients"] = clients
    return data


def http_benchmarks(pg: PostgresServer, redis: RedisServer) -> dict:
    env = app_env(database_url=pg.url, redis_url=redis.url, **BUCKET)
    log("migrating PostgreSQL and loading 500 records")
    prepare_database(env, records=500, with_files=False)
    results: dict = {}
    with GunicornServer(env=env) as server:
        log(f"gunicorn (knowledge_base provider) on :{server.port}")
        results["health"] = wrk(
            server.port, "get", "/health", seconds=HTTP_SECONDS, clients=CLIENTS
        )
        results["guard"] = wrk(server.port, "guard", seconds=HTTP_SECONDS, clients=CLIENTS)
        results["canned"] = wrk(server.port, "canned", seconds=HTTP_SECONDS, clients=CLIENTS)
        results["knowledge_base"] = wrk(
            server.port, "unique", seconds=HTTP_SECONDS, clients=CLIENTS
        )
        memory = {str(pid): rss_mib(pid) for pid in server.worker_pids()}
        master = rss_mib(server.process.pid)
    results["memory_rss_mib"] = {"master": master, "workers": memory}

    from harness.bedrock import FakeBedrock

    with FakeBedrock(mode="delay", delay=1.0) as fake:
        model_env = app_env(
            database_url=pg.url, redis_url=redis.url, bedrock_url=fake.url, **BUCKET
        )
        with GunicornServer(env=model_env) as server:
            log(f"gunicorn (bedrock provider, fake model answering in 1 s) on :{server.port}")
            wrk(server.port, "unique", seconds=3, clients=CLIENTS)  # warm both workers
            model = wrk(server.port, "unique", seconds=MODEL_SECONDS, clients=CLIENTS)
            model["ratio_to_64_rps"] = round(model["req_per_s"] / 64, 3)
            results["model_1s"] = model
            results["memory_rss_mib_after_model_load"] = {
                str(pid): rss_mib(pid) for pid in server.worker_pids()
            }
    return results


def timed_process(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    return round(elapsed, 3)


def cold_starts(pg: PostgresServer) -> dict:
    env = app_env(database_url=pg.url, **BUCKET)
    runs = [timed_process([sys.executable, "-m", "bench.coldstart", "wsgi"], env) for _ in range(3)]
    result = {"wsgi_s": {"min": min(runs), "runs": runs}}
    try:
        from bench.zappa_cold import zappa_cold_starts

        result["zappa_s"] = zappa_cold_starts()
    except Exception as exc:  # report, don't hide: the table says why it is missing
        result["zappa_s"] = None
        detail = " ".join(str(exc).split())[-300:]
        result["zappa_note"] = f"not measured: {type(exc).__name__}: {detail}"
    return result


def machine() -> dict:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "os": platform.platform(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def main() -> int:
    if not shutil.which("wrk"):
        log("wrk is not installed (apt-get install wrk)")
        return 2
    report: dict = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine()}
    report["machine"]["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    log("in-process, knowledge_base provider (SQLite, 500 records)")
    report["inprocess"] = run_inprocess("knowledge_base")
    log("in-process, bedrock provider against the fake Bedrock (no delay)")
    report["inprocess_model"] = run_inprocess("bedrock")
    log(f"budget: {CLIENTS} concurrent visitors against a 5,000-token budget")
    report["budget"] = budget_overshoot(visitors=CLIENTS, budget=5000)
    with PostgresServer() as pg, RedisServer() as redis:
        report["http"] = http_benchmarks(pg, redis)
        log("cold starts")
        report["cold_start"] = cold_starts(pg)
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    from bench.table import render

    print(render(report))
    log(f"wrote {RESULTS / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
