"""Cold start of the unzipped Zappa package's handler, first chat answer included.

Reuses the deploy tests' own builder (tests/deploy/test_zappa_package.py: a
clean virtualenv, ``zappa package dev``, moto S3 on loopback for remote_env, a
migrated and seeded SQLite database) and their Lambda-like invoker
(tests/deploy/lambda_invoke.py, ``python -I -S``: only the package and the
standard library importable). Each timed run is a fresh process answering one
API Gateway event for ``POST /api/chat/``.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.live import ROOT


class _TmpFactory:
    """The one method of pytest's tmp_path_factory the builder uses."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="cfx-bench-zappa-"))

    def mktemp(self, name: str) -> Path:
        path = self.root / name
        path.mkdir(parents=True, exist_ok=True)
        return path


def zappa_cold_starts(runs: int = 3) -> dict:
    """Build the package once, then time ``runs`` fresh handler processes answering a chat."""
    from tests.deploy import test_zappa_package as deploy

    factory = _TmpFactory()
    with contextlib.ExitStack() as stack:
        build = deploy.build.__wrapped__(factory)
        aws_gen = deploy.aws.__wrapped__(build)
        aws = next(aws_gen)
        stack.callback(lambda: next(aws_gen, None))
        lambda_env = deploy.lambda_env.__wrapped__(aws, build)
        deploy.database.__wrapped__(aws, build, lambda_env)
        event = deploy._event(
            "POST", "/api/chat/", body={"message": "What Terraform projects has he built?"}
        )
        timings = []
        results_file = factory.root / "results.json"
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run(
                [
                    sys.executable,
                    "-I",
                    "-S",
                    str(ROOT / "tests" / "deploy" / "lambda_invoke.py"),
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
