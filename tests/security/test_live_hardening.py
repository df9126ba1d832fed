"""Hardening seen from the wire: real gunicorn with the container's config (issue 17).

One production-mode gunicorn (k8s/gunicorn.conf.py, SQLite, behind one
trusted proxy) per module, driven over raw sockets where http.client would
tidy the request up: bodies refused before they are read, a missing Host,
chunked bodies, the headers every response carries, and /ready via a proxy.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import time

import pytest

from bench.live import app_env
from harness.services import ROOT, GunicornServer

pytestmark = pytest.mark.slow

ADMIN = "/manage-test-4d1e/"
UPLOAD_URL = f"{ADMIN}certificates/certificate/add/"
TEN_MB = 10 * 1024 * 1024
STAFF_SESSION_SCRIPT = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.create_superuser("owner", "owner@example.com", "x-Long-pass-42")
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


@pytest.fixture(scope="module")
def spool_dir(tmp_path_factory):
    """Where Django would spool uploads (TMPDIR): must stay empty under attack."""
    return tmp_path_factory.mktemp("spool")


@pytest.fixture(scope="module")
def server(tmp_path_factory, spool_dir):
    folder = tmp_path_factory.mktemp("live-hardening")
    env = app_env(
        database_url=f"sqlite:///{folder / 'db.sqlite3'}",
        # The project's settings with a private STATIC_ROOT: pages need the manifest.
        DJANGO_SETTINGS_MODULE="tests.frontend.server_settings",
        CFX_TEST_STATIC_ROOT=str(folder / "static"),
        ADMIN_URL=ADMIN,
        NUM_PROXIES="1",
        GUNICORN_WORKERS="1",
        TMPDIR=str(spool_dir),
        DJANGO_PRIVATE_MEDIA_ROOT=str(folder / "private"),
    )
    env.pop("CERTIFICATES_BUCKET", None)
    commands = (
        ["collectstatic", "--noinput", "-v", "0"],
        ["migrate", "--noinput", "-v", "0"],
        ["shell", "-c", STAFF_SESSION_SCRIPT],
    )
    for command in commands:
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    env["TEST_STAFF_SESSION"] = result.stdout.strip().splitlines()[-1]
    with GunicornServer(env=env) as running:
        running.staff_session = env["TEST_STAFF_SESSION"]
        yield running


def _raw(server, head: str, body: bytes = b"", *, timeout: float = 10.0) -> tuple[int, str, bytes]:
    """Send ``head`` (and ``body``) on a fresh socket, return (status, headers, body) as answered.

    The answer is read with ``timeout``: a server that waits for the rest of a
    body it was promised never answers in time (the socket times out).
    """
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\n" + body)
        response = http.client.HTTPResponse(sock, method=head.split()[0])
        response.begin()
        headers = "\r\n".join(f"{name}: {value}" for name, value in response.getheaders())
        return response.status, headers, response.read()


def _post_head(path: str, *, content_type: str, length: int, cookie: str = "") -> str:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 203.0.113.9\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {length}\r\n"
    )
    if cookie:
        head += f"Cookie: {cookie}\r\n"
    return head


MULTIPART = "multipart/form-data; boundary=----cfx"
ANY_CSRF_COOKIE = "__Host-csrftoken=" + "a" * 32
PART = (
    b'------cfx\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
    b"Content-Type: application/pdf\r\n\r\n" + b"%PDF-" + b"x" * 1000
)


@pytest.mark.parametrize("path", [UPLOAD_URL, f"{ADMIN}login/", "/", "/api/certificates/x/url/"])
def test_anonymous_multipart_is_refused_before_its_body_is_read(server, spool_dir, path):
    """A promised 10 MB upload gets its 403 while 9.99 MB are still unsent: nothing is read or spooled.

    With any well-formed CSRF cookie, CsrfViewMiddleware reads the form (and
    spools its file) to find the token it then refuses.
    """
    status, _, body = _raw(
        server,
        _post_head(path, content_type=MULTIPART, length=TEN_MB, cookie=ANY_CSRF_COOKIE),
        PART,
    )
    assert status in (403, 413), body[:300]  # the API's own 16 KiB cap answers first there
    if path.startswith("/api/"):
        assert json.loads(body)["code"] in {"permission_denied", "payload_too_large"}
    assert list(spool_dir.iterdir()) == []


def test_large_anonymous_form_bodies_are_refused_unread(server):
    """A 1 MB urlencoded login post is refused from its Content-Length alone."""
    status, _, _ = _raw(
        server,
        _post_head(
            f"{ADMIN}login/",
            content_type="application/x-www-form-urlencoded",
            length=1 << 20,
            cookie=ANY_CSRF_COOKIE,
        ),
        b"username=owner&password=",
    )
    assert status == 413


def test_a_forged_session_cookie_does_not_open_uploads(server):
    status, _, _ = _raw(
        server,
        _post_head(
            UPLOAD_URL,
            content_type=MULTIPART,
            length=TEN_MB,
            cookie=f"__Host-sessionid=x; {ANY_CSRF_COOKIE}",
        ),
        PART,
    )
    assert status == 403


def test_staff_may_upload_in_the_admin(server):
    """Positive control: the owner's 3 MB upload reaches the admin form (which judges the file)."""
    session = f"__Host-sessionid={server.staff_session}"
    status, headers, page = _raw(
        server, f"GET {UPLOAD_URL} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {session}\r\n"
    )
    assert status == 200, page[:300]
    csrf_cookie = re.search(r"__Host-csrftoken=([^;\s]+)", headers).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = (
        b'------cfx\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        + token
        + b"\r\n"
        + PART
        + b"y" * (3 * 1024 * 1024)
        + b"\r\n------cfx--\r\n"
    )
    cookie = f"{session}; __Host-csrftoken={csrf_cookie}"
    status, _, page = _raw(
        server,
        _post_head(UPLOAD_URL, content_type=MULTIPART, length=len(body), cookie=cookie),
        body,
        timeout=30,
    )
    assert status == 200, page[:500]  # the form again, with its field errors
    assert b"errorlist" in page


def test_responses_carry_permissions_policy_and_no_server_name(server):
    for path in ("/", "/health", "/api/profile/"):
        status, headers, _ = _raw(server, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        assert status in (200, 404), path
        assert not re.search(r"(?im)^server:", headers), headers
        assert "gunicorn" not in headers.lower()
        if path != "/health":
            policy = re.search(r"(?im)^permissions-policy:\s*(.+)$", headers).group(1)
            assert "camera=()" in policy and "geolocation=()" in policy


@pytest.mark.parametrize("path", ["/", "/api/profile/", "/health"])
def test_a_request_without_host_is_a_400(server, path):
    """HTTP/1.0 allows leaving Host out; we do not guess one (127.0.0.1 is an allowed host here)."""
    status, _, body = _raw(server, f"GET {path} HTTP/1.0\r\n")
    assert status == 400
    assert json.loads(body)["code"] == "bad_request"


def test_chunked_api_bodies_are_refused_with_a_json_411(server):
    """Django would read a chunked body as empty; the API says what it needs instead."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        body = json.dumps({"message": "What is AWS?"}).encode()
        conn.request(
            "POST",
            "/api/chat/",
            body=iter([body[:10], body[10:]]),
            headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
            encode_chunked=True,
        )
        response = conn.getresponse()
        payload = json.loads(response.read())
    finally:
        conn.close()
    assert response.status == 411
    assert payload["code"] == "length_required" and payload["error"]


def test_ready_is_not_served_through_a_proxy(server):
    """The kubelet (no X-Forwarded-For) gets /ready; anything the ingress forwards gets a 404."""
    assert server.get("/ready")[0] == 200
    status, _, body = server.request("GET", "/ready", headers={"X-Forwarded-For": "203.0.113.9"})
    assert status == 404
    assert b"database" not in body


def test_workers_without_a_shared_cache_say_so(tmp_path):
    """`gunicorn -w 2` with no REDIS_URL: each worker logs that its limits are its own."""
    env = app_env(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}", ADMIN_URL=ADMIN)
    env.pop("GUNICORN_WORKERS", None)
    with GunicornServer(env=env, extra_args=["--workers", "2"]) as running:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and running.log().count("would each keep") < 2:
            time.sleep(0.2)
        log = running.log()
    assert log.count("2 worker processes would each keep their own cache") == 2, log[-2000:]
