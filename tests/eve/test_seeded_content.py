"""EVE against the real demo content (``manage.py seed_demo``): what a visitor actually reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.core.cache import cache
from django.utils import timezone

from certificates.models import Certificate
from eve.guard import check_message
from eve.models import ChatLog, SuggestedQuestion
from eve.snapshot_cache import content_snapshot_get
from loaders import demo
from loaders.services import demo_portfolio_seed
from portfolio.models import Project

LABELLED = Path(__file__).parent / "data" / "guard_labelled.tsv"
CONTACT = "jordan.reyes@example.com"
DONT_KNOW = "I don't have that information"


@pytest.fixture
def seeded(db):
    """The portfolio exactly as ``manage.py seed_demo`` writes it."""
    demo_portfolio_seed()
    return {item["slug"]: item for item in demo.certificates(today=timezone.localdate())}


def ask(chat, message: str) -> dict:
    response = chat(message)
    assert response.status_code == 200, response.content
    return response.json()


def first(body: dict) -> dict:
    assert body["citations"], body["response"]
    return body["citations"][0]


def tech(slug: str) -> list[str]:
    return Project.objects.get(slug=slug).tech_stack


# 1 ------------------------------------------------------------------ projects


@pytest.mark.parametrize(
    "question",
    [
        "What projects has Jordan built?",
        "Show me his projects",
        "What is his strongest project?",
        "Quels sont ses projets ?",
        "Which Terraform projects has he shipped?",
        "Does he have any Kubernetes projects?",
        "What projects use Terraform?",
    ],
)
def test_project_questions_cite_projects_first(seeded, chat, question):
    """A question about projects is answered with projects, never education or cost notes."""
    body = ask(chat, question)
    assert first(body)["kind"] == "project", body["citations"]
    assert body["response"].count("](/projects/") >= 1
    if "Terraform" in question:
        assert "Terraform" in tech(first(body)["slug"])
    if "Kubernetes" in question:
        assert "Kubernetes" in tech(first(body)["slug"])


# 2 ------------------------------------------------------------------- résumé


@pytest.mark.parametrize("question", ["CV?", "Can I download his resume?", "Lebenslauf?"])
def test_resume_questions_link_the_resume(seeded, chat, question):
    """The seeded profile has a résumé: EVE links /resume.pdf instead of saying she doesn't know."""
    body = ask(chat, question)
    assert body["source"] == "knowledge_base"
    assert "(/resume.pdf)" in body["response"] and DONT_KNOW not in body["response"]
    assert first(body)["kind"] == "profile"


# 3 ------------------------------------------------------------- certificates


def certificate_lines(response: str) -> dict[str, str]:
    lines = {}
    for line in response.splitlines():
        for certificate in Certificate.objects.all():
            if certificate.name in line:
                lines[certificate.slug] = line
    return lines


@pytest.mark.parametrize(
    "question",
    [
        "Does he have a valid Kubernetes certificate?",
        "Is his Kubernetes certification still valid?",
    ],
)
def test_expired_kubernetes_certificate_is_never_called_valid(seeded, chat, question):
    """The CKA expired: EVE says no certificate matching is current, and marks CKA expired."""
    body = ask(chat, question)
    assert body["response"].startswith("None of the matching certificates is current")
    lines = certificate_lines(body["response"])
    assert set(lines) == {"certified-kubernetes-administrator"}
    assert "EXPIRED" in lines["certified-kubernetes-administrator"]


def test_current_certifications_are_listed_all_and_grouped(seeded, chat, settings):
    """A list question gets every published certificate (more than EVE_CONTEXT_RECORDS), grouped."""
    body = ask(chat, "What certifications are current?")
    assert len(body["citations"]) == 5 > settings.EVE_CONTEXT_RECORDS
    text = body["response"]
    current, in_progress, expired = (
        text.index("**Current**"),
        text.index("**In progress (not yet earned)**"),
        text.index("**Expired (no longer current)**"),
    )
    assert current < in_progress < expired
    lines = certificate_lines(text)
    assert text.index(lines["certified-kubernetes-administrator"]) > expired
    assert text.index(lines["aws-solutions-architect-professional"]) > in_progress
    for slug in ("aws-solutions-architect-associate", "aws-developer-associate"):
        assert current < text.index(lines[slug]) < in_progress


def test_aws_certifications_are_the_aws_ones_with_status(seeded, chat):
    """Only AWS certificates, the professional one marked in progress (not as held)."""
    body = ask(chat, "Which AWS certifications does he hold?")
    assert {c["kind"] for c in body["citations"]} == {"certificate"}
    lines = certificate_lines(body["response"])
    assert set(lines) == {
        "aws-solutions-architect-associate",
        "aws-developer-associate",
        "aws-solutions-architect-professional",
    }
    assert "in progress" in lines["aws-solutions-architect-professional"]


# 4 --------------------------------------------------------- relevance gate


def test_current_role_is_the_current_job(seeded, chat):
    """ "Current role" cites the present job only, not an expired certificate or career goals."""
    body = ask(chat, "What is his current role?")
    assert [c["title"] for c in body["citations"]] == ["Senior Cloud Engineer at Karoo Payments"]


def test_availability_question_finds_the_availability_entry(seeded, chat):
    body = ask(chat, "When is he available to start?")
    assert first(body) == {"kind": "knowledge", "title": "Availability", "slug": "availability",
                           "url": None}  # fmt: skip
    assert "Atlantic Networks" not in body["response"]


@pytest.mark.parametrize("question", ["Has he used GCP or Azure?", "Does Jordan know Rust?"])
def test_unknown_technology_is_a_plain_dont_know(seeded, chat, question):
    """A named technology the portfolio never mentions: no unrelated records, a contact pointer."""
    body = ask(chat, question)
    assert body["response"].startswith(DONT_KNOW) and CONTACT in body["response"]
    assert body["citations"] == []


def test_experience_with_a_technology_cites_that_technology(seeded, chat):
    """ "Experience with Bedrock" is about Bedrock: the Bedrock project first, not years in IT."""
    body = ask(chat, "What's his experience with Bedrock?")
    assert first(body)["slug"] == "bedrock-docs-assistant"
    assert "Years of experience" not in [c["title"] for c in body["citations"]]


def test_named_missing_technology_is_said_next_to_related_records(seeded, chat):
    """Half-known questions say which part is unknown instead of silently ignoring it."""
    body = ask(chat, "Has he used Terraform with Azure?")
    assert body["response"].startswith("I don't have anything about azure")
    assert body["citations"]


# 5 -------------------------------------------------------------- languages


@pytest.mark.parametrize(
    ("question", "kind", "title"),
    [
        ("¿Qué certificaciones tiene Jordan?", "certificate", None),
        ("Welche Zertifikate hat er?", "certificate", None),
        ("Quais são as certificações dele?", "certificate", None),
        ("Wo wohnt er?", "profile", "Jordan Reyes"),
        ("¿Dónde vive?", "profile", "Jordan Reyes"),
        ("Onde ele mora?", "profile", "Jordan Reyes"),
        ("Est-il disponible pour un poste à distance ?", "knowledge", "Availability"),
        ("¿Está disponible para trabajo remoto?", "knowledge", "Availability"),
    ],
)
def test_non_english_questions_find_the_right_records(seeded, chat, question, kind, title):
    body = ask(chat, question)
    assert first(body)["kind"] == kind, body["citations"]
    if title:
        assert first(body)["title"] == title
    if kind == "certificate":
        assert len(body["citations"]) == Certificate.objects.count()
    if kind == "profile":
        assert "Cape Town" in body["response"]


def test_erfahrung_does_not_swamp_the_topic(seeded, chat):
    """ "Hat er Erfahrung mit Terraform?" is about Terraform, not about years of experience."""
    body = ask(chat, "Hat er Erfahrung mit Terraform?")
    titles = [c["title"] for c in body["citations"]]
    assert "Years of experience" not in titles
    assert "Terraform" in body["response"].split("\n- ")[1]


# 6 --------------------------------------------------------------- the guard


def test_labelled_set_with_the_seeded_vocabulary(seeded, settings):
    """Zero real questions blocked and the new waste lines blocked, with the demo's vocabulary."""
    vocabulary = content_snapshot_get().vocabulary
    rows = [
        line.split("\t", 2)
        for line in LABELLED.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    verdicts = {
        message: check_message(
            message,
            vocabulary=vocabulary,
            min_chars=settings.EVE_MIN_CHARS,
            max_chars=settings.EVE_MAX_CHARS,
        ).blocked
        for _, _, message in rows
    }
    assert [m for label, _, m in rows if label == "question" and verdicts[m]] == []
    must_block = [
        "anybody home?", "sorry", "no worries", "g'day", "are you chatgpt?", "sample text",
        "random text", "The quick brown fox jumps over the lazy dog", "howdy partner", "hi eve",
    ]  # fmt: skip
    assert [m for m in must_block if not verdicts[m]] == []


@pytest.mark.parametrize("message", ["Strengths?", "SSO?", "PhD?", "US?", "dbt?", "What is EVE?"])
def test_short_real_questions_reach_eve(seeded, chat, message):
    assert ask(chat, message)["source"] != "guard"


def test_what_is_eve_is_answered_from_the_site_project(seeded, chat):
    body = ask(chat, "What's EVE?")
    assert first(body)["slug"] == "cloudforgex"


# 7 ------------------------------------------- published and expiry everywhere


def test_canned_answers_name_no_certificate_or_project(seeded):
    """Canned text cannot go stale: it names no certificate and no project title."""
    names = list(Certificate.objects.values_list("name", flat=True))
    names += list(Project.objects.values_list("title", flat=True))
    names += ["Solutions Architect", "Developer – Associate", "Terraform Associate", "CKA"]
    for answer in SuggestedQuestion.objects.exclude(answer="").values_list("answer", flat=True):
        assert not [name for name in names if name in answer], answer


def test_no_response_names_an_unpublished_or_expired_certificate_as_current(seeded, chat):
    """After unpublishing one certificate and letting another expire, no reply (any source) lies."""
    hidden = Certificate.objects.get(slug="aws-developer-associate")
    hidden.published = False
    hidden.save()
    lapsed = Certificate.objects.get(slug="aws-solutions-architect-associate")
    lapsed.expires_on = timezone.localdate() - dt.timedelta(days=1)
    lapsed.save()
    questions = [
        *SuggestedQuestion.objects.values_list("question", flat=True),
        "Which AWS certifications does he hold?",
        "What certifications are current?",
        "Does he have a valid AWS certificate?",
        "Is he a Solutions Architect?",
        "¿Qué certificaciones tiene Jordan?",
        "hi",
        "asdfgh",
        "What has he built on AWS?",
    ]
    for question in questions * 2:  # the second round comes from the cache
        text = ask(chat, question)["response"]
        assert hidden.name not in text and "Developer – Associate" not in text, question
        for line in text.splitlines():
            if lapsed.name in line:
                assert "EXPIRED" in line, (question, line)
    nudge = ask(chat, "hey!!")["response"]
    assert "HashiCorp Certified: Terraform Associate (003) certificate" in nudge


def test_a_certificate_expiring_overnight_is_not_served_as_current_from_memory(
    seeded, chat, monkeypatch
):
    """Expiry needs no content edit: tomorrow's snapshot and cache key are new."""
    saa = Certificate.objects.get(slug="aws-solutions-architect-associate")
    Certificate.objects.filter(pk=saa.pk).update(expires_on=timezone.now().date())  # no signal
    assert "valid until" in ask(chat, "Is his Solutions Architect certificate valid?")["response"]
    tomorrow = timezone.now() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    text = ask(chat, "Is his Solutions Architect certificate valid?")["response"]
    line = next(line for line in text.splitlines() if saa.name in line)
    assert "EXPIRED" in line


# 8 ------------------------------------------------------------------- nudges


def test_nudge_is_a_natural_sentence_for_the_seeded_content(seeded, chat):
    assert ask(chat, "hey!!")["response"] == (
        "Hi, I'm EVE! I answer questions about Jordan's work. Try asking about Jordan's "
        "AWS Lambda or Terraform projects, or the AWS Certified Solutions Architect – "
        "Associate certificate."
    )
    assert ask(chat, "hi")["response"] == (
        "Could you say a little more? Try asking about Jordan's AWS Lambda or Terraform "
        "projects, or the AWS Certified Solutions Architect – Associate certificate."
    )


# 9 ---------------------------------------------------------------- the cache


def test_c_plus_plus_and_c_sharp_are_different_questions(seeded, chat):
    assert ask(chat, "C++?")["source"] == "knowledge_base"
    assert ask(chat, "C#?")["source"] == "knowledge_base"  # not C++'s cached answer
    assert ask(chat, "c++ ?")["source"] == "cache"


def test_cache_is_per_provider_and_model(seeded, chat, settings, fake_bedrock):
    """A knowledge-base answer is never served as the model's, nor one model's as another's."""
    question = "What has he built with Kubernetes?"
    settings.EVE_PROVIDER = "knowledge_base"
    assert ask(chat, question)["source"] == "knowledge_base"
    settings.EVE_PROVIDER = "bedrock"
    assert ask(chat, question)["source"] == "model"
    assert ask(chat, question)["source"] == "cache"
    settings.EVE_MODEL_ID = "anthropic.claude-3-5-haiku-20241022-v1:0"
    assert ask(chat, question)["source"] == "model"
    assert len(fake_bedrock.requests) == 2


# 11 ---------------------------------------------------- knowledge-base voice


@pytest.mark.parametrize(
    "question", ["Who is Jordan?", "Tell me about him", "Where is he based?", "CV?"]
)
def test_profile_answers_speak_about_the_owner_in_third_person(seeded, chat, question):
    """The first-person bio is never pasted as EVE's words; a lead sentence, then linked bullets."""
    text = ask(chat, question)["response"]
    assert "I design" not in text and "Before cloud I" not in text and "Lately I" not in text
    lead, _, rest = text.partition("\n\n")
    assert lead.endswith(":") and "\n" not in lead
    assert rest.startswith("- **[Jordan Reyes](/#about)**")


def test_knowledge_answers_are_concise(seeded, chat):
    """Bullets are clipped: no answer is a wall of text."""
    for question in ["What projects has Jordan built?", "Tell me about his education"]:
        text = ask(chat, question)["response"]
        assert all(len(line) <= 480 for line in text.splitlines()), text


# 12 ------------------------------------------------------------- citations


def test_certificate_citations_offer_the_viewer_only_with_a_file(seeded, chat):
    """The in-progress certificate has no file: slug null, url null (it has no verify URL)."""
    body = ask(chat, "What certifications are current?")
    by_title = {c["title"]: c for c in body["citations"]}
    professional = by_title["AWS Certified Solutions Architect – Professional"]
    assert professional["kind"] == "certificate"
    assert professional["slug"] is None and professional["url"] is None
    with_file = by_title["AWS Certified Solutions Architect – Associate"]
    assert with_file["slug"] == "aws-solutions-architect-associate"
    assert Certificate.objects.get(slug=with_file["slug"]).file


def test_knowledge_citation_slugs_do_not_embed_database_ids(seeded, chat):
    body = ask(chat, "When is he available to start?")
    assert first(body)["slug"] == "availability"
    body = ask(chat, "What's his experience with Bedrock?")
    slugs = [c["slug"] for c in body["citations"] if c["kind"] == "knowledge"]
    assert slugs == ["currently-learning"]


def test_openapi_says_citation_slug_is_nullable(db, api_client):
    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    slug = schema["components"]["schemas"]["ChatCitation"]["properties"]["slug"]
    assert slug.get("nullable") is True


# 13 ------------------------------------------------------------ flood guard


def test_flood_of_guard_blocks_is_throttled_before_logging(seeded, chat, settings):
    """Junk is free of the paid-call throttles, but a flood gets a JSON 429 and no more rows."""
    settings.EVE_THROTTLE_RATES = {"burst": "1000/min", "sustained": "1000/day", "flood": "5/min"}
    for _ in range(5):
        assert ask(chat, "hey!!")["source"] == "guard"
    response = chat("hey!!")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "throttled" and int(response["Retry-After"]) > 0
    assert chat("What projects has Jordan built?").status_code == 429
    assert ChatLog.objects.count() == 5


def test_flood_rate_has_a_generous_default(seeded, chat, settings):
    """Without a "flood" entry: 120/min, or the burst rate when that is higher."""
    settings.EVE_THROTTLE_RATES = {"burst": "3/min", "sustained": "1000/day"}
    statuses = [chat("hey!!").status_code for _ in range(121)]
    assert statuses == [200] * 120 + [429]
    cache.clear()
    settings.EVE_THROTTLE_RATES = {"burst": "1000/min", "sustained": "100000/day"}
    assert {chat("hey!!").status_code for _ in range(150)} == {200}
