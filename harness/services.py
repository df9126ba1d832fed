"""Real PostgreSQL, Redis and gunicorn servers for tests and benchmarks, on loopback.

Each server runs from the machine's own binaries (``initdb``/``pg_ctl``,
``redis-server``) in a throwaway directory on a free 127.0.0.1 port, and is
stopped by PID afterwards. As root, PostgreSQL runs as the ``postgres`` user
(it refuses to run as root).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN_CONFIG = ROOT / "k8s" / "gunicorn.conf.py"
PG_SEARCH_PATHS = [
    "/usr/local/bin",
    *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True),
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", port), timeout=0.5),
        ):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


def _find(binary: str, extra: list) -> str:
    for folder in extra:
        candidate = Path(folder) / binary
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(binary)
    if not found:
        raise FileNotFoundError(f"{binary} not found; install it (see .ci/run)")
    return found


def _as_postgres_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


@dataclass
class PostgresServer:
    """A private PostgreSQL cluster; ``url`` is a DATABASE_URL for it."""

    port: int = field(default_factory=free_port)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cfx-pg-")))
    user: str = "cloudforgex"
    database: str = "cloudforgex"

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{self.database}"

    def start(self) -> PostgresServer:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        if not self.datadir.exists():
            subprocess.run(
                _as_postgres_user(
                    [
                        _find("initdb", PG_SEARCH_PATHS),
                        "-D",
                        str(self.datadir),
                        "-U",
                        self.user,
                        "-A",
                        "trust",
                        "-E",
                        "UTF8",
                        "--no-sync",
                    ]
                ),
                check=True,
                capture_output=True,
            )
            with (self.datadir / "postgresql.conf").open("a") as conf:
                conf.write(
                    "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                    "max_connections = 300\nshared_buffers = 128MB\n"
                )
            fresh = True
        else:
            fresh = False
        self.resume()
        if fresh:
            subprocess.run(
                [
                    _find("psql", PG_SEARCH_PATHS),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-U",
                    self.user,
                    "-d",
                    "postgres",
                    "-c",
                    f'CREATE DATABASE "{self.database}"',
                ],
                check=True,
                capture_output=True,
            )
        return self

    def resume(self) -> None:
        """Start (or restart after ``pause``) the server on the same port and data."""
        subprocess.run(
            _as_postgres_user(
                [
                    _find("pg_ctl", PG_SEARCH_PATHS),
                    "-D",
                    str(self.datadir),
                    "-w",
                    "-l",
                    str(self.root / "server.log"),
                    "-o",
                    f"-p {self.port} -h 127.0.0.1 -k {self.root}",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        wait_for_port(self.port)

    def pause(self) -> None:
        """Stop the server immediately, keeping its data (for outage tests)."""
        subprocess.run(
            _as_postgres_user(
                [
                    _find("pg_ctl", PG_SEARCH_PATHS),
                    "-D",
                    str(self.datadir),
                    "-m",
                    "immediate",
                    "stop",
                ]
            ),
            check=False,
            capture_output=True,
        )

    def stop(self) -> None:
        self.pause()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass
class RedisServer:
    """A private redis-server with no persistence; ``url`` is a REDIS_URL for it."""

    port: int = field(default_factory=free_port)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cfx-redis-")))
    process: subprocess.Popen | None = None
    # Like the Kubernetes Redis: every client must AUTH (the URL carries no password).
    password: str = ""

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                _find("redis-server", []),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
                *(["--requirepass", self.password] if self.password else []),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        return self

    resume = start

    def pause(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        self.pause()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass
class GunicornServer:
    """gunicorn serving cloudforgex.wsgi with the container's config (k8s/gunicorn.conf.py), on a free port.

    Size it through the environment like the pod does (GUNICORN_WORKERS, GUNICORN_WORKER_CONNECTIONS).
    """

    env: dict[str, str]
    port: int = field(default_factory=free_port)
    extra_args: list[str] = field(default_factory=list)
    process: subprocess.Popen | None = None
    log_path: Path = field(
        default_factory=lambda: Path(tempfile.mkstemp(prefix="cfx-gunicorn-", suffix=".log")[1])
    )

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "cloudforgex.wsgi:application",
            "-c",
            str(GUNICORN_CONFIG),
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
