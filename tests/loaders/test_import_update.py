"""import_cloudforgex after the demo: a reused slug keeps no demo text with --update, and says so without."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from loaders import demo
from portfolio.models import Project

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "cloudforgex_knowledge_base.json"
DEMO_DESCRIPTION = next(item for item in demo.PROJECTS if item["slug"] == "cloudforgex")[
    "description"
]


FORMAT_KEYS = {"title", "summary", "tech_stack", "highlights", "github", "category"}


def _document() -> dict:
    """The fixture, its first project ("CloudForgeX") reduced to the format's own keys (no description)."""
    document = json.loads(FIXTURE.read_text())
    first = document["projects"][0]
    document["projects"][0] = {key: value for key, value in first.items() if key in FORMAT_KEYS}
    return document


def _import(tmp_path, *args) -> str:
    document = _document()
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(document))
    out = io.StringIO()
    call_command("import_cloudforgex", str(path), *args, stdout=out)
    return out.getvalue()


def test_without_update_the_kept_demo_text_is_named(tmp_path):
    """The owner's "CloudForgeX" lands on the demo's slug: the old description is kept, and reported."""
    call_command("seed_demo", stdout=io.StringIO())
    output = _import(tmp_path)
    project = Project.objects.get(slug="cloudforgex")
    assert project.title == "CloudForgeX"  # the file's title and summary won
    assert project.description == DEMO_DESCRIPTION
    assert 'project "cloudforgex": kept its description' in output
    assert "--update" in output


def test_update_makes_matched_rows_exactly_the_file(tmp_path):
    """With --update the matched project carries nothing of the demo; other demo rows are untouched."""
    call_command("seed_demo", stdout=io.StringIO())
    untouched = Project.objects.get(slug="serverless-order-api").description
    output = _import(tmp_path, "--update")
    project = Project.objects.get(slug="cloudforgex")
    document = _document()["projects"][0]
    assert project.title == document["title"] and project.summary == document["summary"]
    assert project.description == ""
    assert project.tech_stack == document["tech_stack"]
    assert Project.objects.get(slug="serverless-order-api").description == untouched
    assert "kept its description" not in output
    assert "existing" in output  # the summary counts the updated rows
