"""Real PostgreSQL and Redis servers for tests and benchmarks, on loopback.

Each server runs from the machine's own binaries (``initdb``/``pg_ctl``,
``redis-server``) in a throwaway directory on a free 127.0.0.1 port, and is
stopped by PID afterwards. As root, PostgreSQL runs as the ``postgres`` user
(it refuses to run as root).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

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
