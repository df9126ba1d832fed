"""manage.py import_cloudforgex: the original format, idempotent, all-or-nothing, clear refusals."""

import copy
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from certificates.models import Certificate
from eve.models import KnowledgeEntry, SuggestedQuestion
from portfolio.models import Experience, Profile, Project

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "cloudforgex_knowledge_base.json"
MODELS = [Profile, Experience, Project, Certificate, KnowledgeEntry, SuggestedQuestion]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _document() -> dict:
    return json.loads(FIXTURE.read_text())


def _import(tmp_path, document) -> str:
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    call_command("import_cloudforgex", str(path))
    return str(path)


def test_fixture_imports_everything(tmp_path):
    """Profile, timeline, projects, certificates, answers and extra keys all land."""
    call_command("import_cloudforgex", str(FIXTURE))
    profile = Profile.objects.get()
    assert profile.name == "Thabo Mokoena"
    assert profile.location == "Johannesburg, South Africa"
    assert profile.headline == "Serverless on AWS · Infrastructure as Code · CI/CD"
    assert profile.email == "thabo.mokoena@example.com"
    assert Experience.objects.count() == 3
    assert Project.objects.count() == 3
    assert SuggestedQuestion.objects.count() == 3
    assert Certificate.objects.count() == 3


def test_roles_list_and_single_role_both_become_a_role():
    """`roles` (a list) is joined; `role` is kept as is; duration goes into the summary."""
    call_command("import_cloudforgex", str(FIXTURE))
    gauteng = Experience.objects.get(company="Gauteng Retail Group")
    assert gauteng.role == "Junior DevOps Engineer / DevOps Engineer"
    assert gauteng.period == "2020 - 2023"
    assert "3 years" in gauteng.summary
    assert Experience.objects.get(company="Braamfontein Tech Hub").role == "IT Support Intern"


def test_certificate_dates_in_progress_and_null_urls():
    """DD/MM/YYYY becomes the issue date; "In Progress" means in progress with no date; null url is empty."""
    call_command("import_cloudforgex", str(FIXTURE))
    practitioner = Certificate.objects.get(slug="aws-certified-cloud-practitioner")
    assert practitioner.issued_on == date(2021, 3, 14)
    assert practitioner.status == "earned"
    assert practitioner.verify_url.startswith("https://www.credly.com/")
    ckad = Certificate.objects.get(name="Certified Kubernetes Application Developer")
    assert ckad.status == "in_progress"
    assert ckad.issued_on is None
    assert ckad.verify_url == ""
    assert not ckad.file


def test_projects_keep_stack_highlights_and_normalise_links(api_client):
    """Projects are published with their lists; a null github is no link, a bare host gets https."""
    call_command("import_cloudforgex", str(FIXTURE))
    projects = {p["slug"]: p for p in api_client.get("/api/projects/").json()}
    assert list(projects) == [
        "cloudforgex",
        "retail-kubernetes-platform",
        "terraform-module-library",
    ]
    assert projects["cloudforgex"]["tech_stack"][0] == "AWS Lambda"
    assert projects["cloudforgex"]["github_url"] == "https://github.com/thabo-mokoena/cloudforgex"
    assert projects["retail-kubernetes-platform"]["github_url"] is None
    assert (
        projects["terraform-module-library"]["github_url"]
        == "https://github.com/thabo-mokoena/terraform-modules"
    )
    assert projects["cloudforgex"]["featured"] is True


def test_unknown_and_profile_only_keys_become_knowledge_entries():
    """Nothing is dropped: extra top-level and profile keys become readable knowledge entries."""
    call_command("import_cloudforgex", str(FIXTURE))
    entries = {entry.title: entry for entry in KnowledgeEntry.objects.all()}
    assert {"Education", "Specialisations", "Career goals", "Currently learning"} <= set(entries)
    assert {"Tech journey", "Hobbies", "Availability", "Fun facts"} <= set(entries)
    assert "Notice period: 1 month" in entries["Availability"].body
    assert "- Remote" in entries["Availability"].body
    assert "- Trail running" in entries["Hobbies"].body
    assert "5" in entries["Tech journey"].body
    assert entries["Fun facts"].tags == ["fun", "facts"]


def test_suggested_responses_become_canned_answers():
    """Each question keeps its Markdown answer, in file order."""
    call_command("import_cloudforgex", str(FIXTURE))
    questions = list(SuggestedQuestion.objects.all())
    assert questions[0].question == "What are Thabo's main skills?"
    assert "**serverless AWS**" in questions[0].answer


def test_importing_twice_creates_no_duplicates():
    """A second import of the same file leaves every count unchanged."""
    call_command("import_cloudforgex", str(FIXTURE))
    first = _counts()
    call_command("import_cloudforgex", str(FIXTURE))
    assert _counts() == first


def test_reimport_updates_changed_content(tmp_path):
    """Importing an edited file updates the rows it already created."""
    call_command("import_cloudforgex", str(FIXTURE))
    document = _document()
    document["projects"][0]["summary"] = "Now with more EVE."
    document["personal_profile"]["location"] = "Durban, South Africa"
    _import(tmp_path, document)
    assert Project.objects.get(slug="cloudforgex").summary == "Now with more EVE."
    assert Profile.objects.get().location == "Durban, South Africa"
    assert Project.objects.count() == 3


def _broken(mutate) -> dict:
    document = copy.deepcopy(_document())
    mutate(document)
    return document


BAD_DOCUMENTS = {
    "top level is a list": ([1, 2], "JSON object"),
    "missing personal_profile": (_broken(lambda d: d.pop("personal_profile")), "personal_profile"),
    "missing projects": (_broken(lambda d: d.pop("projects")), '"projects"'),
    "projects not a list": (
        _broken(lambda d: d.update(projects={"a": 1})),
        "projects: expected a list",
    ),
    "project without title": (
        _broken(lambda d: d["projects"][1].pop("title")),
        "projects[1].title: required",
    ),
    "tech_stack of numbers": (
        _broken(lambda d: d["projects"][0].update(tech_stack=[{"x": 1}])),
        "projects[0].tech_stack[0]",
    ),
    "timeline entry without role": (
        _broken(lambda d: d["personal_profile"]["career_timeline"][2].pop("role")),
        "career_timeline[2]",
    ),
    "impossible date": (
        _broken(lambda d: d["personal_profile"]["certifications"][0].update(date="31/02/2021")),
        "31/02/2021",
    ),
    "impossible ISO date": (
        _broken(lambda d: d["personal_profile"]["certifications"][1].update(date="2022-13-02")),
        '"2022-13-02" is not a real date',
    ),
    "date as a list": (
        _broken(lambda d: d["personal_profile"]["certifications"][1].update(date=[2, 11, 2022])),
        "certifications[1].date",
    ),
    "certificate issuer not text": (
        _broken(lambda d: d["personal_profile"]["certifications"][0].update(issuer={"a": 1})),
        "certifications[0].issuer",
    ),
    "url not a web address": (
        _broken(lambda d: d["projects"][0].update(github="not a url")),
        "projects[0].github",
    ),
    "answer not text": (
        _broken(lambda d: d["suggested_responses"].update({"Why?": ["a", "b"]})),
        "suggested_responses",
    ),
    "profile name missing": (
        _broken(lambda d: d["personal_profile"].pop("name")),
        "personal_profile.name",
    ),
}


@pytest.mark.parametrize(("document", "message"), BAD_DOCUMENTS.values(), ids=BAD_DOCUMENTS.keys())
def test_malformed_documents_are_refused_and_write_nothing(tmp_path, document, message):
    """Each kind of bad file is refused with a message naming the problem; no row is written."""
    with pytest.raises(CommandError) as refusal:
        _import(tmp_path, document)
    assert message in str(refusal.value)
    assert "Nothing was imported" in str(refusal.value)
    assert set(_counts().values()) == {0}


def test_invalid_json_names_the_position(tmp_path):
    """A file that is not JSON is refused with where the syntax broke."""
    with pytest.raises(CommandError, match=r"not valid JSON .*line 1"):
        _import(tmp_path, '{"personal_profile": {"name": "A",}')
    assert set(_counts().values()) == {0}


def test_missing_file_is_a_clear_error(tmp_path):
    """A wrong path says so instead of a traceback."""
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_cloudforgex", str(tmp_path / "nope.json"))


def test_failure_late_in_the_write_rolls_back_everything(tmp_path, monkeypatch):
    """If the database refuses a row halfway, rows written before it are rolled back too."""
    from django.db import IntegrityError

    original_create = SuggestedQuestion.objects.create

    def refuse(**kwargs):
        raise IntegrityError("simulated failure on the last kind of row")

    monkeypatch.setattr(SuggestedQuestion.objects, "create", refuse)
    with pytest.raises(IntegrityError):
        call_command("import_cloudforgex", str(FIXTURE))
    monkeypatch.setattr(SuggestedQuestion.objects, "create", original_create)
    assert set(_counts().values()) == {0}


def test_bad_file_leaves_earlier_content_untouched(tmp_path):
    """A refused re-import keeps the portfolio exactly as it was."""
    call_command("import_cloudforgex", str(FIXTURE))
    before = _counts()
    document = _document()
    document["projects"].append(
        {"title": "Broken", "summary": "x", "tech_stack": "not-a-list", "github": 5}
    )
    document["projects"][0]["summary"] = "Changed"
    with pytest.raises(CommandError):
        _import(tmp_path, document)
    assert _counts() == before
    assert Project.objects.get(slug="cloudforgex").summary != "Changed"


def test_projects_whose_names_give_the_same_slug_are_refused(tmp_path):
    """Two projects that would share one address are refused naming both; nothing is written."""
    document = _document()
    document["projects"][0]["title"] = "K8s Autoscaler"
    document["projects"][2]["title"] = "K8s autoscaler!"
    with pytest.raises(CommandError) as refusal:
        _import(tmp_path, document)
    message = str(refusal.value)
    assert 'projects[0] "K8s Autoscaler"' in message
    assert 'projects[2] "K8s autoscaler!"' in message
    assert "k8s-autoscaler" in message
    assert set(_counts().values()) == {0}


def test_certificates_whose_names_give_the_same_slug_are_refused(tmp_path):
    """An en dash and a hyphen in otherwise equal names are one address: refused, naming both."""
    document = _document()
    certifications = document["personal_profile"]["certifications"]
    certifications[0]["name"] = "AWS Certified Solutions Architect – Associate"
    with pytest.raises(CommandError) as refusal:
        _import(tmp_path, document)
    message = str(refusal.value)
    assert 'certifications[0] "AWS Certified Solutions Architect – Associate"' in message
    assert 'certifications[1] "AWS Certified Solutions Architect - Associate"' in message
    assert set(_counts().values()) == {0}


def test_knowledge_entries_that_would_collide_are_refused(tmp_path):
    """A top-level key and a profile key giving the same entry title are refused, naming both."""
    document = _document()
    document["hobbies"] = ["Chess"]
    with pytest.raises(CommandError) as refusal:
        _import(tmp_path, document)
    assert "personal_profile.hobbies" in str(refusal.value)
    assert 'hobbies "Hobbies"' in str(refusal.value)
    assert set(_counts().values()) == {0}


@pytest.mark.parametrize(
    ("text", "issued_on"),
    [
        ("March 2023", date(2023, 3, 1)),
        ("sept 2021", date(2021, 9, 1)),
        ("Dec. 2020", date(2020, 12, 1)),
        ("2020", date(2020, 1, 1)),
        (2019, date(2019, 1, 1)),
        ("2022-11-02", date(2022, 11, 2)),
        (" 02/11/2022 ", date(2022, 11, 2)),
    ],
)
def test_certificate_date_forms_become_issue_dates(tmp_path, text, issued_on):
    """Month YYYY, YYYY and YYYY-MM-DD are issue dates (first of month/year) of an earned certificate."""
    document = _document()
    document["personal_profile"]["certifications"][2]["date"] = text
    _import(tmp_path, document)
    certificate = Certificate.objects.get(slug="certified-kubernetes-application-developer")
    assert certificate.status == "earned"
    assert certificate.issued_on == issued_on


@pytest.mark.parametrize(
    "text",
    ["In progress", "IN PROGRESS", "Pending", "studying", "Expected 2025", "Planned", "ongoing"],
)
def test_only_in_progress_words_mean_in_progress(tmp_path, text):
    """Texts that mean "not earned yet", in any letter case, mark the certificate in progress."""
    document = _document()
    document["personal_profile"]["certifications"][0]["date"] = text
    _import(tmp_path, document)
    certificate = Certificate.objects.get(slug="aws-certified-cloud-practitioner")
    assert certificate.status == "in_progress"
    assert certificate.issued_on is None


@pytest.mark.parametrize("text", ["Expired", "Q3 2023", "Smarch 2023"])
def test_other_date_text_is_earned_and_kept(tmp_path, text):
    """Unrecognised date text is an earned certificate without a date; the text is kept for EVE."""
    document = _document()
    document["personal_profile"]["certifications"][0]["date"] = text
    _import(tmp_path, document)
    certificate = Certificate.objects.get(slug="aws-certified-cloud-practitioner")
    assert certificate.status == "earned"
    assert certificate.issued_on is None
    entry = KnowledgeEntry.objects.get(title="Certificate: AWS Certified Cloud Practitioner")
    assert f"Date as written in the imported file: {text}" in entry.body
    assert "certificate" in entry.tags


def test_unknown_nested_keys_are_kept():
    """Extra project, career and certificate keys are kept; issuer and credential ID fill fields."""
    call_command("import_cloudforgex", str(FIXTURE))
    project = Project.objects.get(slug="cloudforgex")
    assert "**Also:**" in project.description
    assert "- Demo video: https://www.youtube.com/watch?v=cloudforgex-demo" in project.description
    assert "- Status: Live" in project.description
    sandton = Experience.objects.get(company="Sandton Cloud Consulting")
    assert sandton.summary.startswith("Duration: 2 years.")
    assert "- Achievements:" in sandton.summary
    assert "Cut the AWS bill by 30%" in sandton.summary
    assert "Led the move of 12 services to Lambda" in sandton.summary
    practitioner = Certificate.objects.get(slug="aws-certified-cloud-practitioner")
    assert practitioner.issuer == "Amazon Web Services"
    assert practitioner.credential_id == "AWS-CCP-2021-0314"
    assert not KnowledgeEntry.objects.filter(
        title="Certificate: AWS Certified Cloud Practitioner"
    ).exists()
    architect = KnowledgeEntry.objects.get(
        title="Certificate: AWS Certified Solutions Architect - Associate"
    )
    assert "Validity: 3 years" in architect.body
    assert Project.objects.get(slug="retail-kubernetes-platform").description == ""


def test_kept_project_keys_show_on_the_project_page_api(api_client):
    """A visitor reading the project sees its extra details under "Also"."""
    call_command("import_cloudforgex", str(FIXTURE))
    body = api_client.get("/api/projects/cloudforgex/").json()
    assert "Status: Live" in body["description"]


def test_reimport_keeps_an_issuer_the_file_does_not_give():
    """Issuer and credential ID are written only when the file has them; owner edits survive."""
    call_command("import_cloudforgex", str(FIXTURE))
    architect = Certificate.objects.get(slug="aws-certified-solutions-architect-associate")
    architect.issuer = "Amazon Web Services"
    architect.save()
    call_command("import_cloudforgex", str(FIXTURE))
    architect.refresh_from_db()
    assert architect.issuer == "Amazon Web Services"
