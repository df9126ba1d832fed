"""The Lambda path for real: `zappa package dev`, then the packaged handler answers API Gateway events.

The package is built the way an operator builds it: a clean virtualenv with
the runtime dependencies and the pinned Zappa, a copy of the repository,
``collectstatic``, ``zappa package dev``. No AWS call is needed to package;
the handler then runs in a fresh interpreter that sees only the unzipped
package and the standard library (like /var/task), reading its secrets from
``remote_env`` on S3 (moto on loopback) and a migrated, seeded SQLite file.
"""

import base64
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import boto3
import pytest

from tests.deploy.manifests import REPO
from tests.tooling.services import free_port

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

STAGE = "dev"
API_HOST = "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"
ALLOWED_ORIGIN = "https://cloudforgex.example.com"
ADMIN_URL = "manage-5be1d0/"
MAX_ZIP_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 250 * 1024 * 1024
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "eu-west-1",
}


def _stage_settings() -> dict:
    settings = json.loads((REPO / "zappa_settings.json").read_text())
    stage = settings[STAGE]
    while "extends" in stage:
        stage = {**settings[stage.pop("extends")], **stage}
    return stage


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def _run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{cmd}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """Clean venv (runtime deps + pinned Zappa), repository copy, collectstatic, `zappa package dev`."""
    root = tmp_path_factory.mktemp("zappa")
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=True)
    project = _pyproject()["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["deploy"]]
    _run([env_dir / "bin" / "pip", "install", "--quiet", *requirements])

    source = root / "cloudforgex"
    files = _run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=REPO
    ).stdout.split("\0")
    for name in filter(None, files):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)

    build_env = {
        "PATH": f"{env_dir / 'bin'}:{os.environ['PATH']}",
        "VIRTUAL_ENV": str(env_dir),
        "HOME": str(root),
        **FAKE_AWS,
    }
    stage_env = _stage_settings()["environment_variables"]
    _run(
        ["python", "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=source,
        env={
            **build_env,
            **stage_env,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        },
    )
    zip_path = root / "pkg.zip"
    _run(["zappa", "package", STAGE, "-o", str(zip_path)], cwd=source, env=build_env)
    unzipped = root / "package"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(unzipped)
    return {"zip": zip_path, "package": unzipped, "source": source}


@pytest.fixture(scope="module")
def aws(build):
    """S3 on loopback holding the stage's secrets (remote_env) and its certificate bucket."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server._port}"
    stage = _stage_settings()
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-1", **_creds())
    secrets_bucket, secrets_key = stage["remote_env"].removeprefix("s3://").split("/", 1)
    database = build["source"].parent / "lambda.sqlite3"
    remote_env = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"sqlite:///{database}",
        "ADMIN_URL": ADMIN_URL,
    }
    for bucket in (secrets_bucket, stage["environment_variables"]["CERTIFICATES_BUCKET"]):
        s3.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
    s3.put_object(Bucket=secrets_bucket, Key=secrets_key, Body=json.dumps(remote_env).encode())
    yield {"endpoint": endpoint, "remote_env": remote_env}
    server.stop()


def _creds() -> dict:
    return {
        "aws_access_key_id": FAKE_AWS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": FAKE_AWS["AWS_SECRET_ACCESS_KEY"],
    }


@pytest.fixture(scope="module")
def lambda_env(aws, build):
    """What the function sees: Lambda's own variables; everything else comes from the package."""
    return {
        "PATH": os.environ["PATH"],
        "LAMBDA_TASK_ROOT": str(build["package"]),
        "AWS_LAMBDA_FUNCTION_NAME": "cloudforgex-dev",
        "AWS_REGION": "eu-west-1",
        **FAKE_AWS,
        # Only here: S3 is moto on loopback instead of AWS.
        "AWS_ENDPOINT_URL_S3": aws["endpoint"],
        "AWS_S3_ENDPOINT_URL": aws["endpoint"],
    }


@pytest.fixture(scope="module")
def database(aws, build, lambda_env):
    """Migrate, create the cache table and seed, as `zappa manage dev ...` would."""
    env = {
        **lambda_env,
        **_stage_settings()["environment_variables"],
        **aws["remote_env"],
        "DJANGO_SETTINGS_MODULE": "cloudforgex.settings",
    }
    for command in (["migrate", "--noinput"], ["createcachetable"], ["seed_demo"]):
        _run([sys.executable, "manage.py", *command], cwd=build["source"], env=env)


def _event(method, path, *, headers=None, body=None):
    sent = {
        "Host": API_HOST,
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Port": "443",
        "X-Forwarded-For": "203.0.113.7, 130.176.12.34",
        "User-Agent": "pytest",
        **(headers or {}),
    }
    if body is not None:
        sent["Content-Type"] = "application/json"
    return {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": sent,
        "multiValueHeaders": {key: [value] for key, value in sent.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/{proxy+}",
            "httpMethod": method,
            "path": f"/{STAGE}{path}",
            "stage": STAGE,
            "requestId": secrets.token_hex(8),
            "identity": {"sourceIp": "203.0.113.7", "userAgent": "pytest"},
        },
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


def _invoke(build, env, events):
    out = build["package"].parent / f"results-{secrets.token_hex(4)}.json"
    result = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            str(Path(__file__).with_name("lambda_invoke.py")),
            str(build["package"]),
            str(out),
        ],
        input=json.dumps(events),
        capture_output=True,
        text=True,
        cwd=build["package"],
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(out.read_text()), result.stderr


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
        "tests", "bench", "k8s", ".venv", ".git", "playwright", "moto", "hypothesis",
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
