"""The container's exact command line against real PostgreSQL and Redis on loopback.

There is no Docker engine here, so the image is reproduced as faithfully as
the machine allows: the files the Dockerfile COPYs go to a temporary /app,
its build-time RUN (collectstatic) runs there with the image's ENV, the
migration Job's command migrates, and the Dockerfile's CMD starts gunicorn
with the image's ENV plus the ConfigMap and a filled-in Secret. The tree must
be unchanged afterwards (the pod's root filesystem is read-only).
"""

import hashlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from harness.services import RedisServer, free_port, wait_for_port
from tests.deploy.manifests import REPO, find, parse_dockerfile, render_kustomization

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

HOST = "cloudforgex.example.com"
POD_IP_HOST = "10.244.1.17:8000"  # what the kubelet sends
VENV_BIN = str(Path(sys.executable).parent)


def _runtime_stage():
    (runtime,) = [s for s in parse_dockerfile() if s.name == "runtime"]
    return runtime


def _copy_image_tree(app: Path) -> None:
    """Reproduce the runtime stage's COPY lines (the venv itself is ours: .venv)."""
    for args in _runtime_stage().all("COPY"):
        if args.startswith("--from="):
            continue
        source, target = args.split()
        destination = app / target.removeprefix("./")
        if (REPO / source).is_dir():
            shutil.copytree(
                REPO / source, destination, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / source, destination)


def _image_env() -> dict[str, str]:
    env = {
        key: value.replace("/opt/venv/bin", VENV_BIN).replace("$PATH", os.environ["PATH"])
        for key, value in _runtime_stage().env().items()
    }
    env["HOME"] = "/nonexistent"
    return env


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def app_dir(tmp_path_factory):
    """The image's /app: copied files plus static files collected by the Dockerfile's RUN."""
    app = tmp_path_factory.mktemp("image") / "app"
    app.mkdir()
    _copy_image_tree(app)
    (build_step,) = [run for run in _runtime_stage().all("RUN") if "collectstatic" in run]
    subprocess.run(
        ["bash", "-c", build_step], cwd=app, env=_image_env(), check=True, capture_output=True
    )
    return app


@pytest.fixture(scope="module")
def redis_with_password():
    """Redis as the pod runs it: every client must authenticate."""
    with RedisServer(password=secrets.token_urlsafe(24)) as server:
        yield server


def _mount_secret(objects: list[dict], root: Path, values: dict[str, str]) -> dict[str, str]:
    """Write the Secret's keys as files where the pod mounts them; return the *_FILE settings."""
    deployment = find(objects, "Deployment", "cloudforgex")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    (mount,) = [m for m in container["volumeMounts"] if m["name"] == "secrets"]
    config = find(objects, "ConfigMap", "cloudforgex-config")["data"]
    files = {
        k: v
        for k, v in config.items()
        if k.endswith("_FILE") and k != "AWS_SHARED_CREDENTIALS_FILE"
    }
    root.mkdir(parents=True, exist_ok=True)
    for name, path in files.items():
        assert path.startswith(mount["mountPath"] + "/"), name
        (root / Path(path).name).write_text(values[name.removesuffix("_FILE")] + "\n")
    return {name: str(root / Path(path).name) for name, path in files.items()}


@pytest.fixture(scope="module")
def pod_env(redis_with_password, postgres, tmp_path_factory):
    """What the pod sees: image ENV, the ConfigMap, and the Secret mounted as files."""
    objects = render_kustomization()
    env = _image_env()
    env.update(find(objects, "ConfigMap", "cloudforgex-config")["data"])
    secret = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": postgres.url,
        "ADMIN_URL": "manage-7f3a9c/",
        "REDIS_PASSWORD": redis_with_password.password,
    }
    env.update(_mount_secret(objects, tmp_path_factory.mktemp("secrets"), secret))
    # The Secret never reaches the environment as values.
    assert not set(secret) & set(env)
    env.update(
        {
            "REDIS_URL": redis_with_password.url,
            # No Bedrock here: the knowledge-base provider answers.
            "EVE_PROVIDER": "knowledge_base",
            # Tight enough to see two instances share one budget.
            "EVE_THROTTLE_RATES": "burst=3/min,sustained=100/day",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_WORKER_CONNECTIONS": "8",
            "CERTIFICATES_BUCKET": "",
        }
    )
    return env


@pytest.fixture(scope="module")
def migrated(app_dir, pod_env):
    """The migration Job's command, then the demo content (as the owner would load it)."""
    job = find(render_kustomization(), "Job", "cloudforgex-migrate")
    (container,) = job["spec"]["template"]["spec"]["containers"]
    for command in (container["command"], ["python", "manage.py", "seed_demo"]):
        result = subprocess.run(command, cwd=app_dir, env=pod_env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    return app_dir


class Gunicorn:
    """The Dockerfile's CMD, as a process on a free loopback port."""

    def __init__(self, app_dir: Path, env: dict, logs: Path):
        self.port = free_port()
        # The ConfigMap's METRICS_PORT (9100) is per pod; here two instances share a host.
        self.metrics_port = free_port()
        self.stdout = (logs / f"gunicorn-{self.port}.out").open("w+")
        self.stderr = (logs / f"gunicorn-{self.port}.err").open("w+")
        self.process = subprocess.Popen(
            _runtime_stage().command(),
            cwd=app_dir,
            env={**env, "PORT": str(self.port), "METRICS_PORT": str(self.metrics_port)},
            stdout=self.stdout,
            stderr=self.stderr,
        )
        wait_for_port(self.port, timeout=30)

    def request(self, method, path, *, host=HOST, https=True, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        sent = {"Host": host, **(headers or {})}
        if https:
            sent["X-Forwarded-Proto"] = "https"  # what the ingress adds
        payload = json.dumps(body).encode() if body is not None else None
        if payload is not None:
            sent["Content-Type"] = "application/json"
        conn.request(method, path, body=payload, headers=sent)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def stop(self) -> tuple[str, str]:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.stdout.seek(0)
        self.stderr.seek(0)
        return self.stdout.read(), self.stderr.read()


@pytest.fixture(scope="module")
def pods(migrated, pod_env, tmp_path_factory):
    logs = tmp_path_factory.mktemp("logs")
    before = _snapshot(migrated)
    first, second = Gunicorn(migrated, pod_env, logs), Gunicorn(migrated, pod_env, logs)
    result = {"first": first, "second": second, "logs": {}}
    yield result
    for name in ("first", "second"):
        if result[name].process.poll() is None:
            result[name].stop()
    assert _snapshot(migrated) == before, "the app wrote into its (read-only) image tree"


def _chat(pod, message, client_ip="203.0.113.7"):
    return pod.request(
        "POST",
        "/api/chat/",
        body={"message": message},
        headers={"X-Forwarded-For": client_ip},
    )


def test_probes_answer_the_kubelet_over_plain_http(pods):
    """Probes with Host <pod-ip>:8000 over HTTP: /health 200, /ready 200 with PostgreSQL and Redis ok."""
    pod = pods["first"]
    status, _, body = pod.request("GET", "/health", host=POD_IP_HOST, https=False)
    assert (status, json.loads(body)) == (200, {"status": "healthy"})
    status, _, body = pod.request("GET", "/ready", host=POD_IP_HOST, https=False)
    assert status == 200
    assert json.loads(body) == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
    }


def test_plain_http_is_redirected_and_unknown_hosts_refused(pods):
    """Outside the probes, HTTP goes to HTTPS and a foreign Host header gets a 400."""
    pod = pods["first"]
    status, headers, _ = pod.request("GET", "/api/profile/", https=False)
    assert status == 301 and headers["location"] == f"https://{HOST}/api/profile/"
    status, headers, body = pod.request("GET", "/api/profile/", host="evil.example.net")
    assert status == 400 and json.loads(body)["code"] == "bad_request"


def test_site_admin_and_static_files_in_production(pods):
    """HTTPS page with HSTS/CSP/DENY framing; admin only under ADMIN_URL; hashed, compressed static files."""
    pod = pods["first"]
    status, headers, body = pod.request("GET", "/")
    assert status == 200
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "default-src 'self'" in headers["content-security-policy"]
    assert pod.request("GET", "/admin/login/")[0] == 404
    status, headers, _ = pod.request("GET", "/manage-7f3a9c/login/")
    assert status == 200 and "__Host-csrftoken=" in headers["set-cookie"]
    assets = re.findall(rb"/static/[\w/.-]+\.[0-9a-f]{12}\.(?:css|js)", body)
    assert assets, "the page links no hashed static asset"
    status, headers, data = pod.request(
        "GET", assets[0].decode(), headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200 and data
    assert headers["content-encoding"] == "gzip"
    assert "immutable" in headers["cache-control"]


def test_chat_answers_and_throttles_are_shared_between_instances(pods):
    """Two gunicorn instances share one Redis: the client's burst budget (3) is spent across both."""
    first, second = pods["first"], pods["second"]
    status, _, body = _chat(first, "What projects use Kubernetes?")
    assert status == 200, body
    reply = json.loads(body)
    assert reply["status"] == "success" and reply["response"]
    assert _chat(second, "Which AWS certifications do you hold?")[0] == 200
    assert _chat(first, "Tell me about your experience")[0] == 200
    status, headers, body = _chat(second, "What is your strongest skill?")
    assert status == 429, body
    assert json.loads(body)["code"] == "throttled" and "retry-after" in headers
    # Another client still gets through.
    assert _chat(second, "What is your strongest skill?", client_ip="198.51.100.9")[0] == 200


def test_metrics_are_scraped_on_their_own_port_never_the_public_one(pods):
    """The port the Service/Ingress carries has no /metrics; the metrics port has EVE's counters."""
    pod = pods["first"]
    assert _chat(pod, "Which projects use Kubernetes?", client_ip="192.0.2.44")[0] == 200
    for path in ("/metrics", "/metrics/"):
        status, _, body = pod.request("GET", path)
        assert status == 404 and b"eve_replies_total" not in body
    conn = http.client.HTTPConnection("127.0.0.1", pod.metrics_port, timeout=10)
    conn.request("GET", "/metrics")
    response = conn.getresponse()
    text = response.read().decode()
    conn.close()
    assert response.status == 200
    replies = [line for line in text.splitlines() if line.startswith("eve_replies_total{")]
    assert replies and sum(float(line.rsplit(" ", 1)[1]) for line in replies) >= 1


def test_every_log_line_is_json_with_a_request_id(pods):
    """Both instances log JSON only; every request line carries the X-Request-ID the client got."""
    pod = pods["second"]
    status, headers, _ = pod.request("GET", "/ready", host=POD_IP_HOST, https=False)
    assert status == 200
    request_id = headers["x-request-id"]
    stdout, stderr = pod.stop()
    lines = [line for line in (stdout + stderr).splitlines() if line.strip()]
    assert lines
    not_json = [line for line in lines if not line.startswith("{")]
    assert not not_json, not_json
    records = [json.loads(line) for line in lines]
    assert all("request_id" in record for record in records)
    access = [r for r in records if r["logger"] == "gunicorn.access"]
    assert any(r["request_id"] == request_id and r["path"] == "/ready" for r in access)
    assert all(r["request_id"] not in ("", "-") for r in access)
