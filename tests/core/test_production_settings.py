"""Production mode (DJANGO_DEBUG=false) refuses to start unless it is configured safely."""

import subprocess

import pytest

from tests.settings_probe import settings_probe

STARTUP = "import django; django.setup(); from django.conf import settings; print('DEBUG', settings.DEBUG)"
GOOD_KEY = "k3y-" + "x7Qp9vLmZ2aR8sT4wY6bN1cD5fG0hJ3" * 2
PRODUCTION_VARS = ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_DEBUG", "DATABASE_URL")


def _start(tmp_path, **overrides: str) -> subprocess.CompletedProcess:
    env = {
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        **overrides,
    }
    return settings_probe(STARTUP, without=PRODUCTION_VARS, env=env)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "portfolio.example.com"}, "Set DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": GOOD_KEY}, "Set DJANGO_ALLOWED_HOSTS"),
        (
            {"DJANGO_SECRET_KEY": "short", "DJANGO_ALLOWED_HOSTS": "portfolio.example.com"},
            "DJANGO_SECRET_KEY must be at least 50",
        ),
        ({"DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": "*"}, "not '*'"),
    ],
    ids=["no-secret-key", "no-allowed-hosts", "weak-secret-key", "wildcard-host"],
)
def test_production_refuses_to_start_without_safe_settings(tmp_path, overrides, message):
    """Startup fails with a sentence naming the missing or unsafe variable."""
    result = _start(tmp_path, **overrides)
    assert result.returncode != 0
    assert message in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_starts_when_configured(tmp_path):
    """With a real key and host names, production settings load with DEBUG off."""
    result = _start(
        tmp_path, DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS="portfolio.example.com"
    )
    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "warned"),
    [
        ({"GUNICORN_WORKERS": "3", "REDIS_URL": ""}, True),
        ({"GUNICORN_WORKERS": "3", "REDIS_URL": "redis://127.0.0.1:1/0"}, False),
        ({"GUNICORN_WORKERS": "1", "REDIS_URL": ""}, False),
    ],
    ids=["workers-without-cache", "workers-with-redis", "one-worker"],
)
def test_production_warns_when_workers_share_no_cache(tmp_path, overrides, warned):
    """Several workers with per-process caches: every process says so in its log at start."""
    result = _start(
        tmp_path,
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="portfolio.example.com",
        DJANGO_DATABASE_CACHE="false",
        LOG_FORMAT="text",
        **overrides,
    )
    assert result.returncode == 0, result.stderr
    assert ("3 worker processes would each keep their own cache" in result.stderr) is warned
