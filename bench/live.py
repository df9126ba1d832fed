"""Real servers on loopback for the benchmark and the reliability tests.

``GunicornServer`` runs the app exactly as the container does (gunicorn with
``k8s/gunicorn.conf.py``) in production mode against the database and cache it
is given, on a free 127.0.0.1 port, and is stopped by PID. ``prepare_database``
migrates a database and loads the benchmark portfolio in a child process.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.tooling.services import free_port

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "k8s" / "gunicorn.conf.py"
# Used only until the container's config exists: enough threads for 64 waiting clients.
FALLBACK_GUNICORN_ARGS = ["--worker-class", "gthread", "--workers", "2", "--threads", "32"]
SECRET_KEY = "bench-" + secrets.token_urlsafe(48)


def app_env(
    *,
    database_url: str,
    redis_url: str = "",
    bedrock_url: str | None = None,
    **overrides: str,
) -> dict[str, str]:
    """The environment of a production-mode app process for loopback tests."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EVE_", "AWS_", "CERTIFICATES_", "REDIS_", "DATABASE_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cloudforgex.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_PRIVATE_MEDIA_ROOT": str(Path(tempfile.gettempdir()) / "cfx-live-private"),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "LOG_FORMAT": "json",
            "DJANGO_LOG_LEVEL": "WARNING",
            # Load, not limits, is measured here: throttling and the daily token
            # budget are opened up (tests of those limits live with EVE).
            "EVE_THROTTLE_RATES": "burst=1000000/min,sustained=100000000/day",
            "EVE_DAILY_TOKEN_BUDGET": "1000000000",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "eu-west-1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    if bedrock_url:
        env.update({"EVE_PROVIDER": "bedrock", "EVE_BEDROCK_ENDPOINT_URL": bedrock_url})
    else:
        env["EVE_PROVIDER"] = "knowledge_base"
    env.update(overrides)
    return env


def prepare_database(env: dict[str, str], *, records: int = 500, with_files: bool = True) -> None:
    """Migrate the database in ``env`` and load the portfolio into it (child processes)."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    command = [sys.executable, "-m", "bench.content", "--records", str(records)]
    if not with_files:
        command.append("--no-files")
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)


@dataclass
class GunicornServer:
    """gunicorn serving cloudforgex.wsgi with the container's config, on a free port."""

    env: dict[str, str]
    port: int = field(default_factory=free_port)
    extra_args: list[str] = field(default_factory=list)
    process: subprocess.Popen | None = None
    log_path: Path = field(
        default_factory=lambda: Path(tempfile.mkstemp(prefix="cfx-gunicorn-", suffix=".log")[1])
    )

    def command(self) -> list[str]:
        config = (
            ["-c", str(GUNICORN_CONFIG)] if GUNICORN_CONFIG.is_file() else FALLBACK_GUNICORN_ARGS
        )
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "cloudforgex.wsgi:application",
            *config,
            "--bind",
            f"127.0.0.1:{self.port}",
            *self.extra_args,
        ]

    def start(self, *, timeout: float = 60.0) -> GunicornServer:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log()[-4000:]}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if self.get("/health")[0] == 200:
                    return self
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"gunicorn did not answer /health in {timeout}s:\n{self.log()[-4000:]}")

    def stop(self) -> None:
        if not self.process or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict | None = None,
        *,
        timeout: float = 30.0,
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body, headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def get(self, path: str, **kwargs) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, **kwargs)

    def chat(self, message: str, *, timeout: float = 30.0) -> tuple[int, dict]:
        status, _, body = self.request(
            "POST",
            "/api/chat/",
            json.dumps({"message": message}).encode(),
            {"Content-Type": "application/json"},
            timeout=timeout,
        )
        return status, json.loads(body)

    def worker_pids(self) -> list[int]:
        """PIDs of the gunicorn workers (children of the master)."""
        if not self.process:
            return []
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:
                    children.append(int(stat.parent.name))
        return sorted(children)

    def __enter__(self) -> GunicornServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def rss_mib(pid: int) -> float:
    """Resident memory of one process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0
