"""Kubelet probes reach /health and /ready by pod IP over plain HTTP; every other path keeps the host check."""

import pytest

POD_IP = "10.244.3.21:8000"


@pytest.fixture
def production_like(settings):
    settings.ALLOWED_HOSTS = ["cloudforgex.example.com"]
    settings.SECURE_SSL_REDIRECT = True


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/health", "/ready"])
def test_probe_answers_any_host_over_http(client, production_like, path):
    """A probe with Host <pod-ip>:8000 over HTTP gets its answer, not a 400 or a redirect."""
    response = client.get(path, HTTP_HOST=POD_IP)
    assert response.status_code == 200
    assert response.json()["status"] in {"healthy", "ready"}
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_other_paths_still_refuse_unknown_hosts(client, production_like):
    """The exemption is exactly the probes: the API under a pod IP is a JSON 400."""
    response = client.get("/api/profile/", HTTP_HOST=POD_IP, secure=True)
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_probes_refuse_writes(client, production_like):
    """Probes are read-only: POST gets 405 even through the early path."""
    assert client.post("/health", HTTP_HOST=POD_IP).status_code == 405
