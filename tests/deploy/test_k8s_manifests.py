"""The Kubernetes manifests: schema-valid for 1.30+, hardened object by object, and a lint-clean Dockerfile."""

import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from tests.deploy.manifests import K8S, find, parse_dockerfile, render_kustomization

pytestmark = pytest.mark.deploy

APP_UID = 10001


POSTGRES_ADDON = K8S / "addons" / "in-cluster-postgres"


@pytest.fixture(scope="module")
def objects():
    return render_kustomization()


@pytest.fixture(scope="module")
def postgres_addon():
    return render_kustomization(POSTGRES_ADDON)


def _pod_spec(obj: dict) -> dict:
    return obj["spec"]["template"]["spec"]


@pytest.mark.parametrize("version", ["1.30.0", "1.33.0"])
def test_every_object_validates_against_kubernetes_schemas(objects, postgres_addon, version):
    """Every rendered object (add-on and Secret templates too) is valid, strictly, for Kubernetes 1.30+."""
    templates = [
        yaml.safe_load(path.read_text())
        for path in (K8S / "secret.example.yaml", POSTGRES_ADDON / "postgres-secret.example.yaml")
    ]
    for obj in [*objects, *postgres_addon, *templates]:
        kubernetes_validate.validate(obj, version, strict=True)


def test_kustomization_holds_the_whole_stack(objects):
    """apply -k creates the namespace, config, app, Redis, routing, scaling, policies and the migration Job."""
    kinds = {(o["kind"], o["metadata"]["name"]) for o in objects}
    assert kinds >= {
        ("Namespace", "cloudforgex"),
        ("ConfigMap", "cloudforgex-config"),
        ("Deployment", "cloudforgex"),
        ("Service", "cloudforgex"),
        ("Ingress", "cloudforgex"),
        ("HorizontalPodAutoscaler", "cloudforgex"),
        ("PodDisruptionBudget", "cloudforgex"),
        ("NetworkPolicy", "cloudforgex-web"),
        ("NetworkPolicy", "cloudforgex-redis"),
        ("Job", "cloudforgex-migrate"),
        ("Deployment", "cloudforgex-redis"),
        ("Service", "cloudforgex-redis"),
    }
    assert all(
        o["metadata"].get("namespace") == "cloudforgex" for o in objects if o["kind"] != "Namespace"
    )
    # No real secret is ever applied from the repository.
    assert not [o for o in objects if o["kind"] == "Secret"]


@pytest.mark.parametrize(
    "path", ["secret.example.yaml", "addons/in-cluster-postgres/postgres-secret.example.yaml"]
)
def test_secret_templates_hold_placeholders_only(path):
    """The committed Secrets are templates: every value is an obvious placeholder."""
    template = yaml.safe_load((K8S / path).read_text())
    assert template["kind"] == "Secret"
    assert template["stringData"]
    for value in template["stringData"].values():
        assert "REPLACE" in value


@pytest.mark.parametrize(
    "kind,name",
    [
        ("Deployment", "cloudforgex"),
        ("Job", "cloudforgex-migrate"),
        ("Deployment", "cloudforgex-redis"),
        ("StatefulSet", "cloudforgex-postgres"),
    ],
)
def test_workloads_are_hardened(objects, postgres_addon, kind, name):
    """Non-root with fixed ids, read-only root, no capabilities or escalation, seccomp, no token, limits, pinned image."""
    spec = _pod_spec(find([*objects, *postgres_addon], kind, name))
    assert spec["automountServiceAccountToken"] is False
    pod_ctx = spec["securityContext"]
    assert pod_ctx["runAsNonRoot"] is True
    assert pod_ctx["seccompProfile"] == {"type": "RuntimeDefault"}
    for container in spec["containers"]:
        ctx = container["securityContext"]
        assert ctx["allowPrivilegeEscalation"] is False
        assert ctx["readOnlyRootFilesystem"] is True
        assert ctx["runAsNonRoot"] is True
        assert isinstance(ctx["runAsUser"], int) and ctx["runAsUser"] > 0
        assert isinstance(ctx["runAsGroup"], int) and ctx["runAsGroup"] > 0
        assert ctx["capabilities"] == {"drop": ["ALL"]}
        assert ctx["seccompProfile"] == {"type": "RuntimeDefault"}
        resources = container["resources"]
        assert set(resources["requests"]) >= {"cpu", "memory"}
        assert set(resources["limits"]) >= {"cpu", "memory"}
        image = container["image"]
        assert ":" in image.rsplit("/", 1)[-1] and not image.endswith(":latest")
        # Whatever must be writable is an emptyDir or a claimed volume, never the image.
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        claims = {
            claim["metadata"]["name"]
            for claim in spec_owner_claims(objects, postgres_addon, kind, name)
        }
        for mount in container.get("volumeMounts", []):
            assert mount["name"] in claims or "emptyDir" in volumes[mount["name"]]


def spec_owner_claims(objects, addon, kind, name) -> list[dict]:
    return find([*objects, *addon], kind, name)["spec"].get("volumeClaimTemplates", [])


def test_postgres_addon_is_reachable_only_from_the_app(postgres_addon):
    """The optional in-cluster PostgreSQL: in only from the app's pods on 5432, out nowhere."""
    assert all(o["metadata"]["namespace"] == "cloudforgex" for o in postgres_addon)
    policy = find(postgres_addon, "NetworkPolicy", "cloudforgex-postgres")
    (rule,) = policy["spec"]["ingress"]
    assert rule["from"] == [
        {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "cloudforgex"}}}
    ]
    assert rule["ports"] == [{"port": 5432, "protocol": "TCP"}]
    assert policy["spec"]["egress"] == []
    assert (
        find(postgres_addon, "Service", "cloudforgex-postgres")["spec"]["ports"][0]["port"] == 5432
    )


def test_app_runs_as_the_images_user(objects):
    """The Deployment and Job run as the uid/gid the Dockerfile creates."""
    (runtime,) = [s for s in parse_dockerfile() if s.name == "runtime"]
    assert f"APP_UID={APP_UID}" in runtime.all("ARG")
    for kind, name in [("Deployment", "cloudforgex"), ("Job", "cloudforgex-migrate")]:
        spec = _pod_spec(find(objects, kind, name))
        (container,) = spec["containers"]
        assert container["securityContext"]["runAsUser"] == APP_UID
        assert container["securityContext"]["runAsGroup"] == APP_UID
        assert container["image"] == "registry.example.com/cloudforgex:1.0.0"
        mounts = {m["mountPath"] for m in container["volumeMounts"]}
        assert "/tmp" in mounts  # gunicorn's worker_tmp_dir on a read-only root


def test_deployment_rolls_out_safely_and_probes_the_app(objects):
    """2+ replicas, rolling update, startup/liveness on /health and readiness on /ready."""
    deployment = find(objects, "Deployment", "cloudforgex")
    assert deployment["spec"]["replicas"] >= 2
    assert deployment["spec"]["strategy"]["type"] == "RollingUpdate"
    (container,) = _pod_spec(deployment)["containers"]
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert container["startupProbe"]["httpGet"]["path"] == "/health"
    sources = {ref[kind]["name"] for ref in container["envFrom"] for kind in ref}
    assert sources == {"cloudforgex-config", "cloudforgex-secrets"}


def test_service_ingress_hpa_and_pdb_target_the_app(objects):
    """Traffic reaches the pods' http port; the HPA scales on CPU; the PDB keeps one pod up."""
    service = find(objects, "Service", "cloudforgex")
    labels = (
        _pod_spec(find(objects, "Deployment", "cloudforgex"))
        and find(objects, "Deployment", "cloudforgex")["spec"]["template"]["metadata"]["labels"]
    )
    assert service["spec"]["selector"].items() <= labels.items()
    ingress = find(objects, "Ingress", "cloudforgex")
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == "cloudforgex"
    assert ingress["spec"]["tls"]
    hpa = find(objects, "HorizontalPodAutoscaler", "cloudforgex")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["minReplicas"] >= 2
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    pdb = find(objects, "PodDisruptionBudget", "cloudforgex")
    assert pdb["spec"]["minAvailable"] >= 1
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()


def test_network_policy_limits_traffic_both_ways(objects):
    """Ingress only from the ingress controller; egress only DNS, PostgreSQL, Redis and HTTPS."""
    policy = find(objects, "NetworkPolicy", "cloudforgex-web")
    assert set(policy["spec"]["policyTypes"]) == {"Ingress", "Egress"}
    (rule,) = policy["spec"]["ingress"]
    (source,) = rule["from"]
    assert source["namespaceSelector"]["matchLabels"] == {
        "kubernetes.io/metadata.name": "ingress-nginx"
    }
    egress_ports = {
        (port["port"], port["protocol"])
        for rule in policy["spec"]["egress"]
        for port in rule["ports"]
    }
    assert egress_ports == {(53, "UDP"), (53, "TCP"), (5432, "TCP"), (6379, "TCP"), (443, "TCP")}
    redis_policy = find(objects, "NetworkPolicy", "cloudforgex-redis")
    assert redis_policy["spec"]["egress"] == []
    (redis_rule,) = redis_policy["spec"]["ingress"]
    assert redis_rule["from"] == [
        {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "cloudforgex"}}}
    ]


def test_migration_job_runs_migrate_with_the_apps_config(objects):
    job = find(objects, "Job", "cloudforgex-migrate")
    (container,) = _pod_spec(job)["containers"]
    assert container["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert _pod_spec(job)["restartPolicy"] == "Never"
    assert job["spec"]["ttlSecondsAfterFinished"] > 0


def test_dockerfile_is_multi_stage_non_root_and_compiler_free():
    """Pinned slim base, venv built in its own stage, fixed non-root user, HEALTHCHECK without curl."""
    build, runtime = parse_dockerfile()
    for stage in (build, runtime):
        assert stage.base.startswith("python:3.11.") and stage.base.endswith("-slim-bookworm")
    assert any("python -m venv /opt/venv" in run for run in build.all("RUN"))
    assert runtime.all("COPY")[0] == "--from=build /opt/venv /opt/venv"
    run_lines = " ".join(runtime.all("RUN"))
    for forbidden in ("apt-get", "gcc", "build-essential", "pip install"):
        assert forbidden not in run_lines
    assert "collectstatic" in run_lines
    assert runtime.all("USER") == ["${APP_UID}:${APP_GID}"]
    (healthcheck,) = runtime.all("HEALTHCHECK")
    assert "urllib.request" in healthcheck and "/health" in healthcheck
    assert "curl" not in healthcheck
    assert runtime.command() == [
        "gunicorn",
        "-c",
        "k8s/gunicorn.conf.py",
        "cloudforgex.wsgi:application",
    ]


def test_dockerfile_passes_hadolint():
    """hadolint reports nothing, not even style notes."""
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run(
        [str(hadolint), "--failure-threshold", "style", str(K8S / "Dockerfile")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_dockerignore_keeps_the_build_context_small():
    """The context holds only what the image copies: no tests, venv, database or git."""
    lines = (K8S.parent / ".dockerignore").read_text().splitlines()
    rules = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert rules[0] == "**"  # everything is ignored unless re-included
    allowed = {rule[1:].rstrip("/") for rule in rules if rule.startswith("!")}
    assert allowed == {
        "requirements/runtime.txt",
        "manage.py",
        "k8s/gunicorn.conf.py",
        "cloudforgex",
        "portfolio",
        "eve",
        "certificates",
        "loaders",
        "frontend",
    }
