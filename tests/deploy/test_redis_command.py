"""The Redis pod's own command line, run with Debian's redis-server: no password, no service.

The manifest's `sh -c` command and readiness probe run as written, with only
the Secret's mount path pointed at a temporary file and a free loopback port
added (the pod owns 6379; this machine may not).
"""

import secrets
import shutil
import socket
import subprocess

import pytest

from harness.services import free_port, wait_for_port
from tests.deploy.manifests import find, render_kustomization

pytestmark = [
    pytest.mark.deploy,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]

MOUNT = "/run/secrets/redis"


def _roundtrip(port: int, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(payload)
        return conn.recv(4096)


@pytest.fixture
def redis_pod(tmp_path):
    spec = find(render_kustomization(), "Deployment", "cloudforgex-redis")["spec"]["template"]
    (container,) = spec["spec"]["containers"]
    password = secrets.token_urlsafe(24)
    secret_dir = tmp_path / "secret"
    secret_dir.mkdir()
    (secret_dir / "REDIS_PASSWORD").write_text(password)
    port = free_port()
    shell, flag, script = container["command"]
    assert (shell, flag) == ("sh", "-c")
    script = script.replace(MOUNT, str(secret_dir)) + f" --port {port} --bind 127.0.0.1"
    process = subprocess.Popen(
        [shell, flag, script], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_port(port)
        yield {"port": port, "password": password, "container": container, "secrets": secret_dir}
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_redis_refuses_clients_without_the_password(redis_pod):
    port = redis_pod["port"]
    assert _roundtrip(port, b"PING\r\n").startswith(b"-NOAUTH")
    assert _roundtrip(port, b"AUTH wrong-password\r\n").startswith(b"-WRONGPASS")
    auth = f"AUTH {redis_pod['password']}\r\nPING\r\n".encode()
    assert _roundtrip(port, auth).startswith(b"+OK")


def test_readiness_probe_authenticates_with_the_mounted_password(redis_pod):
    probe = redis_pod["container"]["readinessProbe"]["exec"]["command"]
    shell, flag, script = probe
    script = script.replace(MOUNT, str(redis_pod["secrets"]))
    script = script.replace("redis-cli ping", f"redis-cli -p {redis_pod['port']} ping")
    assert subprocess.run([shell, flag, script], timeout=10).returncode == 0
    (redis_pod["secrets"] / "REDIS_PASSWORD").write_text("not-the-password")
    assert subprocess.run([shell, flag, script], timeout=10, capture_output=True).returncode != 0
