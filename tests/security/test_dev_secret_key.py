"""Development signs with a random key per install, never one from the repository (issue 17)."""

import re
import stat
import subprocess
from pathlib import Path

from cloudforgex.secret_key import development_secret_key
from tests.settings_probe import ROOT, settings_probe

PRINT_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def _settings_key(tmp_path: Path, key_file: Path, **overrides: str) -> subprocess.CompletedProcess:
    env = {
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_DEV_SECRET_KEY_FILE": str(key_file),
        **overrides,
    }
    return settings_probe(PRINT_KEY, without=("DJANGO_", "DATABASE_URL"), env=env)


def test_two_fresh_installs_get_different_private_keys(tmp_path):
    first, second = tmp_path / "one" / ".dev-secret-key", tmp_path / "two" / ".dev-secret-key"
    key_one, key_two = development_secret_key(first), development_secret_key(second)
    assert key_one != key_two
    assert len(key_one) >= 50 and len(set(key_one)) > 20
    for path in (first, second):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert development_secret_key(first) == key_one  # stable across runs
    assert not [p for p in first.parent.iterdir() if p.name != ".dev-secret-key"]  # no temp left


def test_development_settings_sign_with_the_install_key(tmp_path):
    """A process in development mode signs with the key file's key, the same every start."""
    key_file = tmp_path / "data" / ".dev-secret-key"
    first = _settings_key(tmp_path, key_file)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == key_file.read_text().strip()
    assert _settings_key(tmp_path, key_file).stdout == first.stdout
    other = _settings_key(tmp_path, tmp_path / "elsewhere" / ".dev-secret-key")
    assert other.stdout.strip() and other.stdout != first.stdout


def test_an_explicit_key_wins_and_no_file_is_written(tmp_path):
    key_file = tmp_path / ".dev-secret-key"
    result = _settings_key(tmp_path, key_file, DJANGO_SECRET_KEY="explicit-" + "k" * 50)
    assert result.stdout.strip() == "explicit-" + "k" * 50
    assert not key_file.exists()


def test_production_still_refuses_without_a_key_and_writes_none(tmp_path):
    key_file = tmp_path / ".dev-secret-key"
    result = _settings_key(
        tmp_path, key_file, DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="cloudforgex.example.com"
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert not key_file.exists()


def test_the_repository_holds_no_signing_key():
    """No settings module assigns a literal key or a literal default for one."""
    literal_key = re.compile(
        r"SECRET_KEY\s*=\s*['\"]|SECRET_KEY['\"]?\s*,\s*default\s*=\s*['\"][^'\"]"
    )
    sources = [*(ROOT / "cloudforgex").glob("*.py"), ROOT / "manage.py"]
    offenders = [p.name for p in sources if literal_key.search(p.read_text())]
    assert offenders == []
    assert ".dev-secret-key" in (ROOT / ".gitignore").read_text()
    tracked = subprocess.run(
        ["git", "ls-files", ".dev-secret-key"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    assert tracked == ""
