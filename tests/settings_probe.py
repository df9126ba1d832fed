"""Run a snippet under ``cloudforgex.settings`` in a fresh interpreter.

Settings are read once per process, so a test of how environment variables
configure them needs its own process, started from a scrubbed environment
(the test run's own DJANGO_*/DATABASE_* variables must not leak in).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def settings_probe(
    code: str, *, without: tuple[str, ...], env: dict[str, str]
) -> subprocess.CompletedProcess:
    """``python -c code`` at the repository root; never raises on a non-zero exit.

    Variables whose names start with any of ``without`` are dropped from this
    process's environment first, then ``env`` is added.
    """
    clean = {key: value for key, value in os.environ.items() if not key.startswith(without)}
    clean.update(DJANGO_SETTINGS_MODULE="cloudforgex.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
