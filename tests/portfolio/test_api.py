"""The portfolio's read API: shapes, ordering, publish rules, filters and errors."""

import pytest

from tests.portfolio.factories import (
    experience_create,
    profile_create,
    project_create,
    skill_create,
)

pytestmark = pytest.mark.django_db


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [project["slug"] for project in response.json()]


def test_profile_is_returned_with_empty_links_as_null(api_client):
    """The profile answers with every field; links the owner left empty are null."""
    profile_create(
        name="Ada Cloud",
        headline="Cloud engineer",
        bio="Builds **things**.",
        github_url="https://github.com/ada",
    )
    response = api_client.get("/api/profile/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Ada Cloud"
    assert body["bio"] == "Builds **things**."
    assert body["github_url"] == "https://github.com/ada"
    assert body["linkedin_url"] is None
    assert body["email"] is None
    assert body["resume_url"] is None
    assert set(body) == {
        "name", "headline", "location", "bio", "email", "linkedin_url",
        "github_url", "website_url", "resume_url", "updated_at",
    }  # fmt: skip


def test_profile_missing_is_json_404(api_client):
    """Before the owner writes a profile, the API says so in the error shape."""
    response = api_client.get("/api/profile/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"
    assert response.json()["error"]


def test_projects_list_is_published_only_and_ordered(api_client):
    """Unpublished projects never appear; the rest follow order, then title."""
    project_create(slug="b", title="B", order=2)
    project_create(slug="hidden", title="Hidden", order=0, published=False)
    project_create(slug="a", title="A", order=2)
    project_create(slug="first", title="Z first", order=1)
    assert _slugs(api_client.get("/api/projects/")) == ["first", "a", "b"]


def test_project_list_item_shape(api_client):
    """A project card has its stack, highlights, links (null when empty) and page URL."""
    project_create(
        slug="api",
        title="Order API",
        tech_stack=["AWS Lambda", "DynamoDB"],
        highlights=["Fast"],
        github_url="https://github.com/x/api",
        featured=True,
    )
    [item] = api_client.get("/api/projects/").json()
    assert item == {
        "title": "Order API",
        "slug": "api",
        "summary": "A project.",
        "tech_stack": ["AWS Lambda", "DynamoDB"],
        "highlights": ["Fast"],
        "category": "DevOps",
        "github_url": "https://github.com/x/api",
        "live_url": None,
        "featured": True,
        "url": "/projects/api/",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("featured=true", ["star"]),
        ("featured=false", ["plain", "other"]),
        ("featured=", ["star", "plain", "other"]),
        ("category=serverless", ["star", "plain"]),
        ("category=SERVERLESS", ["star", "plain"]),
        ("category=server", []),
        ("tech=terraform", ["star", "other"]),
        ("tech=AWS%20LAMBDA", ["plain"]),
        ("tech=lambda", ["plain"]),
        ("tech=AWS", ["plain"]),
        ("tech=ambd", []),
        ("tech=lambda%20aws", []),
        ("tech=terraform&featured=false", ["other"]),
        ("category=Serverless&tech=Terraform&featured=true", ["star"]),
        ("unknown=1", ["star", "plain", "other"]),
    ],
)
def test_project_filters(api_client, query, expected):
    """featured, category (exact, any case) and tech (whole words of a stack item) combine."""
    project_create(
        slug="star", order=1, featured=True, category="Serverless", tech_stack=["Terraform"]
    )
    project_create(slug="plain", order=2, category="Serverless", tech_stack=["AWS Lambda"])
    project_create(slug="other", order=3, category="DevOps", tech_stack=["terraform", "Helm"])
    project_create(
        slug="draft", order=0, category="Serverless", tech_stack=["Terraform"], published=False
    )
    assert _slugs(api_client.get(f"/api/projects/?{query}")) == expected


@pytest.mark.parametrize(
    ("tech", "expected"),
    [
        ("aws", ["lambda", "aws"]),
        ("Lambda", ["lambda"]),
        ("aws lambda", ["lambda"]),
        ("ambd", []),
        ("aw", []),
        ("ci/cd", ["pipeline"]),
        ("cd", ["pipeline"]),
        ("c++", ["native"]),
        ("c", []),
        ("---", []),
    ],
)
def test_tech_filter_matches_whole_words_any_case(api_client, tech, expected):
    """?tech= finds a technology by its whole words ("lambda" finds "AWS Lambda"), never by fragments."""
    project_create(slug="lambda", order=1, tech_stack=["AWS Lambda", "DynamoDB"])
    project_create(slug="aws", order=2, tech_stack=["AWS"])
    project_create(slug="awesome", order=3, tech_stack=["Awesome-Lib", "AWSome"])
    project_create(slug="pipeline", order=4, tech_stack=["GitHub Actions CI/CD"])
    project_create(slug="native", order=5, tech_stack=["C++"])
    assert _slugs(api_client.get("/api/projects/", {"tech": tech})) == expected


@pytest.mark.parametrize(
    ("query", "mentions"),
    [
        ("featured=maybe", "featured=true"),
        ("featured=2", "featured=true"),
        ("category=" + "x" * 101, "category"),
        ("tech=" + "x" * 101, "tech"),
        ("tech=%00", "tech"),
    ],
)
def test_bad_filter_values_are_friendly_400s(api_client, query, mentions):
    """A filter value the API cannot use is a 400 sentence, never a 500."""
    project_create()
    response = api_client.get(f"/api/projects/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_request"
    assert mentions in body["error"]


def test_project_detail_includes_description(api_client):
    """One project answers with its full description."""
    project_create(slug="eks", title="EKS", description="The **full** story.")
    response = api_client.get("/api/projects/eks/")
    assert response.status_code == 200
    assert response.json()["description"] == "The **full** story."
    assert response.json()["slug"] == "eks"


@pytest.mark.parametrize("path", ["/api/projects/draft/", "/api/projects/nope/"])
def test_project_detail_404_for_unpublished_or_missing(api_client, path):
    """Unpublished and unknown projects are the same JSON 404."""
    project_create(slug="draft", published=False)
    response = api_client.get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_experience_is_published_only_and_ordered(api_client):
    """Experience lists published rows in the owner's order."""
    experience_create(company="Later", order=2, summary="Did things.")
    experience_create(company="Hidden", order=0, published=False)
    experience_create(company="Earlier", order=1)
    response = api_client.get("/api/experience/")
    assert response.status_code == 200
    assert [item["company"] for item in response.json()] == ["Earlier", "Later"]
    assert response.json()[1] == {
        "company": "Later",
        "role": "Engineer",
        "period": "2020 – 2022",
        "summary": "Did things.",
    }


def test_skills_are_published_only_and_ordered(api_client):
    """Skills list published rows in the owner's order."""
    skill_create(name="Go", category="Languages", order=2)
    skill_create(name="Perl", category="Languages", order=0, published=False)
    skill_create(name="Terraform", category="IaC", order=1)
    response = api_client.get("/api/skills/")
    assert response.json() == [
        {"name": "Terraform", "category": "IaC"},
        {"name": "Go", "category": "Languages"},
    ]


@pytest.mark.parametrize(
    "path",
    ["/api/profile/", "/api/projects/", "/api/projects/x/", "/api/experience/", "/api/skills/"],
)
def test_read_endpoints_refuse_writes_with_json_405(api_client, path):
    """The read API is read-only; a POST is a JSON 405, not an HTML page."""
    response = api_client.post(path, {}, format="json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
