"""checkov's Kubernetes and Dockerfile policies pass on what `kubectl apply -k` sends and on k8s/Dockerfile.

checkov runs from its own virtualenv (a pinned release, installed from PyPI on
first use and kept under .cache/): its dependency tree is large and must not
mix with the project's. ``--skip-download`` keeps it offline after install.
A remaining finding must be suppressed in the manifest itself with a reason
(``checkov.io/skip1: CKV_K8S_xx=<why>`` annotation); there are none today.
"""

import json
import subprocess
import venv

import pytest
import yaml

from tests.deploy.manifests import DOCKERFILE, K8S, REPO, render_kustomization

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

CHECKOV_VERSION = "3.3.30"
CHECKOV_VENV = REPO / ".cache" / f"checkov-{CHECKOV_VERSION}"


@pytest.fixture(scope="module")
def checkov():
    binary = CHECKOV_VENV / "bin" / "checkov"
    if not binary.exists():
        venv.create(CHECKOV_VENV, with_pip=True, clear=True)
        subprocess.run(
            [CHECKOV_VENV / "bin" / "pip", "install", "--quiet", f"checkov=={CHECKOV_VERSION}"],
            check=True,
            capture_output=True,
        )
    return binary


def _scan(checkov, framework: str, path) -> dict:
    result = subprocess.run(
        [
            *(checkov, "--quiet", "--compact", "--skip-download", "--framework", framework),
            *("--output", "json", "--file", str(path)),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stdout)
    (report,) = report if isinstance(report, list) else [report]
    return report


def _failures(report: dict) -> list[str]:
    return [
        f"{check['check_id']} {check['resource']}: {check['check_name']}"
        for check in report["results"]["failed_checks"]
    ]


@pytest.mark.parametrize(
    "kustomization",
    [K8S, K8S / "addons" / "in-cluster-postgres"],
    ids=["k8s", "in-cluster-postgres"],
)
def test_checkov_kubernetes_policies_pass_on_the_rendered_manifests(
    checkov, kustomization, tmp_path
):
    """Digest-pinned images, secrets as files, high uids...: no failed check, and checks did run."""
    rendered = tmp_path / "rendered.yaml"
    rendered.write_text(yaml.safe_dump_all(render_kustomization(kustomization)))
    report = _scan(checkov, "kubernetes", rendered)
    assert _failures(report) == []
    assert report["summary"]["passed"] > 50
    assert report["summary"]["skipped"] == 0


def test_checkov_dockerfile_policies_pass(checkov):
    report = _scan(checkov, "dockerfile", DOCKERFILE)
    assert _failures(report) == []
    assert report["summary"]["passed"] > 10
