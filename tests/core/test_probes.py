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
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
    }


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/does-not-exist/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db(transaction=True)
def test_ready_is_503_while_migrations_are_pending(client, monkeypatch):
    """A pod whose code is ahead of the schema must not receive traffic."""
    from django.core.management import call_command

    from cloudforgex import views

    monkeypatch.setattr(views, "_migrations_applied", False)
    call_command("migrate", "eve", "0001", verbosity=0)
    try:
        response = client.get("/ready")
        assert response.status_code == 503
        assert response.json()["checks"]["migrations"] == "pending"
        assert response.json()["code"] == "not_ready"
    finally:
        call_command("migrate", verbosity=0)
    assert client.get("/ready").status_code == 200
