"""EVE fixtures: a representative portfolio, relaxed throttles, the fake Bedrock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from certificates.models import Certificate
from eve.models import KnowledgeEntry, SuggestedQuestion
from eve.snapshot_cache import snapshot_cache_clear
from harness.bedrock import FakeBedrock
from portfolio.models import Experience, Profile, Project, Skill

CHAT_URL = "/api/chat/"


@pytest.fixture(autouse=True)
def _fresh_snapshot(settings):
    """Each test sees its own content (the per-process snapshot is keyed by version only)."""
    settings.EVE_THROTTLE_RATES = {
        "burst": "10000/min",
        "sustained": "100000/day",
        "flood": "100000/min",
    }
    settings.EVE_PROVIDER = "knowledge_base"
    snapshot_cache_clear()
    yield
    snapshot_cache_clear()


def _date(days: int) -> dt.date:
    return timezone.now().date() + dt.timedelta(days=days)


@pytest.fixture
def portfolio(db):
    """A small but realistic portfolio, with unpublished and expired content to leak."""
    profile = Profile.objects.create(
        name="Thabo Mokoena",
        headline="Cloud engineer · AWS · Kubernetes · Terraform",
        location="Cape Town, South Africa",
        bio="Thabo builds secure, cost-aware cloud platforms and automates everything with code.",
        email="thabo@example.com",
        linkedin_url="https://www.linkedin.com/in/thabo-example",
        github_url="https://github.com/thabo-example",
    )
    Experience.objects.create(
        company="Acme Bank",
        role="Senior Cloud Engineer",
        period="2022 – present",
        summary="Runs the landing zone for 40 AWS accounts and the EKS platform.",
        order=1,
    )
    Experience.objects.create(
        company="Hoodie Labs",
        role="DevOps Engineer",
        period="2019 – 2022",
        summary="Moved a monolith to containers and built GitHub Actions pipelines.",
        order=2,
    )
    for order, (name, category) in enumerate(
        [("AWS", "Cloud"), ("Terraform", "IaC"), ("Kubernetes", "Containers"), ("Python", "Code")]
    ):
        Skill.objects.create(name=name, category=category, order=order)
    projects = {
        "serverless-resume": Project.objects.create(
            title="Serverless Resume API",
            slug="serverless-resume",
            summary="A visitor counter and résumé API on AWS Lambda, API Gateway and DynamoDB.",
            tech_stack=["AWS Lambda", "API Gateway", "DynamoDB", "Terraform"],
            highlights=["Costs under $1 a month", "Deployed by GitHub Actions"],
            category="Serverless",
            github_url="https://github.com/thabo-example/serverless-resume",
            featured=True,
            order=1,
        ),
        "eks-platform": Project.objects.create(
            title="EKS Platform Blueprint",
            slug="eks-platform",
            summary="A production Kubernetes platform on Amazon EKS with Helm and Argo CD.",
            tech_stack=["Kubernetes", "EKS", "Helm", "Argo CD", "Terraform"],
            highlights=["Zero-downtime upgrades", "Autoscaling with Karpenter"],
            category="Containers",
            order=2,
        ),
        "spam-shield": Project.objects.create(
            title="Spam Shield",
            slug="spam-shield",
            summary="Email spam filtering with Amazon SES, Lambda and a small classifier.",
            tech_stack=["Amazon SES", "AWS Lambda", "Python"],
            highlights=["Blocks 98% of spam"],
            category="Security",
            order=3,
        ),
        "secret-project": Project.objects.create(
            title="Quantum Ledger Secret",
            slug="secret-project",
            summary="An unpublished quantum ledger prototype in Rust.",
            tech_stack=["Rust", "Quantum"],
            published=False,
        ),
    }
    certificates = {
        "saa": Certificate.objects.create(
            name="AWS Certified Solutions Architect – Associate",
            slug="aws-saa",
            issuer="Amazon Web Services",
            issued_on=_date(-400),
            expires_on=_date(700),
            verify_url="https://www.credly.com/badges/example-saa",
        ),
        "cka": Certificate.objects.create(
            name="Certified Kubernetes Administrator",
            slug="cka",
            issuer="The Linux Foundation",
            issued_on=_date(-1200),
            expires_on=_date(-30),
        ),
        "hidden": Certificate.objects.create(
            name="Oracle Hidden Database Certificate",
            slug="oracle-hidden",
            issuer="Oracle",
            published=False,
        ),
    }
    entries = {
        "education": KnowledgeEntry.objects.create(
            title="Education",
            body="BSc Computer Science from the University of Cape Town, 2018.",
            tags=["degree", "university", "studies"],
        ),
        "availability": KnowledgeEntry.objects.create(
            title="Availability",
            body="Open to remote roles worldwide; can relocate within Europe; one month notice.",
            tags=["remote", "relocation", "notice period", "hire"],
        ),
        "private": KnowledgeEntry.objects.create(
            title="Salary expectations",
            body="Private note: expects a zebra-striped salary of 999 gold coins.",
            tags=["salary"],
            published=False,
        ),
    }
    SuggestedQuestion.objects.create(
        question="What is Thabo's strongest skill?",
        answer="Designing **secure AWS platforms** with Terraform.",
        order=1,
    )
    SuggestedQuestion.objects.create(question="Which projects use Kubernetes?", order=2)
    return {
        "profile": profile,
        "projects": projects,
        "certificates": certificates,
        "entries": entries,
    }


@pytest.fixture
def owner(client, django_user_model):
    """The test client, logged in as the site's owner (a superuser)."""
    user = django_user_model.objects.create_superuser("owner", "owner@example.com", "pw-123456")
    client.force_login(user)
    return client


@pytest.fixture
def chat(api_client):
    """POST a message to the chat endpoint; returns the DRF response."""

    def send(message, *, path=CHAT_URL, **extra):
        return api_client.post(path, {"message": message}, format="json", **extra)

    return send


@pytest.fixture
def fake_bedrock(settings, monkeypatch):
    """The real bedrock provider, talking to a fake Bedrock over HTTP on 127.0.0.1."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with FakeBedrock(hang_seconds=5) as server:
        settings.EVE_PROVIDER = "bedrock"
        settings.EVE_BEDROCK_ENDPOINT_URL = server.url
        settings.EVE_MODEL_ID = "eu.anthropic.claude-haiku-4-5-20251001-v1:0"
        settings.EVE_MAX_ATTEMPTS = 1
        settings.EVE_CONNECT_TIMEOUT = 1.0
        settings.EVE_READ_TIMEOUT = 0.5
        yield server
