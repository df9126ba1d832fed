"""The public Ingress: small bodies everywhere, 12 MB only on the admin, no /ready (issue 17)."""

import re

import pytest
import yaml
from django.conf import settings

from tests.deploy.manifests import K8S, find, render_kustomization

pytestmark = pytest.mark.deploy

BODY_SIZE = "nginx.ingress.kubernetes.io/proxy-body-size"
UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


@pytest.fixture(scope="module")
def ingresses():
    return [o for o in render_kustomization() if o["kind"] == "Ingress"]


def _bytes(size: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kmg]?)", size.lower()).groups()
    return int(number) * UNITS[unit]


def _paths(ingress: dict) -> list[tuple[str, str]]:
    return [
        (path["path"], path["pathType"])
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    ]


def test_the_site_accepts_only_what_the_app_accepts(ingresses):
    """Every path but the admin's: no body larger than the app's public limit reaches a pod."""
    site = find(ingresses, "Ingress", "cloudforgex")
    assert _paths(site) == [("/", "Prefix")]
    assert _bytes(site["metadata"]["annotations"][BODY_SIZE]) <= settings.PUBLIC_MAX_BODY_BYTES


def test_only_the_admin_path_takes_certificate_uploads(ingresses):
    """12 MB on exactly the admin prefix, which is the Secret template's ADMIN_URL."""
    admin = find(ingresses, "Ingress", "cloudforgex-admin")
    secret = yaml.safe_load((K8S / "secret.example.yaml").read_text())
    admin_url = "/" + secret["stringData"]["ADMIN_URL"].strip("/") + "/"
    assert _paths(admin) == [(admin_url, "Prefix")]
    size = _bytes(admin["metadata"]["annotations"][BODY_SIZE])
    assert settings.STAFF_UPLOAD_MAX_BODY_BYTES <= size <= 12 * 1024**2
    large = [
        i
        for i in ingresses
        if _bytes(i["metadata"]["annotations"].get(BODY_SIZE, "1m"))
        > (settings.PUBLIC_MAX_BODY_BYTES)
    ]
    assert [i["metadata"]["name"] for i in large] == ["cloudforgex-admin"]


def test_ready_is_denied_to_everyone_outside(ingresses):
    """/ready is matched exactly and denied for every source address; probes go to the pod."""
    internal = find(ingresses, "Ingress", "cloudforgex-internal")
    assert ("/ready", "Exact") in _paths(internal)
    denied = internal["metadata"]["annotations"][
        "nginx.ingress.kubernetes.io/denylist-source-range"
    ]
    assert set(denied.split(",")) == {"0.0.0.0/0", "::/0"}
    routed = [path for ingress in ingresses if ingress is not internal for path in _paths(ingress)]
    assert ("/ready", "Exact") not in routed
    assert all(ingress["spec"]["tls"] for ingress in ingresses)
