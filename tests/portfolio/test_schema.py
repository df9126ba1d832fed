"""The OpenAPI schema describes the portfolio API truthfully, and the docs page is self-hosted."""

import re

import jsonschema
import pytest
from django.contrib.staticfiles import finders

from tests.portfolio.factories import (
    experience_create,
    profile_create,
    project_create,
    skill_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _json_schema(node, components: dict):
    """OpenAPI 3.0 schema -> JSON Schema: inline $refs and turn `nullable` into a null type."""
    if isinstance(node, list):
        return [_json_schema(item, components) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _json_schema(components[node["$ref"].rsplit("/", 1)[1]], components)
    converted = {
        key: _json_schema(value, components) for key, value in node.items() if key != "nullable"
    }
    if node.get("nullable") and "type" in converted:
        converted["type"] = [converted["type"], "null"]
    return converted


def _assert_matches(openapi: dict, path: str, status: int, body) -> None:
    operation = openapi["paths"][path]["get"]
    schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    resolved = _json_schema(schema, openapi["components"]["schemas"])
    # Every object in our responses is closed: extra keys would be undocumented.
    jsonschema.validate(body, _closed(resolved), format_checker=jsonschema.FormatChecker())


def _closed(node):
    if isinstance(node, list):
        return [_closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    closed = {key: _closed(value) for key, value in node.items()}
    if node.get("type") == "object" or "properties" in node:
        closed["additionalProperties"] = False
    return closed


def test_schema_lists_every_portfolio_operation(openapi):
    """/api/schema/ documents each read endpoint with its error responses."""
    paths = openapi["paths"]
    assert set(paths["/api/projects/"]["get"]["responses"]) >= {"200", "400"}
    assert set(paths["/api/projects/{slug}/"]["get"]["responses"]) >= {"200", "404"}
    assert set(paths["/api/profile/"]["get"]["responses"]) >= {"200", "404"}
    assert "200" in paths["/api/experience/"]["get"]["responses"]
    assert "200" in paths["/api/skills/"]["get"]["responses"]
    params = {p["name"]: p for p in paths["/api/projects/"]["get"]["parameters"]}
    assert set(params) == {"featured", "category", "tech"}
    assert "whole words" in params["tech"]["description"]


def test_real_responses_match_the_schema(api_client, openapi):
    """Bodies the API sends (with empty and filled optional fields) validate against the schema."""
    profile_create(github_url="https://github.com/ada", email="ada@example.com")
    project_create(slug="full", github_url="https://github.com/x/y", live_url="https://x.example")
    project_create(slug="bare", tech_stack=[], highlights=[])
    experience_create()
    skill_create()
    for path, url in [
        ("/api/profile/", "/api/profile/"),
        ("/api/projects/", "/api/projects/"),
        ("/api/projects/{slug}/", "/api/projects/full/"),
        ("/api/projects/{slug}/", "/api/projects/bare/"),
        ("/api/experience/", "/api/experience/"),
        ("/api/skills/", "/api/skills/"),
    ]:
        response = api_client.get(url)
        _assert_matches(openapi, path, 200, response.json())


def test_error_responses_match_the_schema(api_client, openapi):
    """404s and the bad-filter 400 use the documented error shape."""
    cases = [
        ("/api/profile/", "/api/profile/", 404),
        ("/api/projects/{slug}/", "/api/projects/missing/", 404),
        ("/api/projects/", "/api/projects/?featured=perhaps", 400),
    ]
    for path, url, status in cases:
        response = api_client.get(url)
        assert response.status_code == status
        _assert_matches(openapi, path, status, response.json())


def test_docs_page_uses_only_our_own_static_files(client):
    """Swagger UI loads from local static files that exist, never from a CDN."""
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    assert not [url for url in assets if "//" in url], assets
    static_assets = [url for url in assets if url.startswith("/static/")]
    assert any(url.endswith("swagger-ui-bundle.js") for url in static_assets)
    for url in static_assets:
        assert finders.find(url.removeprefix("/static/")), f"missing static file {url}"
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert b"/api/schema/" in script.content
