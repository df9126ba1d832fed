"""``manage.py doctor``: one line per check, exit 1 on any failure, plain sentences, no secrets."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.certificates.conftest import moto_endpoint, s3_bucket  # noqa: F401  (fixtures)

BASE_MODEL = "anthropic.claude-haiku-4-5-20251001-v1:0"
SECRET = "doctor-secret-access-key-do-not-print"


def doctor() -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("doctor", stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    text = out.getvalue() + err.getvalue()
    assert SECRET not in text
    return code, out.getvalue().splitlines()


def line(lines: list[str], check: str) -> str:
    (found,) = [text for text in lines if text[6:].startswith(check)]
    return found


@pytest.fixture
def production(settings, redis_url, monkeypatch):
    """Production-like: DEBUG off, Redis cache, a secret admin URL, fake AWS credentials."""
    settings.DEBUG = False
    settings.ADMIN_URL = "owner-7f3a/"
    settings.CACHES = {
        "default": {
            "BACKEND": "cloudforgex.cache.RedisCache",
            "LOCATION": redis_url.rsplit("/", 1)[0] + "/8",
            "KEY_PREFIX": "doctor",
        }
    }
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)


@pytest.fixture
def bedrock(fake_bedrock, settings):
    settings.EVE_BEDROCK_CONTROL_ENDPOINT_URL = fake_bedrock.url
    settings.EVE_READ_TIMEOUT = 2.0
    fake_bedrock.lifecycles[BASE_MODEL] = {"status": "ACTIVE", "startOfLifeTime": 1760572800}
    return fake_bedrock


@pytest.fixture
def private_bucket(s3_bucket):  # noqa: F811
    s3_bucket.client.put_public_access_block(
        Bucket=s3_bucket.name,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    return s3_bucket


def test_a_healthy_production_deployment_passes_every_check(
    db, production, bedrock, private_bucket
):
    """Database, shared cache, bucket (HEAD + presign, nothing written), admin URL, model, lifecycle."""
    code, lines = doctor()
    assert code == 0, lines
    assert [text.split()[0] for text in lines[:-1]] == ["ok"] * 6, lines
    assert "all migrations applied" in line(lines, "database")
    assert "RedisCache, shared by every process" in line(lines, "cache")
    assert "reachable, public access blocked, links presign" in line(lines, "bucket")
    assert f"eu.{BASE_MODEL} answered" in line(lines, "bedrock")
    assert f"{BASE_MODEL} is Active" in line(lines, "lifecycle")
    assert lines[-1] == "All checks passed."
    assert private_bucket.keys() == []  # no object written
    (probe,) = [r for r in bedrock.requests if r.method == "POST"]
    assert probe.body["inferenceConfig"]["maxTokens"] == 5  # a few tokens, not EVE_MAX_TOKENS
    (lookup,) = [r for r in bedrock.requests if r.method == "GET"]
    assert lookup.path == f"/foundation-models/{BASE_MODEL.replace(':', '%3A')}"


@pytest.mark.parametrize(
    ("mode", "sentence"),
    [
        ("end_of_life", "the model has reached its end of life"),
        ("access_denied", "access to the model is not enabled for this account and region"),
        ("validation", "EVE_MODEL_ID is not a model or inference profile Bedrock accepts"),
        ("throttle", "Bedrock throttled the call"),
    ],
)
def test_each_bedrock_failure_is_a_plain_sentence_and_fails(
    db, production, bedrock, mode, sentence
):
    bedrock.set_mode(mode)
    code, lines = doctor()
    assert code == 1
    assert line(lines, "bedrock").startswith("FAIL") and sentence in line(lines, "bedrock")


def test_the_old_default_model_is_reported_retired(db, production, bedrock, settings):
    """anthropic.claude-3-haiku-20240307-v1:0 reached its end of life: doctor says so."""
    settings.EVE_MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0"
    bedrock.lifecycles["anthropic.claude-3-haiku-20240307-v1:0"] = {
        "status": "LEGACY",
        "endOfLifeTime": 1789084800,  # 2026-09-11
    }
    code, lines = doctor()
    assert code == 1
    assert "has reached its end of life" in line(lines, "bedrock")
    assert line(lines, "lifecycle").startswith("warn")
    assert "is Legacy, end of life 2026-09-11" in line(lines, "lifecycle")


def test_a_model_id_that_is_no_model_is_named_so(db, production, bedrock, settings):
    settings.EVE_MODEL_ID = "claude-haiku-latest"
    code, lines = doctor()
    assert code == 1
    assert "EVE_MODEL_ID is not a model or inference profile" in line(lines, "bedrock")


def test_unreachable_bedrock_points_at_the_network(db, production, bedrock, settings):
    from harness.services import free_port

    settings.EVE_BEDROCK_ENDPOINT_URL = f"http://127.0.0.1:{free_port()}"
    code, lines = doctor()
    assert code == 1
    assert "VPC endpoint or the NAT gateway" in line(lines, "bedrock")


def test_a_role_without_get_foundation_model_skips_the_lifecycle(db, production, bedrock):
    bedrock.control_mode = "access_denied"
    code, lines = doctor()
    assert code == 0
    assert line(lines, "lifecycle").startswith("skip")
    assert "may not call bedrock:GetFoundationModel" in line(lines, "lifecycle")


def test_a_bucket_that_does_not_block_public_access_fails(db, production, s3_bucket):  # noqa: F811
    code, lines = doctor()
    assert code == 1
    assert "has no public access block" in line(lines, "bucket")


def test_a_missing_bucket_fails(db, production, s3_bucket, settings):  # noqa: F811
    s3_bucket.client.delete_bucket(Bucket=s3_bucket.name)
    code, lines = doctor()
    assert code == 1
    assert f"bucket {s3_bucket.name} does not exist" in line(lines, "bucket")


def test_production_with_a_per_process_cache_and_the_default_admin_url_fails(db, settings):
    settings.DEBUG = False
    settings.ADMIN_URL = "admin/"
    code, lines = doctor()
    assert code == 1
    assert "LocMemCache is per process" in line(lines, "cache")
    assert "set ADMIN_URL in production" in line(lines, "admin URL")
    assert line(lines, "bedrock").startswith("skip")  # the knowledge-base provider


def test_development_defaults_pass(db, settings):
    settings.DEBUG = True
    code, lines = doctor()
    assert code == 0, lines
