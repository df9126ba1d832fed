"""In production mode the browser gets hardened cookies and headers from the real settings."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Only the static storage is swapped (the manifest needs collectstatic, which is
# the deploy build's job); every security setting comes from cloudforgex.settings.
PROBE_SETTINGS = """
from cloudforgex.settings import *  # noqa: F403
from cloudforgex.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""


@pytest.fixture(scope="module")
def production_report(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("prod-probe")
    (folder / "cfx_probe_settings.py").write_text(PROBE_SETTINGS)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EVE_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cfx_probe_settings",
            "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "portfolio.example.com",
            "CSRF_TRUSTED_ORIGINS": "https://portfolio.example.com",
            "DATABASE_URL": f"sqlite:///{folder / 'probe.sqlite3'}",
            "PROBE_PASSWORD": secrets.token_urlsafe(16),
        }
    )
    done = subprocess.run(
        [sys.executable, "-m", "tests.security.production_probe"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


pytestmark = pytest.mark.slow


def test_owner_can_sign_in_over_https_in_production(production_report):
    """Positive control: the login page renders and signing in redirects to the admin."""
    assert production_report["login_page_status"] == 200
    assert production_report["sign_in_status"] == 302


@pytest.mark.parametrize("which", ["session_cookie_name", "csrf_cookie_name"])
def test_cookies_are_host_bound_secure_and_http_only(production_report, which):
    """Session and CSRF cookies: __Host- prefix, Secure, HttpOnly, SameSite, Path=/, no Domain."""
    name = production_report[which]
    assert name.startswith("__Host-")
    cookie = production_report["cookies"][name]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] in ("Lax", "Strict")
    assert cookie["path"] == "/"
    assert not cookie["domain"]


def test_security_headers_in_production(production_report):
    """HSTS, framing denied, no sniffing, a referrer policy, and plain HTTP redirects to HTTPS."""
    headers = production_report["headers"]
    assert "max-age=" in (headers["Strict-Transport-Security"] or "")
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]
    assert production_report["plain_http_status"] == 301
    assert production_report["plain_http_location"].startswith("https://")
