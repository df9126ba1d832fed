"""Small, explicit content for the frontend's Django tests (published and unpublished rows)."""

import datetime

from certificates.models import Certificate
from eve.models import SuggestedQuestion
from portfolio.models import Experience, Profile, Project, Skill


def portfolio_content() -> dict:
    profile = Profile.objects.create(
        name="Ada Cloud",
        headline="Platform engineer · AWS · Kubernetes",
        location="Lisbon",
        bio="I build **boring** platforms.\n\n<script>alert(1)</script>",
        email="ada@example.com",
        linkedin_url="https://www.linkedin.com/in/ada",
        github_url="https://github.com/ada",
    )
    Skill.objects.create(name="Terraform", category="IaC", order=1)
    Skill.objects.create(name="Secret Skill", category="IaC", order=2, published=False)
    Experience.objects.create(company="Acme", role="SRE", period="2021 – present", order=1)
    Experience.objects.create(company="Hidden Corp", role="Ghost", period="2019", published=False)
    shown = Project.objects.create(
        title="Landing Zone",
        slug="landing-zone",
        summary="Multi-account AWS with Terraform.",
        description="Built with *care*. [Docs](https://example.com/docs) [bad](javascript:alert(1))",
        tech_stack=["Terraform", "AWS Organizations"],
        highlights=["40 accounts"],
        github_url="https://github.com/ada/lz",
        featured=True,
    )
    hidden = Project.objects.create(
        title="Draft Project", slug="draft", summary="Not ready.", featured=True, published=False
    )
    today = datetime.date.today()
    Certificate.objects.create(
        name="Old Cert",
        slug="old-cert",
        issuer="HashiCorp",
        issued_on=today - datetime.timedelta(days=800),
        expires_on=today - datetime.timedelta(days=10),
    )
    Certificate.objects.create(name="Invisible Cert", slug="invisible", published=False)
    SuggestedQuestion.objects.create(question="What does Ada build?", order=1)
    SuggestedQuestion.objects.create(question="Retired question?", order=2, active=False)
    return {"profile": profile, "project": shown, "hidden_project": hidden}
