"""The hash lock in requirements/: it pins exactly pyproject's closure, and every install path uses it.

``make lock`` writes requirements/{runtime,test,deploy}.txt from pyproject.toml
with pip-tools (in its own throwaway virtualenv). A pin changed in
pyproject.toml without re-locking, a lock line without a sha256, or an install
path that skips ``--require-hashes`` fails here.
"""

import re
import tomllib
from importlib import metadata

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.deploy.manifests import REPO, parse_dockerfile

pytestmark = pytest.mark.deploy

LOCKS = {"runtime": None, "test": "test", "deploy": "deploy"}
PYPROJECT_VIA = "cloudforgex (pyproject.toml)"


def _pyproject_pins(extra: str | None) -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"].get(extra or "", [])]
    pins = {}
    for line in lines:
        requirement = Requirement(line)
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"{line}: pyproject pins exact versions"
        pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def _lock(name: str) -> dict[str, dict]:
    """name -> {"version", "hashes", "via"} for every entry of requirements/<name>.txt."""
    text = (REPO / "requirements" / f"{name}.txt").read_text()
    entries: dict[str, dict] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("# The following", "#    pip-compile")):
            continue
        if line.startswith("#"):
            if current is not None:
                current["via"].append(line.lstrip("#").strip().removeprefix("via").strip())
            continue
        if line.startswith("--hash="):
            current["hashes"].append(line.removeprefix("--hash=").rstrip(" \\"))
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;([^\\]*))?\\?", line)
        assert match, f"requirements/{name}.txt: unexpected line {raw!r}"
        marker = (match[3] or "").strip()
        current = {"version": match[2], "hashes": [], "via": [], "marker": marker}
        entries[canonicalize_name(match[1])] = current
    return entries


@pytest.mark.parametrize("name,extra", LOCKS.items())
def test_lock_holds_exactly_pyprojects_pins_each_with_hashes(name, extra):
    """Every pyproject pin is locked at its version, nothing else is a direct pin, every line has a sha256."""
    lock = _lock(name)
    wanted = _pyproject_pins(extra)
    assert {pkg: lock.get(pkg, {}).get("version") for pkg in wanted} == wanted, "run `make lock`"
    direct = {pkg for pkg, entry in lock.items() if PYPROJECT_VIA in entry["via"]}
    assert direct == set(wanted), "run `make lock`"
    for pkg, entry in lock.items():
        assert entry["hashes"], f"{pkg} has no hash"
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in entry["hashes"]), pkg


@pytest.mark.parametrize("name", ["test", "deploy"])
def test_test_and_deploy_locks_ship_the_runtime_versions(name):
    """What is tested and what Zappa packages is the runtime closure, version for version."""
    runtime, other = _lock("runtime"), _lock(name)
    assert {pkg: other[pkg]["version"] for pkg in runtime if pkg in other} == {
        pkg: entry["version"] for pkg, entry in runtime.items()
    }


def test_this_environment_was_installed_from_the_test_lock():
    """The venv running these tests holds the test lock's versions (`make install-test`)."""
    wrong = {}
    for pkg, entry in _lock("test").items():
        if pkg in {"pip", "setuptools"}:
            continue
        if entry["marker"] and not Marker(entry["marker"]).evaluate():
            continue  # locked for another platform
        try:
            installed = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != entry["version"]:
            wrong[pkg] = (installed, entry["version"])
    assert not wrong, f"installed vs locked: {wrong}"


def test_every_install_path_requires_hashes():
    """The image, `make install(-test)` and the Lambda build install from a lock with --require-hashes."""
    (build, _runtime) = parse_dockerfile()
    (pip_run,) = [run for run in build.all("RUN") if "pip install" in run]
    assert "--require-hashes" in pip_run and "-r requirements/runtime.txt" in pip_run
    assert any(copy.startswith("requirements/runtime.txt ") for copy in build.all("COPY"))
    makefile = (REPO / "Makefile").read_text()
    installs = [line.strip() for line in makefile.splitlines() if "/pip install" in line]
    for line in installs:
        if "pip-tools" in line or "--upgrade pip" in line:
            continue
        locked = "--require-hashes" in line and " -r requirements/" in line
        assert locked or "--no-deps" in line, line
    assert any("-r requirements/test.txt" in line for line in installs)
    readme = (REPO / "README.md").read_text()
    assert "pip install --require-hashes -r requirements/deploy.txt" in readme
