"""Review findings on the knowledge-base answers, through POST /api/chat/ on the demo content.

Expected facts are written from loaders/demo.py: Jordan's current role is
Senior Cloud Engineer at Karoo Payments (2023 – present); Terraform is in the
skills, several projects and the HashiCorp Terraform Associate certificate;
the serverless order API handled 4,800 requests per second at peak and is
"Everything is Terraform"; Fynbos Digital ran 2021 – 2023.
"""

from __future__ import annotations

import pytest

from loaders.services import demo_portfolio_seed
from tests.eve.conftest import CHAT_URL

DONT_KNOW = "I don't have that information"


@pytest.fixture
def demo(db):
    demo_portfolio_seed()


def ask(chat, message: str, **extra) -> dict:
    response = chat(message, **extra)
    assert response.status_code == 200, response.content
    return response.json()


def lead(body: dict) -> str:
    return body["response"].split("\n\n")[0]


# 1 ------------------------------------------- greetings and French elisions


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        ("Hi! Does Jordan know Terraform?", "Yes — "),
        ("hello, does he know AWS?", "Yes — "),
        ("Hey there, does Jordan know Terraform?", "Yes — "),
        ("Est-ce qu'il connaît Terraform ?", "Oui — "),
        ("Bonjour, est-ce qu'il connaît l'AWS ?", "Oui — "),
        ("Hola, ¿Jordan sabe Terraform?", "Sí — "),
    ],
)
def test_a_greeting_or_an_elision_is_not_a_missing_topic(demo, chat, question, opening):
    body = ask(chat, question)
    assert lead(body).startswith(opening), body["response"]
    assert "don't have anything about" not in body["response"]
    assert "quil" not in body["response"].lower()


# 4 ------------------------------------------------- "what does he do?"


@pytest.mark.parametrize(
    "question",
    [
        "ok so what does he do?",
        "¿Qué hace Jordan?",
        "Hola, ¿qué hace?",
        "Qu'est-ce qu'il fait ?",
        "Was macht er?",
        "O que o Jordan faz?",
    ],
)
def test_what_does_he_do_answers_with_the_current_role(demo, chat, question):
    body = ask(chat, question)
    assert "Senior Cloud Engineer" in lead(body), body["response"]
    assert "Karoo Payments" in lead(body)


# 2 ------------------------------------------- follow-ups answer the question


@pytest.fixture
def thread(api_client):
    """Ask questions in one conversation, in order; returns every reply body."""

    def run(*questions: str) -> list[dict]:
        bodies, conversation = [], None
        for question in questions:
            payload = {"message": question}
            if conversation:
                payload["conversation_id"] = conversation
            response = api_client.post(CHAT_URL, payload, format="json")
            assert response.status_code == 200, response.content
            bodies.append(response.json())
            conversation = bodies[-1]["conversation_id"]
        return bodies

    return run


def test_follow_up_leads_with_the_highlight_that_answers(demo, thread):
    _, body = thread("Tell me about the serverless order API", "What was its peak throughput?")
    assert body["source"] == "knowledge_base"
    assert "4,800 requests per second" in lead(body), body["response"]


def test_yes_no_follow_up_answers_from_the_projects_stack(demo, thread):
    _, yes, no = thread(
        "Tell me about the serverless order API",
        "Was it deployed with Terraform?",
        "Was it deployed with Kubernetes?",
    )
    assert lead(yes).startswith("Yes — ") and "Serverless order API" in lead(yes)
    assert lead(no).startswith("No — ") and "DynamoDB" in lead(no), no["response"]


def test_follow_up_stack_question_still_lists_the_stack(demo, thread):
    _, body = thread("Tell me about the serverless order API", "What stack did it use?")
    for part in ("AWS Lambda", "API Gateway", "DynamoDB", "Step Functions", "GitHub Actions"):
        assert part in lead(body), body["response"]


def test_how_long_was_he_there_gives_that_jobs_period(demo, thread):
    first, body = thread("Where did he work before Karoo?", "How long was he there?")
    assert "Fynbos Digital" in lead(first)
    assert "Fynbos Digital" in lead(body) and "2021 – 2023" in lead(body), body["response"]
    assert "Karoo Payments" not in body["response"]


# 3 ------------------------------------------- "Tell me about <project>"


@pytest.mark.parametrize(
    ("question", "title", "summary"),
    [
        ("Tell me about the serverless order API", "Serverless order API", "order-processing API"),
        ("Tell me about the cost watchdog", "Cost watchdog", "reads Cost Explorer"),
    ],
)
def test_tell_me_about_a_project_leads_with_that_project(demo, chat, question, title, summary):
    body = ask(chat, question)
    assert lead(body).startswith(f"**{title}:**"), body["response"]
    assert summary in lead(body)
    assert body["citations"][0]["title"] == title


# 4 ------------------------------------------- a short fit question


def test_a_fit_question_says_plainly_what_is_not_evidenced_and_what_is(demo, chat):
    body = ask(chat, "Is Jordan a good fit for a data engineer role with Spark and Airflow?")
    text = body["response"]
    assert "no evidence of Spark or Airflow" in text, text
    assert "Cloud engineer · AWS · Kubernetes · Terraform" in text  # the profile's headline
    assert "Shown in the portfolio" not in text  # neither Spark nor Airflow is anywhere
    assert DONT_KNOW not in text


def test_a_short_fit_question_with_evidenced_skills_lists_their_records(demo, chat):
    body = ask(chat, "Would he be a good match for a platform engineer job with Terraform?")
    assert "**Terraform** — " in body["response"], body["response"]


# 5 ------------------------------------------- job-description evidence


JOB_AD = """We are hiring a Senior Platform Engineer. Requirements:
- 5+ years with AWS (EKS, Lambda, IAM)
- Infrastructure as code with Terraform or Pulumi
- Strong Python or Go
- Experience with Azure is a plus"""


def test_job_evidence_is_a_record_that_names_the_requirement_itself(demo, chat):
    """ "Languages spoken" (English, Afrikaans, Spanish) is no evidence of Python."""
    text = ask(chat, JOB_AD)["response"]
    python = next(line for line in text.splitlines() if line.startswith("- **Python** — "))
    assert "Languages spoken" not in python, text
    assert "Skills" in python or "Cost watchdog" in python  # both list Python in loaders/demo.py
    assert "Pulumi" in text.split("Not mentioned in the portfolio")[1]
