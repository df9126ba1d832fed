"""Build the Zappa package and run its handler the way Lambda does, for tests and bench.

The package is built the way an operator builds it: a clean virtualenv with
the hash-locked runtime dependencies and the pinned Zappa
(requirements/deploy.txt), a copy of the repository,
``collectstatic``, ``zappa package dev``. No AWS call is needed to package;
the handler then runs in a fresh interpreter that sees only the unzipped
package and the standard library (like /var/task; ``lambda_invoke.py``),
reading its secrets from ``remote_env`` on S3 (moto on loopback) and a
migrated, seeded SQLite file.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import boto3

from harness.services import ROOT as REPO
from harness.services import free_port

STAGE = "dev"
API_HOST = "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"
ADMIN_URL = "manage-5be1d0/"
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "eu-west-1",
}
LAMBDA_INVOKE = Path(__file__).with_name("lambda_invoke.py")


def stage_settings(name: str = STAGE) -> dict:
    settings = json.loads((REPO / "zappa_settings.json").read_text())
    stage = settings[name]
    while "extends" in stage:
        stage = {**settings[stage.pop("extends")], **stage}
    return stage


def run_checked(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{cmd}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def package_build(root: Path) -> dict:
    """Clean venv (runtime deps + pinned Zappa), repository copy, collectstatic, `zappa package dev`."""
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=True)
    # The hash-locked closure of the runtime dependencies plus the pinned Zappa (README "Deploy").
    run_checked(
        [
            *(env_dir / "bin" / "pip", "install", "--quiet", "--require-hashes"),
            *("-r", REPO / "requirements" / "deploy.txt"),
        ]
    )

    source = root / "cloudforgex"
    files = run_checked(
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
    stage_env = stage_settings()["environment_variables"]
    run_checked(
        ["python", "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=source,
        env={
            **build_env,
            **stage_env,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        },
    )
    zip_path = root / "pkg.zip"
    run_checked(["zappa", "package", STAGE, "-o", str(zip_path)], cwd=source, env=build_env)
    unzipped = root / "package"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(unzipped)
    return {"zip": zip_path, "package": unzipped, "source": source, "env": build_env}


@contextlib.contextmanager
def fake_aws(build: dict) -> Iterator[dict]:
    """S3 on loopback holding the stage's secrets (remote_env) and its certificate bucket."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{server._port}"
        stage = stage_settings()
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
    finally:
        server.stop()


def _creds() -> dict:
    return {
        "aws_access_key_id": FAKE_AWS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": FAKE_AWS["AWS_SECRET_ACCESS_KEY"],
    }


def lambda_env_for(aws: dict, build: dict) -> dict:
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


def database_prepare(aws: dict, build: dict, lambda_env: dict) -> None:
    """Migrate, create the cache table and seed, as `zappa manage dev ...` would."""
    env = {
        **lambda_env,
        **stage_settings()["environment_variables"],
        **aws["remote_env"],
        "DJANGO_SETTINGS_MODULE": "cloudforgex.settings",
    }
    for command in (["migrate", "--noinput"], ["createcachetable"], ["seed_demo"]):
        run_checked([sys.executable, "manage.py", *command], cwd=build["source"], env=env)


def api_gateway_event(method, path, *, headers=None, body=None):
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


def lambda_invoke(build: dict, env: dict, events: list) -> tuple[list, str]:
    """Run the packaged handler on ``events`` in a fresh ``python -I -S``: (responses, stderr)."""
    out = build["package"].parent / f"results-{secrets.token_hex(4)}.json"
    result = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            str(LAMBDA_INVOKE),
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
    if result.returncode != 0:
        raise AssertionError(result.stderr[-4000:])
    return json.loads(out.read_text()), result.stderr
