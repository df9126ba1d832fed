"""manage.py remove_demo: exactly the demo goes; what the owner created or edited stays, and is named."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from certificates.models import Certificate
from certificates.storage import certificate_storage
from eve.models import KnowledgeEntry, SuggestedQuestion
from loaders import demo
from portfolio.models import Experience, Profile, Project, Skill

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("remove_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    return django_capture_on_commit_callbacks


def test_removes_the_demo_but_keeps_owner_edits_and_own_rows(seeded):
    """After the owner edits one demo project and adds their own rows, only untouched demo rows go."""
    edited = Project.objects.get(slug="cloudforgex")
    edited.summary = "My own words about this site."
    edited.save()
    entry = KnowledgeEntry.objects.get(title=demo.KNOWLEDGE[0][0])
    entry.tags = [*entry.tags, "mine"]
    entry.save()
    Project.objects.create(title="My Project", slug="my-project", summary="Mine.")
    KnowledgeEntry.objects.create(title="My hobby", body="Sailing.")
    SuggestedQuestion.objects.create(question="What is my hobby?")
    pdfs = list(Certificate.objects.exclude(file="").values_list("file", flat=True))
    assert pdfs and all(certificate_storage.exists(name) for name in pdfs)
    resume = Profile.objects.get().resume.name

    with seeded(execute=True):
        output = _run()

    assert set(Project.objects.values_list("slug", flat=True)) == {"cloudforgex", "my-project"}
    assert Project.objects.get(slug="cloudforgex").summary == "My own words about this site."
    assert set(KnowledgeEntry.objects.values_list("title", flat=True)) == {
        demo.KNOWLEDGE[0][0],
        "My hobby",
    }
    assert list(SuggestedQuestion.objects.values_list("question", flat=True)) == [
        "What is my hobby?"
    ]
    for model in (Profile, Experience, Skill, Certificate):
        assert not model.objects.exists(), model.__name__
    assert not any(certificate_storage.exists(name) for name in pdfs)
    assert not Profile.resume.field.storage.exists(resume)
    assert 'project "cloudforgex": summary changed' in output
    assert f'knowledge entry "{demo.KNOWLEDGE[0][0]}": tags changed' in output
    assert "Kept 2 demo row(s) you edited" in output


def test_an_edited_profile_is_kept_with_its_resume(seeded):
    """The owner typed their own name over the demo's: the profile (and its résumé) stay."""
    profile = Profile.objects.get()
    profile.name = "Ada Cloud"
    profile.save()
    with seeded(execute=True):
        output = _run()
    profile = Profile.objects.get()
    assert profile.name == "Ada Cloud" and Profile.resume.field.storage.exists(profile.resume.name)
    assert 'profile "Ada Cloud": name changed' in output


def test_dry_run_deletes_nothing(seeded):
    """--dry-run reports what would go and leaves every row and file."""
    before = {model: model.objects.count() for model in (Profile, Project, Certificate)}
    output = _run("--dry-run")
    assert "Would remove" in output and f"{len(demo.PROJECTS)} projects" in output
    assert {model: model.objects.count() for model in before} == before


def test_running_again_finds_nothing_more(seeded):
    """A second run removes nothing and still names the kept rows."""
    project = Project.objects.get(slug="cloudforgex")
    project.title = "Renamed"
    project.save()
    with seeded(execute=True):
        _run()
    output = _run()
    assert "No demo rows left to remove." in output and 'project "cloudforgex"' in output


def test_a_demo_certificate_with_the_owners_own_pdf_is_kept_with_it(seeded):
    """The owner uploaded their real PDF over a demo certificate's: neither row nor file goes."""
    certificate = Certificate.objects.exclude(file="").order_by("pk").first()
    own = b"%PDF-1.4\n% the owner's own certificate\n%%EOF\n"
    certificate.file.save("mine.pdf", ContentFile(own))
    untouched = list(Certificate.objects.exclude(pk=certificate.pk).exclude(file=""))
    assert untouched
    with seeded(execute=True):
        output = _run()
    kept = Certificate.objects.get()
    assert kept.pk == certificate.pk
    with kept.file.open("rb") as stored:
        assert stored.read() == own
    assert f'certificate "{certificate.slug}": file (not the demo\'s PDF) changed' in output
    assert not any(certificate_storage.exists(row.file.name) for row in untouched)


def test_the_demo_profile_with_the_owners_own_resume_is_kept_with_it(seeded):
    """The owner uploaded their own résumé to the untouched demo profile: it stays."""
    profile = Profile.objects.get()
    own = b"%PDF-1.4\n% the owner's own CV\n%%EOF\n"
    profile.resume.save("my-cv.pdf", ContentFile(own))
    with seeded(execute=True):
        output = _run()
    profile = Profile.objects.get()
    with profile.resume.open("rb") as stored:
        assert stored.read() == own
    assert f'profile "{profile.name}": résumé (not the demo\'s PDF) changed' in output
