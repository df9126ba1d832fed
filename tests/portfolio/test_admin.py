"""The owner's admin: every page loads for a superuser, anonymous visitors go to the login."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from loaders.services import demo_portfolio_seed
from portfolio.models import Experience, Profile, Project
from tests.portfolio.factories import profile_create, project_create

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    admin.site._registry.items(), key=lambda item: item[0]._meta.label
)  # every app's models, including those other apps register
IDS = [model._meta.label for model, _ in REGISTERED]


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("owner", "owner@example.com", "pw-owner-123")


@pytest.fixture
def owner_client(client, superuser):
    client.force_login(superuser)
    return client


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=IDS)
def test_changelist_and_add_pages_load_for_the_owner(owner_client, superuser, model, model_admin):
    """Each registered model's list and add pages render (add is 403 where adding is not allowed)."""
    demo_portfolio_seed()
    assert owner_client.get(_url(model, "changelist")).status_code == 200
    assert owner_client.get(_url(model, "changelist"), {"q": "cloud"}).status_code == 200
    request = RequestFactory().get("/")
    request.user = superuser
    expected = 200 if model_admin.has_add_permission(request) else 403
    assert owner_client.get(_url(model, "add")).status_code == expected
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        assert owner_client.get(_url(model, "change", first.pk)).status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=IDS)
def test_anonymous_visitors_are_sent_to_login(client, model, model_admin):
    """Nobody sees admin pages without logging in."""
    for view in ("changelist", "add"):
        response = client.get(_url(model, view))
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]


def test_profile_cannot_be_added_twice(owner_client):
    """Once the profile exists the owner edits it; there is no second one to add."""
    assert owner_client.get(_url(Profile, "add")).status_code == 200
    profile_create()
    assert owner_client.get(_url(Profile, "add")).status_code == 403
    assert b"Add profile" not in owner_client.get(_url(Profile, "changelist")).content


def test_project_tech_stack_is_edited_one_per_line(owner_client):
    """The add form takes plain lines and stores a clean list; the change form shows lines."""
    response = owner_client.post(
        _url(Project, "add"),
        {
            "title": "Edge API",
            "slug": "edge-api",
            "summary": "An API at the edge.",
            "description": "",
            "category": "Serverless",
            "tech_stack": "AWS Lambda\n\n  CloudFront  \r\nTerraform\n",
            "highlights": "p99 under 50 ms",
            "github_url": "github.com/ada/edge-api",
            "live_url": "",
            "order": "0",
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(slug="edge-api")
    assert project.tech_stack == ["AWS Lambda", "CloudFront", "Terraform"]
    assert project.highlights == ["p99 under 50 ms"]
    assert project.github_url == "https://github.com/ada/edge-api"
    page = owner_client.get(_url(Project, "change", project.pk)).content.decode()
    assert "AWS Lambda\nCloudFront\nTerraform</textarea>" in page
    assert 'href="https://github.com/ada/edge-api" target="_blank"' in page


def test_project_list_shows_clickable_links_and_editable_flags(owner_client):
    """The project list previews links and lets the owner edit order/featured/published inline."""
    project_create(title="Linked", github_url="https://github.com/ada/linked")
    page = owner_client.get(_url(Project, "changelist")).content.decode()
    assert 'href="https://github.com/ada/linked"' in page
    for field in ("order", "featured", "published"):
        assert f'name="form-0-{field}"' in page


@pytest.mark.parametrize(
    ("action", "field", "before", "after"),
    [
        ("unpublish_selected", "published", True, False),
        ("publish_selected", "published", False, True),
        ("feature_selected", "featured", False, True),
        ("unfeature_selected", "featured", True, False),
    ],
)
def test_publish_and_feature_actions(owner_client, action, field, before, after):
    """Bulk actions flip the flag on the selected projects only."""
    chosen = project_create(**{field: before})
    other = project_create(**{field: before})
    response = owner_client.post(
        _url(Project, "changelist"),
        {"action": action, "_selected_action": [chosen.pk]},
    )
    assert response.status_code == 302
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert getattr(chosen, field) is after
    assert getattr(other, field) is before


def test_unpublishing_experience_hides_it_from_the_api(owner_client, api_client):
    """An unpublish action in the admin takes the row off the API at once."""
    demo_portfolio_seed()
    first = Experience.objects.order_by("order").first()
    owner_client.post(
        _url(Experience, "changelist"),
        {"action": "unpublish_selected", "_selected_action": [first.pk]},
    )
    companies = [item["company"] for item in api_client.get("/api/experience/").json()]
    assert first.company not in companies
    assert len(companies) == Experience.objects.count() - 1


def _profile_form(**extra):
    return {
        "name": "Ada Cloud",
        "headline": "Cloud engineer",
        "location": "",
        "bio": "",
        "email": "",
        "linkedin_url": "",
        "github_url": "",
        "website_url": "",
        **extra,
    }


def test_profile_resume_must_be_a_pdf(owner_client, settings, tmp_path):
    """A résumé that is not a PDF is refused with a sentence; a real PDF is stored."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from loaders.pdf import PdfLine, pdf_document_render

    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("cv.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = owner_client.post(_url(Profile, "add"), _profile_form(resume=fake))
    assert response.status_code == 200
    assert "Please upload the résumé as a PDF document." in response.content.decode()
    assert not Profile.objects.exists()
    real = SimpleUploadedFile(
        "cv.pdf",
        pdf_document_render(title="CV", lines=[PdfLine("Ada Cloud")]),
        content_type="application/pdf",
    )
    response = owner_client.post(_url(Profile, "add"), _profile_form(resume=real))
    assert response.status_code == 302
    assert Profile.objects.get().resume.name.startswith("resume/cv")
