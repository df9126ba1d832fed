"""Liveness and readiness probes, and the API's JSON-only error promise."""

import pytest


@pytest.mark.django_db
def test_health_answers_without_touching_the_database(client, django_assert_num_queries):
    """/health is a liveness probe: 200, tiny JSON, zero queries."""
    with django_assert_num_queries(0):
        response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "healthy"}


@pytest.mark.django_db
def test_ready_reports_each_check(client):
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "cache": "ok"}}


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/does-not-exist/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"
