"""The Kubernetes manifests: schema-valid for 1.30+, hardened object by object, and a lint-clean Dockerfile."""

import re
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
        # Pinned by digest (kustomization images:), with a readable tag beside it.
        image = container["image"]
        assert re.fullmatch(r"[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}", image), image
        assert ":latest@" not in image
        # Whatever must be writable is an emptyDir or a claimed volume, never the image;
        # a Secret is mounted read-only.
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        claims = {
            claim["metadata"]["name"]
            for claim in spec_owner_claims(objects, postgres_addon, kind, name)
        }
        for mount in container.get("volumeMounts", []):
            volume = volumes.get(mount["name"], {})
            if "secret" in volume:
                assert mount["readOnly"] is True
            else:
                assert mount["name"] in claims or "emptyDir" in volume
        # checkov CKV_K8S_40: a uid/gid no host user has.
        assert ctx["runAsUser"] >= 10000 and ctx["runAsGroup"] >= 10000
        # Secrets reach the process as files, never as environment variables.
        assert not [ref for ref in container.get("envFrom", []) if "secretRef" in ref]
        assert not [e for e in container.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})]


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
        assert container["image"].startswith("registry.example.com/cloudforgex:1.0.0@sha256:")
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
    assert sources == {"cloudforgex-config"}


@pytest.mark.parametrize(
    "kind,name", [("Deployment", "cloudforgex"), ("Job", "cloudforgex-migrate")]
)
def test_app_reads_every_secret_from_the_mounted_secret(objects, kind, name):
    """Each secret setting is a *_FILE path into the read-only Secret mount, for every key the template has."""
    spec = _pod_spec(find(objects, kind, name))
    (container,) = spec["containers"]
    (volume,) = [v for v in spec["volumes"] if "secret" in v]
    assert volume["secret"]["secretName"] == "cloudforgex-secrets"
    (mount,) = [m for m in container["volumeMounts"] if m["name"] == volume["name"]]
    assert mount["readOnly"] is True
    config = find(objects, "ConfigMap", "cloudforgex-config")["data"]
    template = yaml.safe_load((K8S / "secret.example.yaml").read_text())["stringData"]
    for key in template:
        variable = "AWS_SHARED_CREDENTIALS_FILE" if key == "aws-credentials" else f"{key}_FILE"
        assert config[variable] == f"{mount['mountPath']}/{key}"
        assert key not in config  # never the value itself


def test_redis_requires_the_secrets_password_and_keeps_protected_mode(objects):
    """redis-server gets --requirepass from the mounted Secret file; no --protected-mode no; probe authenticates."""
    spec = _pod_spec(find(objects, "Deployment", "cloudforgex-redis"))
    (container,) = spec["containers"]
    command = " ".join(container.get("command", []) + container.get("args", []))
    assert '--requirepass "$(cat /run/secrets/redis/REDIS_PASSWORD)"' in command
    assert "protected-mode" not in command
    (volume,) = [v for v in spec["volumes"] if "secret" in v]
    # Redis sees only its password, none of the app's other secrets.
    assert volume["secret"]["items"] == [{"key": "REDIS_PASSWORD", "path": "REDIS_PASSWORD"}]
    (mount,) = [m for m in container["volumeMounts"] if m["name"] == volume["name"]]
    assert mount["mountPath"] == "/run/secrets/redis" and mount["readOnly"] is True
    probe = " ".join(container["readinessProbe"]["exec"]["command"])
    assert "REDISCLI_AUTH=" in probe and "PONG" in probe


def test_metrics_port_is_off_the_public_path(objects):
    """The Ingress's Service has only the http port; metrics (9100) have their own Service."""
    (container,) = _pod_spec(find(objects, "Deployment", "cloudforgex"))["containers"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"http": 8000, "metrics": 9100}
    config = find(objects, "ConfigMap", "cloudforgex-config")["data"]
    assert config["METRICS_PORT"] == "9100"
    public = find(objects, "Service", "cloudforgex")
    assert [p["targetPort"] for p in public["spec"]["ports"]] == ["http"]
    ingress = find(objects, "Ingress", "cloudforgex")
    backends = {
        (path["backend"]["service"]["name"], path["backend"]["service"]["port"]["name"])
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert backends == {("cloudforgex", "http")}
    metrics = find(objects, "Service", "cloudforgex-metrics")
    assert [p["targetPort"] for p in metrics["spec"]["ports"]] == ["metrics"]


def test_servicemonitor_addon_scrapes_the_metrics_service(objects):
    (monitor,) = render_kustomization(K8S / "addons" / "servicemonitor")
    assert monitor["kind"] == "ServiceMonitor"
    assert monitor["metadata"]["namespace"] == "cloudforgex"
    service = find(objects, "Service", "cloudforgex-metrics")
    assert (
        monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
    )
    assert monitor["spec"]["endpoints"][0]["port"] == "metrics"


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


def test_ingress_lets_chat_streams_through_unbuffered(objects):
    """Nothing in the Ingress overrides the app's per-response X-Accel-Buffering: no."""
    annotations = find(objects, "Ingress", "cloudforgex")["metadata"]["annotations"]
    assert annotations.get("nginx.ingress.kubernetes.io/proxy-buffering", "") != "on"
    snippets = " ".join(value for key, value in annotations.items() if "snippet" in key)
    assert "X-Accel-Buffering" not in snippets and "gzip" not in snippets
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 30


def test_network_policy_limits_traffic_both_ways(objects):
    """Ingress only from the ingress controller; egress only DNS, PostgreSQL, Redis and HTTPS."""
    policy = find(objects, "NetworkPolicy", "cloudforgex-web")
    assert set(policy["spec"]["policyTypes"]) == {"Ingress", "Egress"}
    rules = {
        rule["from"][0]["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]: [
            (port["port"], port["protocol"]) for port in rule["ports"]
        ]
        for rule in policy["spec"]["ingress"]
    }
    # The ingress controller reaches the app's port only; Prometheus the metrics port only.
    assert rules == {"ingress-nginx": [(8000, "TCP")], "monitoring": [(9100, "TCP")]}
    assert all(len(rule["from"]) == 1 for rule in policy["spec"]["ingress"])
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
    """Digest-pinned slim base, venv built in its own stage, fixed non-root user, HEALTHCHECK without curl."""
    build, runtime = parse_dockerfile()
    for stage in (build, runtime):
        # Pinned by tag and digest, both stages on the same base.
        assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm@sha256:[0-9a-f]{64}", stage.base)
    assert build.base == runtime.base
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
