"""The API docs as a reader meets them: a schema a browser shows, one entry per operation, each with a summary and an example."""

import json

import jsonschema
import pytest
import yaml

from tests.portfolio.test_schema import _closed, _json_schema

pytestmark = pytest.mark.django_db

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def openapi(client) -> dict:
    return client.get("/api/schema/", {"format": "json"}).json()


def test_schema_opened_in_a_browser_is_shown_not_downloaded(client):
    """A browser gets JSON it displays inline; tools keep YAML by default and ?format= still works."""
    browser = client.get("/api/schema/", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert browser.status_code == 200
    assert browser["Content-Type"].startswith("application/json")
    assert browser["Content-Disposition"] == "inline"
    assert json.loads(browser.content)["openapi"].startswith("3.")
    tool = client.get("/api/schema/")
    assert tool["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(tool.content)["info"]["title"] == "CloudForgeX API"
    explicit = client.get("/api/schema/", {"format": "yaml"}, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert explicit["Content-Type"].startswith("application/vnd.oai.openapi")


def test_chat_alias_is_not_a_second_operation(openapi):
    """/chat answers like /api/chat/ but the docs list the operation once."""
    assert "/chat" not in openapi["paths"]
    assert "/api/chat/" in openapi["paths"]
    tags = {tag for ops in openapi["paths"].values() for op in ops.values() for tag in op["tags"]}
    assert "chat" not in tags and "api" not in tags


def test_every_operation_has_a_summary_and_valid_examples(openapi):
    """Each operation says what it does, and each example matches the schema it illustrates."""
    components = openapi["components"]["schemas"]
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation.get("summary"), where
            examples = 0
            for response in operation["responses"].values():
                media = response.get("content", {}).get("application/json")
                if media and "example" in media:
                    examples += 1
                    schema = _closed(_json_schema(media["schema"], components))
                    jsonschema.validate(media["example"], schema)
            assert examples, f"{where} has no example"
    chat = openapi["paths"]["/api/chat/"]["post"]["requestBody"]["content"]["application/json"]
    assert chat["example"]["message"]
