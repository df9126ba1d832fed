"""import-linter enforces the one-way layers, and the contract bites on an upward import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.services import ROOT

pytestmark = pytest.mark.slow

PACKAGES = ["frontend", "loaders", "eve", "portfolio", "certificates", "cloudforgex"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy(tmp_path: Path) -> Path:
    """The six packages (Python files only) and the contracts, in a directory of their own."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=lambda folder, names: [
                name
                for name in names
                if not name.endswith(".py") and not (Path(folder) / name).is_dir()
            ],
        )
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_repository_keeps_its_layers():
    """`lint-imports` passes on the code as it is (also run by `make lint`)."""
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("portfolio/selectors.py", "from eve import models", "One-way layers"),
        ("cloudforgex/settings.py", "import frontend.views", "One-way layers"),
        ("portfolio/forms.py", "from certificates import validators", "do not know each other"),
        # A lazy import inside a function counts too.
        ("eve/services.py", "def _late():\n    from loaders import services", "One-way layers"),
    ],
)
def test_an_upward_or_sideways_import_fails_the_lint(tmp_path, module, line, broken):
    """The untouched copy passes; one added import that breaks a layer makes it fail, named."""
    root = _copy(tmp_path)
    assert _lint(root).returncode == 0
    target = root / module
    target.write_text(target.read_text() + f"\n\n{line}\n")
    result = _lint(root)
    assert result.returncode != 0
    assert f"{broken}" in result.stdout and "BROKEN" in result.stdout
