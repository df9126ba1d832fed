"""manage.py seed_demo and ensure_demo_admin: a complete, idempotent demo with real PDFs."""

import io

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from certificates.models import Certificate
from eve.models import KnowledgeEntry, SuggestedQuestion
from loaders.services import DEMO_ADMIN_PASSWORD
from portfolio.models import Experience, Profile, Project, Skill

pytestmark = pytest.mark.django_db

MODELS = [Profile, Experience, Skill, Project, KnowledgeEntry, SuggestedQuestion, Certificate]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_fills_a_complete_portfolio():
    """The demo has enough of everything for the site, the API and EVE to look real."""
    call_command("seed_demo")
    counts = _counts()
    assert counts["Profile"] == 1
    assert counts["Experience"] >= 3
    assert counts["Skill"] >= 10
    assert counts["Project"] >= 6
    assert counts["KnowledgeEntry"] >= 10
    assert counts["SuggestedQuestion"] >= 6
    assert counts["Certificate"] >= 4
    # Six chips answer for free; the rest are answered from live content.
    assert SuggestedQuestion.objects.exclude(answer="").count() >= 6
    assert all(entry.tags for entry in KnowledgeEntry.objects.all())
    stacks = {tech for project in Project.objects.all() for tech in project.tech_stack}
    assert {"AWS Lambda", "Terraform", "Kubernetes", "API Gateway", "GitHub Actions"} <= stacks
    assert Project.objects.filter(featured=True).count() >= 3


def test_seed_demo_twice_leaves_the_same_rows_and_files():
    """Running the seed again adds no rows and no extra PDF files."""
    storage = Certificate._meta.get_field("file").storage
    call_command("seed_demo")
    first = _counts()
    files = sorted(c.file.name for c in Certificate.objects.exclude(file=""))
    stored = set(storage.listdir("")[1])
    assert set(files) <= stored
    call_command("seed_demo")
    assert _counts() == first
    assert sorted(c.file.name for c in Certificate.objects.exclude(file="")) == files
    assert set(storage.listdir("")[1]) == stored


def test_demo_certificates_cover_expired_and_in_progress():
    """One certificate is expired, one is in progress without a file, the rest are current."""
    call_command("seed_demo")
    today = timezone.localdate()
    expired = [c for c in Certificate.objects.all() if c.expires_on and c.expires_on < today]
    assert len(expired) == 1
    in_progress = Certificate.objects.get(status="in_progress")
    assert not in_progress.file
    assert Certificate.objects.exclude(file="").count() >= 4


def test_demo_certificate_files_are_real_pdfs():
    """Each generated file starts with %PDF-, parses strictly and shows the certificate's name."""
    call_command("seed_demo")
    for certificate in Certificate.objects.exclude(file=""):
        with certificate.file.open("rb") as handle:
            data = handle.read()
        assert data.startswith(b"%PDF-")
        assert data.rstrip().endswith(b"%%EOF")
        reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
        assert len(reader.pages) == 1
        text = reader.pages[0].extract_text()
        assert certificate.name.split(" (")[0] in text.replace("\n", " ")
        assert reader.metadata.title == certificate.name


def test_seeded_content_is_served_by_the_api(api_client):
    """After seeding, the API shows the demo profile and projects."""
    call_command("seed_demo")
    assert api_client.get("/api/profile/").json()["name"] == Profile.objects.get().name
    assert len(api_client.get("/api/projects/?featured=true").json()) >= 3
    assert api_client.get("/api/projects/?tech=terraform").json()


@override_settings(DEBUG=True)
def test_ensure_demo_admin_creates_a_working_login(client, capsys):
    """A missing demo admin is created and the printed password logs into the admin."""
    call_command("ensure_demo_admin", "--base-url", "http://127.0.0.1:8123")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8123/admin/" in out
    assert "admin" in out and DEMO_ADMIN_PASSWORD in out
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": DEMO_ADMIN_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@override_settings(DEBUG=True)
def test_ensure_demo_admin_never_resets_an_existing_password(capsys):
    """Run again after the owner changed the password: the new one still works, none is printed."""
    call_command("ensure_demo_admin")
    capsys.readouterr()
    user = get_user_model().objects.get(username="admin")
    user.set_password("owner-chose-this-1")
    user.save()
    call_command("ensure_demo_admin")
    out = capsys.readouterr().out
    assert "already exists" in out
    assert DEMO_ADMIN_PASSWORD not in out
    assert get_user_model().objects.filter(username="admin").count() == 1
    user.refresh_from_db()
    assert user.check_password("owner-chose-this-1")
    assert not user.check_password(DEMO_ADMIN_PASSWORD)


@override_settings(DEBUG=False)
def test_ensure_demo_admin_refuses_in_production():
    """With DEBUG off there is no demo password to guess."""
    with pytest.raises(CommandError, match="DJANGO_DEBUG is false"):
        call_command("ensure_demo_admin")
    assert not get_user_model().objects.filter(username="admin").exists()


def test_seed_demo_again_keeps_the_owners_edits():
    """Edited, unpublished and file-less demo rows stay exactly as the owner left them."""
    call_command("seed_demo")
    first = _counts()
    project = Project.objects.order_by("order").first()
    project.title = "My own title"
    project.summary = "Rewritten by the owner."
    project.save()
    certificate = Certificate.objects.exclude(file="").order_by("order").first()
    certificate.published = False
    certificate.save()
    bare = Certificate.objects.exclude(file="").exclude(pk=certificate.pk).first()
    bare.file.delete(save=True)
    profile = Profile.objects.get()
    profile.name = "Owner Name"
    profile.save()
    entry = KnowledgeEntry.objects.order_by("order").first()
    entry.body = "The owner's own words."
    entry.save()
    question = SuggestedQuestion.objects.order_by("order").first()
    question.active = False
    question.save()

    call_command("seed_demo")

    assert _counts() == first
    project.refresh_from_db()
    assert (project.title, project.summary) == ("My own title", "Rewritten by the owner.")
    certificate.refresh_from_db()
    assert certificate.published is False
    bare.refresh_from_db()
    assert not bare.file
    assert Profile.objects.get().name == "Owner Name"
    entry.refresh_from_db()
    assert entry.body == "The owner's own words."
    question.refresh_from_db()
    assert question.active is False


def test_seed_demo_recreates_only_missing_rows():
    """A demo row that is gone is created again; the others are not touched."""
    call_command("seed_demo")
    first = _counts()
    kept = Project.objects.order_by("order")[1]
    kept.summary = "Edited."
    kept.save()
    Project.objects.order_by("order").first().delete()
    call_command("seed_demo")
    assert _counts() == first
    kept.refresh_from_db()
    assert kept.summary == "Edited."


def test_seed_demo_reset_restores_the_demo_content():
    """--reset writes the demo values back over edited and unpublished demo rows."""
    call_command("seed_demo")
    project = Project.objects.order_by("order").first()
    original = (project.title, project.summary)
    project.title = "My own title"
    project.published = False
    project.save()
    certificate = Certificate.objects.exclude(file="").order_by("order").first()
    certificate.published = False
    certificate.file.delete(save=True)
    profile = Profile.objects.get()
    demo_name = profile.name
    profile.name = "Owner Name"
    profile.save()
    first = _counts()

    call_command("seed_demo", "--reset")

    assert _counts() == first
    project.refresh_from_db()
    assert (project.title, project.summary) == original
    assert project.published is True
    certificate.refresh_from_db()
    assert certificate.published is True
    with certificate.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert Profile.objects.get().name == demo_name
