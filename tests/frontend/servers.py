"""Real processes for the browser tests: a seeded SQLite site, gunicorn, a static file server."""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from harness.services import free_port

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def base_env(workdir: Path, static_root: Path, **overrides: str) -> dict:
    """Environment for manage.py and gunicorn: production mode, SQLite and files under workdir."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EVE_", "CORS_", "CERTIFICATES_", "SITE_", "REDIS_"))
        and key not in {"DATABASE_URL", "AWS_S3_ENDPOINT_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.frontend.server_settings",
            "CFX_TEST_STATIC_ROOT": str(static_root),
            "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
            "DJANGO_PRIVATE_MEDIA_ROOT": str(workdir / "private_media"),
            "DJANGO_MEDIA_ROOT": str(workdir / "media"),
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "browser-tests-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(overrides)
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=180,
    )


def seeded_site(template: Path, workdir: Path) -> None:
    """Copy a migrated, seeded database and its private files into workdir."""
    workdir.mkdir(parents=True, exist_ok=True)
    for item in template.iterdir():
        target = workdir / item.name
        if item.is_dir():
            shutil.copytree(item, target)
        else:
            shutil.copy2(item, target)


def wait_for(url: str, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited early with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.15)
    raise TimeoutError(f"{url} did not answer in {timeout}s")


class Server:
    """A subprocess serving on 127.0.0.1:<free port>, stopped on exit."""

    def __init__(self, command: list[str], env: dict | None, log: Path, probe: str = "/"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [part.replace("{port}", str(self.port)) for part in command]
        self.env = env
        self.log = log
        self.probe = probe
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        self._log_file = self.log.open("w")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=self._log_file, stderr=subprocess.STDOUT
        )
        try:
            wait_for(self.url + self.probe, process=self.process)
        except Exception:
            self.__exit__()
            raise RuntimeError(f"server failed to start; log:\n{self.log.read_text()}") from None
        return self

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._log_file.close()


def django_server(env: dict, log: Path) -> Server:
    return Server(
        [
            GUNICORN,
            "cloudforgex.wsgi",
            "--bind",
            "127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--timeout",
            "60",
        ],
        env,
        log,
        probe="/health",
    )


def static_server(directory: Path, log: Path) -> Server:
    return Server(
        [
            PYTHON,
            "-m",
            "http.server",
            "{port}",
            "--bind",
            "127.0.0.1",
            "--directory",
            str(directory),
        ],
        None,
        log,
    )
