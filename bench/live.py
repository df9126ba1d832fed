"""Real servers on loopback for the benchmark and the reliability tests.

``GunicornServer`` runs the app exactly as the container does (gunicorn with
``k8s/gunicorn.conf.py``) in production mode against the database and cache it
is given, on a free 127.0.0.1 port, and is stopped by PID. ``prepare_database``
migrates a database and loads the benchmark portfolio in a child process.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def rss_mib(pid: int) -> float:
    """Resident memory of one process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0
