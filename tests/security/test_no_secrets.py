"""No credential is committed: every tracked file is scanned for AWS keys and private keys."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PATTERNS = {
    "AWS access key id": re.compile(
        rb"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b"
    ),
    "AWS secret access key": re.compile(
        rb"(?i)aws_?secret_?access_?key['\"]?\s*[:=]\s*['\"]?([A-Za-z0-9/+=]{40})\b"
    ),
    "private key": re.compile(
        rb"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY"
    ),
    "Django secret key": re.compile(
        rb"DJANGO_SECRET_KEY['\"]?\s*[:=]\s*['\"]?(?!django-insecure)[A-Za-z0-9!@#$%^&*(\-_=+)]{50,}"
    ),
}
# AWS's documented placeholders and self-declared dummies (e.g. the key the
# Dockerfile uses only to run collectstatic) are not credentials.
ALLOWED = [b"EXAMPLE", b"not-a-secret", b"placeholder", b"change-me", b"changeme"]


def _tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [ROOT / name.decode() for name in listed.split(b"\0") if name]


def scan(data: bytes) -> list[str]:
    """The kind of every credential-looking string in ``data``."""
    return [
        label
        for label, pattern in PATTERNS.items()
        for match in pattern.finditer(data)
        if not any(ok in match.group(0) for ok in ALLOWED)
    ]


def find_secrets(files: list[Path]) -> list[str]:
    found = []
    for path in files:
        if path.is_file() and path.stat().st_size <= 5_000_000:
            found += [f"{path.relative_to(ROOT)}: {label}" for label in scan(path.read_bytes())]
    return found


def test_scanner_finds_planted_secrets():
    """Positive control: the patterns catch a real-looking key id, secret and private key."""
    planted = (
        "AWS_ACCESS_KEY_ID=" + "AKIA" + "Q3EGRT7K2MZX4WBN" + "\n"
        "aws_secret_access_key = " + "k9Jw2Rz8Xq4Lm7Np1Vb6Tc3Yd0Hs5Fg8Ue2Wa4Qo" + "\n"
        "-----BEGIN " + "RSA PRIVATE KEY-----\n"
    ).encode()
    assert set(scan(planted)) == {"AWS access key id", "AWS secret access key", "private key"}
    assert scan(("AKIA" + "IOSFODNN7EXAMPLE and the key id testing").encode()) == []


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs a git checkout")
def test_no_secret_in_any_tracked_file():
    """git ls-files holds no AWS key id, secret access key, private key or real Django secret."""
    files = _tracked_files()
    assert len(files) > 20  # the scan really covered the repository
    assert find_secrets(files) == []
