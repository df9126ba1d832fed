"""Cold start of the unzipped Zappa package's handler, first chat answer included.

Uses the builder the deploy tests use (harness/zappa.py: a clean virtualenv,
``zappa package dev``, moto S3 on loopback for remote_env, a migrated and
seeded SQLite database) and their Lambda-like invoker (harness/lambda_invoke.py, ``python -I -S``: only the package and the
standard library importable). Each timed run is a fresh process answering one
API Gateway event for ``POST /api/chat/``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import zappa


def zappa_cold_starts(runs: int = 3) -> dict:
    """Build the package once, then time ``runs`` fresh handler processes answering a chat."""
    root = Path(tempfile.mkdtemp(prefix="cfx-bench-zappa-"))
    build = zappa.package_build(root)
    with zappa.fake_aws(build) as aws:
        lambda_env = zappa.lambda_env_for(aws, build)
        zappa.database_prepare(aws, build, lambda_env)
        event = zappa.api_gateway_event(
            "POST", "/api/chat/", body={"message": "What Terraform projects has he built?"}
        )
        timings = []
        results_file = root / "results.json"
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run(
                [
                    sys.executable,
                    "-I",
                    "-S",
                    str(zappa.LAMBDA_INVOKE),
                    str(build["package"]),
                    str(results_file),
                ],
                input=json.dumps([event]),
                capture_output=True,
                text=True,
                env=lambda_env,
                timeout=120,
            )
            elapsed = time.perf_counter() - started
            if done.returncode:
                raise RuntimeError(f"handler exited {done.returncode}: {done.stderr[-1500:]}")
            status = json.loads(results_file.read_text())[0].get("statusCode")
            if status != 200:
                raise RuntimeError(f"handler answered {status}: {done.stdout[:500]}")
            timings.append(round(elapsed, 3))
        zip_mib = round(build["zip"].stat().st_size / 2**20, 1)
    return {"min": min(timings), "runs": timings, "zip_mib": zip_mib}
