"""Settings read each secret from VAR or from the file VAR_FILE names (a Kubernetes Secret mounted as files)."""

import json
import subprocess

from tests.settings_probe import settings_probe

SECRET_VARS = ("DJANGO_SECRET_KEY", "DATABASE_URL", "ADMIN_URL", "REDIS_URL", "REDIS_PASSWORD")
REPORT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'key': s.SECRET_KEY, 'db': s.DATABASES['default']['NAME'], "
    "'admin': s.ADMIN_URL, 'cache': s.CACHES['default']}, default=str))"
)
KEY = "file-" + "Zq8vR2mX7pL4tW9yB3nC6dF1gH5jK0s" * 2


def _settings(**overrides: str) -> subprocess.CompletedProcess:
    return settings_probe(REPORT, without=(*SECRET_VARS, "DJANGO_DEBUG"), env=overrides)


def test_each_secret_comes_from_its_file(tmp_path):
    """The file wins over nothing at all; trailing newlines (as `kubectl create secret` leaves) are dropped."""
    files = {
        "DJANGO_SECRET_KEY": KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'from-file.sqlite3'}",
        "ADMIN_URL": "manage-0f1le/",
        "REDIS_URL": "redis://127.0.0.1:6399/0",
        "REDIS_PASSWORD": "s3cret-from-file",
    }
    for name, value in files.items():
        (tmp_path / name).write_text(value + "\n")
    result = _settings(
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="portfolio.example.com",
        **{f"{name}_FILE": str(tmp_path / name) for name in files},
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["key"] == KEY
    assert seen["db"] == str(tmp_path / "from-file.sqlite3")
    assert seen["admin"] == "manage-0f1le/"
    assert seen["cache"]["LOCATION"] == "redis://127.0.0.1:6399/0"
    assert seen["cache"]["OPTIONS"]["password"] == "s3cret-from-file"


def test_plain_variables_still_work_and_no_password_means_none_sent():
    result = _settings(ADMIN_URL="manage-env/", REDIS_URL="redis://127.0.0.1:6399/0")
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["admin"] == "manage-env/"
    assert "password" not in seen["cache"]["OPTIONS"]


def test_a_missing_secret_file_stops_the_start_and_names_it(tmp_path):
    """A typo in a mount path is an error at start, never a silent fallback to a default."""
    missing = tmp_path / "nope" / "DJANGO_SECRET_KEY"
    result = _settings(DJANGO_SECRET_KEY_FILE=str(missing))
    assert result.returncode != 0
    assert f"DJANGO_SECRET_KEY_FILE={missing} cannot be read" in result.stderr
