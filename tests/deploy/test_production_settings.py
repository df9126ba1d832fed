"""Production mode passes Django's deployment checklist, and the Zappa stages match their IAM policies."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.manifests import REPO

pytestmark = pytest.mark.deploy

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "cloudforgex.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://cloudforgex.example.com",
    "ADMIN_URL": "manage-7f3a9c/",
    "LOG_FORMAT": "json",
}


def _check_deploy(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "LOG_FORMAT"))
    }
    env.update(PRODUCTION)
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(64)
    env.update(overrides)
    env["DJANGO_SETTINGS_MODULE"] = "cloudforgex.settings"
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({}, id="tls-at-the-app"),
        # TLS ended and redirected at a load balancer that sets X-Forwarded-Proto.
        pytest.param({"DJANGO_SECURE_SSL_REDIRECT": "false"}, id="tls-at-the-load-balancer"),
    ],
)
def test_check_deploy_reports_no_issue(overrides):
    """`manage.py check --deploy` with the documented variables: zero warnings."""
    result = _check_deploy(**overrides)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (" in result.stdout


def test_production_refuses_a_missing_secret_key():
    """Without DJANGO_SECRET_KEY production mode stops, naming the variable."""
    result = _check_deploy(DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


# No shared cache unless a test sets one (the suite's own REDIS_URL must not leak in).
_NO_SHARED_CACHE = {
    "REDIS_URL": "",
    "DJANGO_DATABASE_CACHE": "false",
    "GUNICORN_WORKERS": "1",
    "WEB_CONCURRENCY": "",
    "AWS_LAMBDA_FUNCTION_NAME": "",
}


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"GUNICORN_WORKERS": "2"}, id="two-gunicorn-workers"),
        pytest.param({"GUNICORN_WORKERS": "", "WEB_CONCURRENCY": "4"}, id="web-concurrency"),
        pytest.param({"AWS_LAMBDA_FUNCTION_NAME": "cloudforgex-prod"}, id="lambda"),
    ],
)
def test_check_deploy_refuses_several_processes_without_a_shared_cache(overrides):
    """Each worker would enforce its own throttle and budget: `check --deploy` fails, naming the fix."""
    result = _check_deploy(**{**_NO_SHARED_CACHE, **overrides})
    assert result.returncode != 0
    assert "cloudforgex.E001" in result.stderr + result.stdout
    assert "REDIS_URL" in result.stderr + result.stdout


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({}, id="one-process"),
        pytest.param({"GUNICORN_WORKERS": "2", "REDIS_URL": "redis://redis:6379/0"}, id="redis"),
        pytest.param(
            {"AWS_LAMBDA_FUNCTION_NAME": "cfx", "DJANGO_DATABASE_CACHE": "true"}, id="db-cache"
        ),
    ],
)
def test_check_deploy_accepts_one_process_or_a_shared_cache(overrides):
    """Positive control: the same check passes where every process shares one cache."""
    result = _check_deploy(**{**_NO_SHARED_CACHE, **overrides})
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_refuses_the_default_admin_url():
    """/admin/ is the first address scanners try: production must move it."""
    result = _check_deploy(**_NO_SHARED_CACHE, ADMIN_URL="admin/")
    assert result.returncode != 0
    assert "cloudforgex.E002" in result.stderr + result.stdout
    unset = _check_deploy(**_NO_SHARED_CACHE, ADMIN_URL="")
    assert "cloudforgex.E002" in unset.stderr + unset.stdout


def _stages() -> dict:
    settings = json.loads((REPO / "zappa_settings.json").read_text())
    resolved = {}
    for name, stage in settings.items():
        while "extends" in stage:
            stage = {
                **settings[stage["extends"]],
                **{k: v for k, v in stage.items() if k != "extends"},
            }
        resolved[name] = stage
    return resolved


@pytest.mark.parametrize("stage", ["dev", "prod", "lean"])
def test_zappa_stage_is_complete(stage):
    """Each stage runs Django on python3.11 with JSON logs, binary support, its own role and no dev leftovers."""
    config = _stages()[stage]
    assert config["django_settings"] == "cloudforgex.settings"
    assert config["runtime"] == "python3.11"
    assert config["binary_support"] is True and config["keep_warm"] is True
    assert config["manage_roles"] is False and config["role_arn"].endswith(config["role_name"])
    assert config["s3_bucket"] and config["aws_region"] and config["memory_size"] >= 512
    env = config["environment_variables"]
    assert env["DJANGO_DEBUG"] == "false" and env["LOG_FORMAT"] == "json"
    # Secrets never sit in the committed file: they come from remote_env on S3.
    assert config["remote_env"].startswith("s3://")
    assert not {"DJANGO_SECRET_KEY", "DATABASE_URL"} & set(env)
    # Lambda refuses reserved variables such as AWS_REGION.
    assert not [key for key in env if key.startswith("AWS_") and key != "AWS_S3_ENDPOINT_URL"]
    assert {"tests", "bench", "k8s", "playwright", "moto", "pytest", "ruff"} <= set(
        config["exclude"]
    )


@pytest.mark.parametrize("stage", ["dev", "prod", "lean"])
def test_lambda_policy_allows_exactly_what_the_stage_uses(stage):
    """The committed policy grants Bedrock on the stage's model, S3 on its buckets, its own logs."""
    config = _stages()[stage]
    env = config["environment_variables"]
    policy = json.loads(
        (REPO / "cloudforgex" / "deploy" / f"lambda-policy.{stage}.json").read_text()
    )
    grants = {}
    for statement in policy["Statement"]:
        assert statement["Effect"] == "Allow"
        resources = statement["Resource"]
        for action in statement["Action"]:
            grants.setdefault(action, set()).update(
                [resources] if isinstance(resources, str) else resources
            )
    model = f"arn:aws:bedrock:{config['aws_region']}::foundation-model/{env['EVE_MODEL_ID']}"
    # Converse needs InvokeModel; ConverseStream (the widget's streamed replies) the other.
    assert grants["bedrock:InvokeModel"] == {model}
    assert grants["bedrock:InvokeModelWithResponseStream"] == {model}
    bucket = f"arn:aws:s3:::{env['CERTIFICATES_BUCKET']}"
    # Certificates and the résumé (default storage) are the only prefixes it touches.
    bucket_objects = {f"{bucket}/certificates/*", f"{bucket}/media/*"}
    for action in ("s3:PutObject", "s3:DeleteObject"):
        assert grants[action] == bucket_objects
    secrets_object = "arn:aws:s3:::" + config["remote_env"].removeprefix("s3://")
    assert grants["s3:GetObject"] == {*bucket_objects, secrets_object}
    # Without ListBucket, S3 answers HeadObject on a missing key with 403, and
    # django-storages' exists() (run before every upload) would fail the admin.
    assert grants["s3:ListBucket"] == {bucket}
    assert all(
        f"log-group:/aws/lambda/{config['project_name']}-{stage}" in arn
        for arn in grants["logs:PutLogEvents"]
    )
    # No wildcard action anywhere; "*" resources only for the VPC network interfaces.
    assert not [action for action in grants if "*" in action]
    assert {a for a, r in grants.items() if "*" in r} <= {
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
    }


def test_lean_stage_runs_outside_any_vpc_and_only_over_verified_tls():
    """No VPC (so no NAT gateway or endpoints), no network-interface grants; the database over verify-full."""
    config = _stages()["lean"]
    assert "vpc_config" not in config
    env = config["environment_variables"]
    assert env["DATABASE_REQUIRE_TLS"] == "true"
    assert (REPO / env["DATABASE_CA_BUNDLE"]).is_file()
    # Nothing in the package's exclude list drops the bundle.
    bundle_parts = set(Path(env["DATABASE_CA_BUNDLE"]).parts)
    assert not bundle_parts & set(config["exclude"])
    policy = json.loads((REPO / "cloudforgex" / "deploy" / "lambda-policy.lean.json").read_text())
    actions = {action for statement in policy["Statement"] for action in statement["Action"]}
    assert not [action for action in actions if action.startswith("ec2:")]
