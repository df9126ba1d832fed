"""The real bedrock provider (boto3 Converse) against the fake Bedrock HTTP server."""

from __future__ import annotations

import pytest

from eve.budget import input_tokens_estimate
from eve.models import ChatLog, TokenUsage
from eve.prompts import estimated_tokens

REAL_QUESTIONS = [
    "What has he built with Kubernetes?",
    "Which AWS certifications does he hold?",
    "Does he have experience with serverless APIs on Lambda?",
    "Where did he study?",
    "Is he open to remote work or relocation?",
    "What email spam filtering work has he done?",
    "Tell me about his time at Acme Bank",
    "What Terraform projects has he shipped?",
    "Which programming languages does he use?",
    "What does his CI/CD setup look like with GitHub Actions?",
]


def test_model_answer_goes_through_converse_with_real_usage(portfolio, chat, fake_bedrock):
    """A real question reaches Converse once; the reply and its real token usage are recorded."""
    body = chat("What has he built with Kubernetes?").json()
    assert body["source"] == "model" and body["degraded"] is False
    assert body["response"].startswith("EVE here: [1] Project EKS Platform Blueprint")
    assert body["citations"][0]["slug"] == "eks-platform"
    (request,) = fake_bedrock.requests
    assert request.path == "/model/eu.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse"
    assert request.model_id == "eu.anthropic.claude-haiku-4-5-20251001-v1:0"
    assert request.body["inferenceConfig"]["maxTokens"] == 400
    assert request.body["messages"] == [
        {"role": "user", "content": [{"text": "What has he built with Kubernetes?"}]}
    ]
    assert request.headers["Authorization"].startswith("AWS4-HMAC-SHA256")
    log = ChatLog.objects.get()
    assert log.source == "model" and log.model_id == "eu.anthropic.claude-haiku-4-5-20251001-v1:0"
    assert log.input_tokens == (len(request.system_text) + len(request.user_text)) // 4
    assert log.output_tokens > 0
    usage = TokenUsage.objects.get()
    assert (usage.input_tokens, usage.output_tokens, usage.calls) == (
        log.input_tokens,
        log.output_tokens,
        1,
    )


def test_prompt_holds_only_the_retrieved_records(portfolio, chat, fake_bedrock):
    """The system prompt carries the retrieved records, not the rest of the knowledge base."""
    body = chat("What email spam filtering work has he done?").json()
    system = fake_bedrock.requests[0].system_text
    assert body["citations"][0]["slug"] == "spam-shield"
    assert "Spam Shield" in system
    assert "EKS Platform Blueprint" not in system and "Education" not in system
    assert "Quantum Ledger" not in system and "zebra" not in system  # unpublished
    assert "Thabo" in system and "I don't have that information" in system


def test_input_stays_under_600_estimated_tokens(portfolio, chat, fake_bedrock):
    """Every model call for a set of real questions sends at most ~600 tokens (chars/4)."""
    for question in REAL_QUESTIONS:
        chat(question)
    sizes = [estimated_tokens(r.system_text, r.user_text) for r in fake_bedrock.requests]
    assert len(sizes) == len(REAL_QUESTIONS)
    assert max(sizes) <= 600, sizes


def test_a_long_certificate_list_stays_under_600_tokens(portfolio, chat, fake_bedrock):
    """An owner with 40 certificates: "which certifications?" still sends a small prompt."""
    from datetime import date

    from certificates.models import Certificate

    Certificate.objects.bulk_create(
        Certificate(
            name=f"AWS Certified Specialty Number {n}",
            slug=f"aws-specialty-{n}",
            issuer="Amazon Web Services",
            issued_on=date(2024, 1, 1),
            order=100 + n,
        )
        for n in range(40)
    )
    from eve.services import content_version_bump

    content_version_bump()  # bulk_create sends no save signals
    body = chat("Which AWS certifications has he earned?").json()
    assert body["source"] == "model", body
    system = fake_bedrock.requests[-1].system_text
    assert estimated_tokens(system, fake_bedrock.requests[-1].user_text) <= 600
    assert "more matching certificates are listed on the site" in system
    assert len(body["citations"]) <= 12


def test_expired_certificate_is_flagged_in_the_model_context(portfolio, chat, fake_bedrock):
    """The model is told an expired certificate is expired."""
    chat("Is he a Certified Kubernetes Administrator?")
    system = fake_bedrock.requests[0].system_text
    assert "Certified Kubernetes Administrator" in system and "EXPIRED" in system


@pytest.mark.parametrize(
    ("mode", "delay", "reason"),
    [
        ("throttle", 0, "bedrock:ThrottlingException"),
        ("validation", 0, "bedrock:ValidationException"),
        ("access_denied", 0, "bedrock:AccessDeniedException"),
        ("server_error", 0, "bedrock:InternalServerException"),
        ("malformed", 0, "malformed_reply"),
        ("hang", 0, "timeout:read"),
        ("delay", 1.5, "timeout:read"),
    ],
)
def test_every_failure_degrades_to_the_knowledge_base(
    portfolio, chat, fake_bedrock, mode, delay, reason
):
    """Any Bedrock failure is a 200 knowledge-base answer with degraded: true and a logged reason."""
    fake_bedrock.set_mode(mode, delay=delay)
    response = chat("What has he built with Kubernetes?")
    assert response.status_code == 200
    body = response.json()
    assert body["degraded"] is True and body["source"] == "knowledge_base"
    assert "EKS Platform Blueprint" in body["response"]
    assert body["citations"][0]["slug"] == "eks-platform"
    assert len(fake_bedrock.requests) == 1  # the model really was tried (once: max_attempts=1)
    log = ChatLog.objects.get()
    assert log.degraded and log.fallback_reason == reason
    # Bedrock may bill a failed or timed-out call: it is settled at its estimate, not dropped.
    (request,) = fake_bedrock.requests
    estimate = input_tokens_estimate(request.system_text, request.user_text) + 400
    usage = TokenUsage.objects.get()
    assert (usage.total_tokens, usage.calls) == (estimate, 1)
    assert log.cost_usd == usage.cost_usd > 0
    fake_bedrock.set_mode("ok")
    assert chat("What has he built with Kubernetes?").json()["source"] == "model"  # not cached


def test_standard_retries_try_again_before_falling_back(portfolio, chat, fake_bedrock, settings):
    """With EVE_MAX_ATTEMPTS=2, boto3's standard mode retries a throttle once, then EVE falls back."""
    settings.EVE_MAX_ATTEMPTS = 2
    fake_bedrock.set_mode("throttle")
    assert chat("What has he built with Kubernetes?").json()["degraded"] is True
    assert len(fake_bedrock.requests) == 2
    assert ChatLog.objects.get().fallback_reason == "bedrock:ThrottlingException"


def test_unreachable_endpoint_degrades(portfolio, chat, fake_bedrock, settings):
    """Nothing listening at the endpoint: a degraded answer, logged as unreachable."""
    from harness.services import free_port

    settings.EVE_BEDROCK_ENDPOINT_URL = f"http://127.0.0.1:{free_port()}"
    body = chat("What has he built with Kubernetes?").json()
    assert body["degraded"] is True
    assert ChatLog.objects.get().fallback_reason == "unreachable"


def test_guard_canned_and_cache_make_no_model_call(portfolio, chat, fake_bedrock):
    """Blocked, canned and cached replies never reach the model."""
    assert chat("hey!!").json()["source"] == "guard"
    assert chat("What is Thabo's strongest skill?").json()["source"] == "canned"
    assert fake_bedrock.requests == []
    assert chat("Where did he study?").json()["source"] == "model"
    assert chat("where did he study").json()["source"] == "cache"
    assert len(fake_bedrock.requests) == 1


def test_nothing_relevant_costs_no_model_call(portfolio, chat, fake_bedrock):
    """With no record to ground an answer, EVE says it does not know without paying a model."""
    body = chat("What is his favourite pizza topping?").json()
    assert (
        body["source"] == "knowledge_base" and "I don't have that information" in body["response"]
    )
    assert fake_bedrock.requests == []


def test_spent_budget_answers_from_the_knowledge_base(portfolio, chat, fake_bedrock, settings):
    """Once today's tokens reach the budget, answers come from the knowledge base, free."""
    chat("What has he built with Kubernetes?")
    spent = TokenUsage.objects.get().total_tokens
    settings.EVE_DAILY_TOKEN_BUDGET = spent  # exactly used up by real usage
    body = chat("Where did he study?").json()
    assert body["source"] == "knowledge_base" and body["degraded"] is False
    assert "University of Cape Town" in body["response"]
    assert len(fake_bedrock.requests) == 1
    assert ChatLog.objects.latest("id").fallback_reason == "daily_budget_spent"
    settings.EVE_DAILY_TOKEN_BUDGET = spent + 10_000
    assert chat("Where did he study?").json()["source"] == "model"  # budget answers not cached


def test_yesterdays_usage_does_not_count(portfolio, chat, fake_bedrock, settings):
    """The budget is per UTC day."""
    import datetime as dt

    from django.utils import timezone

    yesterday = timezone.now().date() - dt.timedelta(days=1)
    TokenUsage.objects.create(day=yesterday, input_tokens=10**9, output_tokens=0, calls=1)
    assert chat("Where did he study?").json()["source"] == "model"


def test_prompt_asks_for_the_visitors_language(portfolio, chat, fake_bedrock):
    """On Bedrock the model is told to answer in the language the visitor wrote in."""
    chat("¿Qué certificaciones tiene Thabo?")
    system = fake_bedrock.requests[0].system_text
    assert "Answer in the language the visitor wrote in" in system


def test_job_description_goes_to_the_model_as_evidence_with_no_flattery(
    portfolio, chat, fake_bedrock
):
    """A pasted job description: the requirements and their evidence, and no score allowed."""
    chat(
        "Requirements: Terraform, Kubernetes with Helm, AWS Lambda and Azure DevOps. "
        "We are hiring a platform engineer. Would Thabo be a fit for this role?"
    )
    system = fake_bedrock.requests[0].system_text
    assert "do not flatter" in system and "Never give a score" in system
    assert "- Terraform: shown by fact [" in system
    assert "- Azure DevOps: not mentioned in the portfolio" in system
