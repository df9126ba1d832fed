"""Audit the shipped dependencies for known vulnerabilities with pip-audit.

    python -m tests.security.dependency_audit

What ships (the Lambda zip, the container) is ``[project].dependencies`` from
pyproject.toml plus everything they pull in. This resolves that closure from
the installed environment, writes it as exact ``name==version`` pins and runs
``pip-audit --no-deps --disable-pip`` on them, which asks the PyPI
vulnerability service about exactly those versions. It is a separate CI step
(``make audit``, run by .ci/run), not a unit test: it needs PyPI, and the test
suite itself stays on loopback. If the service cannot be reached it fails
loudly instead of passing.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_requirements() -> list[Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return [Requirement(line) for line in data["project"]["dependencies"]]


def _wanted(child: Requirement, extras: frozenset[str]) -> bool:
    """True if ``child`` applies on this platform, for no extra or one of the asked ``extras``."""
    if child.marker is None:
        return True
    return any(child.marker.evaluate({"extra": extra}) for extra in {"", *extras})


def runtime_closure() -> dict[str, str]:
    """Every installed distribution the runtime dependencies need, as {name: version}."""
    pinned: dict[str, str] = {}
    queue = [(req, frozenset(req.extras)) for req in runtime_requirements()]
    while queue:
        req, extras = queue.pop()
        name = _canonical(req.name)
        if name in pinned:
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError as exc:
            raise SystemExit(f"{req.name} is not installed; run `make install-test` first") from exc
        pinned[name] = dist.version
        for child in map(Requirement, dist.requires or []):
            if _wanted(child, extras):
                queue.append((child, frozenset(child.extras)))
    return dict(sorted(pinned.items()))


def main() -> int:
    closure = runtime_closure()
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "runtime-requirements.txt"
        requirements.write_text("".join(f"{n}=={v}\n" for n, v in closure.items()))
        print(f"[audit] {len(closure)} shipped distributions: {', '.join(closure)}", flush=True)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip_audit",
                "--no-deps",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--strict",
                "-r",
                str(requirements),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
    print(done.stdout, end="")
    print(done.stderr, end="", file=sys.stderr)
    if done.returncode and "vulnerab" not in (done.stdout + done.stderr).lower():
        print(
            "[audit] FAILED: pip-audit could not complete (is the PyPI vulnerability service "
            "reachable?). This step never passes without an answer.",
            file=sys.stderr,
        )
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
