"""The Lambda path for real: `zappa package dev`, then the packaged handler answers API Gateway events.

How the package is built and invoked (a clean virtualenv, ``zappa package dev``,
a fresh ``python -I -S`` seeing only the package, S3 from moto on loopback)
lives in ``harness.zappa``, which the benchmark shares.
"""

import base64
import json
import os
import re
import secrets
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from harness import zappa
from harness.zappa import ADMIN_URL, STAGE

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

ALLOWED_ORIGIN = "https://cloudforgex.example.com"
MAX_ZIP_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 250 * 1024 * 1024


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """Clean venv (runtime deps + pinned Zappa), repository copy, collectstatic, `zappa package dev`."""
    return zappa.package_build(tmp_path_factory.mktemp("zappa"))


@pytest.fixture(scope="module")
def aws(build):
    """S3 on loopback holding the stage's secrets (remote_env) and its certificate bucket."""
    with zappa.fake_aws(build) as endpoints:
        yield endpoints


@pytest.fixture(scope="module")
def lambda_env(aws, build):
    """What the function sees: Lambda's own variables; everything else comes from the package."""
    return zappa.lambda_env_for(aws, build)


@pytest.fixture(scope="module")
def database(aws, build, lambda_env):
    """Migrate, create the cache table and seed, as `zappa manage dev ...` would."""
    zappa.database_prepare(aws, build, lambda_env)


_event = zappa.api_gateway_event
_invoke = zappa.lambda_invoke
_stage_settings = zappa.stage_settings


def _body(response) -> bytes:
    body = response.get("body") or ""
    return base64.b64decode(body) if response.get("isBase64Encoded") else body.encode()


def _headers(response) -> dict:
    return {key.lower(): value for key, value in response.get("headers", {}).items()}


def test_package_is_small_and_holds_only_what_runs(build):
    """≤ 50 MB zipped (≤ 250 MB unzipped); the app, handler, static files and psycopg; no tests or dev tools."""
    assert build["zip"].stat().st_size <= MAX_ZIP_BYTES
    with zipfile.ZipFile(build["zip"]) as archive:
        names = archive.namelist()
        assert sum(info.file_size for info in archive.infolist()) <= MAX_UNZIPPED_BYTES
    tops = {name.split("/")[0] for name in names}
    assert {"handler.py", "zappa_settings.py", "manage.py"} <= tops
    assert {
        "cloudforgex",
        "portfolio",
        "eve",
        "certificates",
        "loaders",
        "frontend",
        "staticfiles",
    } <= tops
    assert {"django", "psycopg", "psycopg_binary", "whitenoise", "zappa"} <= tops
    assert "staticfiles/staticfiles.json" in names
    forbidden = {
        "tests", "bench", "harness", "k8s", ".venv", ".git", "playwright", "moto", "hypothesis",
        "pytest", "_pytest", "ruff", "pip", "setuptools", "gunicorn", "zappa_settings.json",
    }  # fmt: skip
    assert not tops & forbidden
    assert not [n for n in names if n.endswith(".pyc") or "/tests/" in f"/{n}"]
    assert not [n for n in names if n.startswith("cloudforgex/deploy/")]
    packaged = (build["package"] / "zappa_settings.py").read_text()
    assert "API_STAGE='dev'" in packaged and "DJANGO_SETTINGS='cloudforgex.settings'" in packaged


def test_packaged_handler_serves_api_gateway_events(build, lambda_env, database):
    """Health, CORS preflight (allowed and refused), chat (guard and knowledge base), certificate URL, admin."""
    origin = {"Origin": ALLOWED_ORIGIN}
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    events = [
        _event("GET", "/health"),
        _event("OPTIONS", "/api/chat/", headers={**origin, **preflight}),
        _event(
            "OPTIONS", "/api/chat/", headers={"Origin": "https://evil.example.net", **preflight}
        ),
        _event("POST", "/api/chat/", headers=origin, body={"message": "hi"}),
        _event("POST", "/api/chat/", headers=origin, body={"message": "Which projects use AWS?"}),
        _event("GET", "/api/certificates/"),
        _event("GET", f"/{ADMIN_URL}login/"),
    ]
    (health, allowed, refused, guard, answer, certificates, admin), logs = _invoke(
        build, lambda_env, events
    )
    assert health["statusCode"] == 200 and json.loads(_body(health)) == {"status": "healthy"}

    assert allowed["statusCode"] == 200
    cors = _headers(allowed)
    assert cors["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "POST" in cors["access-control-allow-methods"]
    assert "content-type" in cors["access-control-allow-headers"].lower()
    assert "access-control-allow-origin" not in _headers(refused)

    assert guard["statusCode"] == 200
    blocked = json.loads(_body(guard))
    assert blocked["source"] == "guard" and blocked["blocked"]
    assert _headers(guard)["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert answer["statusCode"] == 200
    reply = json.loads(_body(answer))
    assert reply["source"] == "knowledge_base" and reply["response"] and reply["citations"]

    assert certificates["statusCode"] == 200
    listed = json.loads(_body(certificates))
    items = listed["results"] if isinstance(listed, dict) else listed
    assert items

    assert admin["statusCode"] == 200
    # reverse() honours the stage: the form posts back under /dev/.
    assert f'action="/{STAGE}/{ADMIN_URL}login/' in _body(admin).decode()

    # Every log line the function wrote is JSON (CloudWatch Logs Insights can query it).
    app_lines = [line for line in logs.splitlines() if line.startswith("{")]
    assert app_lines and all("request_id" in json.loads(line) for line in app_lines)


def test_certificate_link_is_presigned_for_the_stage_bucket(build, lambda_env, database):
    """POST /api/certificates/{slug}/url/ answers a short-lived SigV4 link to the private bucket."""
    (listing,), _ = _invoke(build, lambda_env, [_event("GET", "/api/certificates/")])
    listed = json.loads(_body(listing))
    items = listed["results"] if isinstance(listed, dict) else listed
    slug = items[0]["slug"]
    (response,), _ = _invoke(
        build, lambda_env, [_event("POST", f"/api/certificates/{slug}/url/", body={})]
    )
    assert response["statusCode"] == 200, _body(response)
    data = json.loads(_body(response))
    bucket = _stage_settings()["environment_variables"]["CERTIFICATES_BUCKET"]
    assert data["certificate"] == slug and data["expires_in"] == 300
    assert bucket in data["url"] and "X-Amz-Signature=" in data["url"]


def test_stage_prefix_keeps_links_static_and_api_base_working(build, lambda_env, database):
    """Under /dev every local link, static URL and the API base carry the stage; assets come back byte-exact."""
    (page,), _ = _invoke(build, lambda_env, [_event("GET", "/")])
    assert page["statusCode"] == 200
    html = _body(page).decode()
    assert re.search(rf'<meta name="api-base" content="/{STAGE}"', html)
    local = re.findall(r'(?:href|src)="(/[^"/][^"]*)"', html)
    assert local, "the page has no local links"
    assert [url for url in local if not url.startswith(f"/{STAGE}/")] == []
    assets = sorted({url for url in local if url.startswith(f"/{STAGE}/static/")})
    assert assets

    manifest = json.loads((build["package"] / "staticfiles" / "staticfiles.json").read_text())
    binary = next(hashed for name, hashed in manifest["paths"].items() if name.endswith(".png"))
    wanted = [assets[0], f"/{STAGE}/static/{binary}"]
    # API Gateway strips the stage from `path`: the function sees /static/...
    events = [_event("GET", url.removeprefix(f"/{STAGE}")) for url in wanted]
    responses, _ = _invoke(build, lambda_env, events)
    for url, response in zip(wanted, responses, strict=True):
        assert response["statusCode"] == 200, url
        on_disk = build["package"] / "staticfiles" / url.removeprefix(f"/{STAGE}/static/")
        assert _body(response) == on_disk.read_bytes()
        assert "immutable" in _headers(response)["cache-control"]
    assert responses[1]["isBase64Encoded"] is True


LEAN_BUNDLE = "cloudforgex/tls/rds-ca-bundle.pem"
SETTINGS_REPORT = (
    "import sys; sys.path.insert(0, sys.argv[1]); import django; django.setup(); "
    "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS']; "
    "print(o['sslmode'], o['sslrootcert'])"
)


def _packaged_settings(package: Path, stage: dict, database_url: str):
    """Build the packaged settings the way the function does (only the package importable)."""
    env = {
        "PATH": os.environ["PATH"],
        **stage["environment_variables"],
        "DJANGO_SETTINGS_MODULE": stage["django_settings"],
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": database_url,
    }
    return subprocess.run(
        [sys.executable, "-I", "-S", "-c", SETTINGS_REPORT, str(package)],
        capture_output=True,
        text=True,
        cwd=package,
        env=env,
        timeout=60,
    )


def test_lean_stage_packages_offline_outside_any_vpc_with_its_ca_bundle(build, tmp_path):
    """`zappa package lean`: no VPC, the RDS CA bundle inside; its settings take only verify-full PostgreSQL."""
    stage = _stage_settings("lean")
    assert "vpc_config" not in stage
    assert stage["environment_variables"]["DATABASE_REQUIRE_TLS"] == "true"
    zip_path = tmp_path / "lean.zip"
    zappa.run_checked(
        ["zappa", "package", "lean", "-o", str(zip_path)], cwd=build["source"], env=build["env"]
    )
    assert zip_path.stat().st_size <= MAX_ZIP_BYTES
    package = tmp_path / "package"
    with zipfile.ZipFile(zip_path) as archive:
        assert LEAN_BUNDLE in archive.namelist()
        archive.extractall(package)
    assert "API_STAGE='lean'" in (package / "zappa_settings.py").read_text()

    tls = "postgres://eve:pw@db.example.net:5432/cloudforgex?sslmode=verify-full"
    built = _packaged_settings(package, stage, tls)
    assert built.returncode == 0, built.stderr[-2000:]
    assert built.stdout.split() == ["verify-full", str(package / LEAN_BUNDLE)]

    for refused, reason in [
        ("postgres://eve:pw@db.example.net:5432/cloudforgex", "sslmode=verify-full"),
        ("postgres://eve:pw@db.example.net:5432/cloudforgex?sslmode=require", "verify-full"),
        ("postgres://eve:pw@db.example.net:5432/cloudforgex?sslmode=disable", "verify-full"),
        (f"sqlite:///{tmp_path / 'x.sqlite3'}", "postgres://"),
    ]:
        result = _packaged_settings(package, stage, refused)
        assert result.returncode != 0, refused
        assert reason in result.stderr, result.stderr[-2000:]
    (package / LEAN_BUNDLE).unlink()  # a package built without the bundle never starts
    result = _packaged_settings(package, stage, tls)
    assert result.returncode != 0 and "CA bundle" in result.stderr
