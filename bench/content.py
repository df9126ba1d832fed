"""A deterministic portfolio of any size, for benchmarks and the live-server tests.

``load_content(records=500)`` writes a profile, experience, skills, projects,
knowledge entries, certificates (with small real PDFs) and suggested questions
with canned answers, through the ORM, so EVE's retrieval and the API work over
a realistic amount of content. Run it inside a configured Django process, or
``python -m bench.content --records 500`` with DATABASE_URL set.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass

TECH = [
    "AWS",
    "Terraform",
    "Kubernetes",
    "Docker",
    "Python",
    "Django",
    "Lambda",
    "S3",
    "DynamoDB",
    "PostgreSQL",
    "Redis",
    "GitHub Actions",
    "Prometheus",
    "Grafana",
    "Helm",
    "ArgoCD",
    "CloudFormation",
    "Bedrock",
    "API Gateway",
    "CloudFront",
    "Go",
    "Bash",
    "Ansible",
    "EKS",
    "ECS",
    "Fargate",
    "SQS",
    "SNS",
    "Step Functions",
    "VPC",
]
THEMES = [
    "serverless image pipeline",
    "multi-account landing zone",
    "GitOps delivery platform",
    "cost-aware autoscaling",
    "observability stack",
    "zero-downtime database migration",
    "event-driven order system",
    "static site with edge caching",
    "chaos engineering lab",
    "secrets rotation service",
    "log analytics lake",
    "blue/green release tooling",
]
TOPICS = [
    "Education",
    "Career goals",
    "Availability",
    "Remote work",
    "Languages spoken",
    "Mentoring",
    "On-call practice",
    "Incident response",
    "Cost optimisation",
    "Security",
    "Team leadership",
    "Open source",
    "Public speaking",
    "Hobbies",
    "Relocation",
]

CANNED = [
    (
        "What are his strongest skills?",
        "He is strongest in **AWS**, **Terraform** and **Kubernetes**.",
    ),
    (
        "Is he available for work?",
        "Yes — he is open to cloud engineering roles. See the contact section.",
    ),
    ("Where is he based?", "He is based in Cape Town and works remotely across time zones."),
]

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class ContentInfo:
    records: int
    canned_question: str
    project_slug: str
    certificate_slug: str
    real_questions: tuple[str, ...]


def _sentence(rng: random.Random, theme: str, stack: list[str]) -> str:
    verbs = ["designed", "built", "automated", "hardened", "migrated", "scaled", "operated"]
    results = [
        "cut monthly cost by 38%",
        "reduced deploy time from hours to minutes",
        "reached 99.95% availability",
        "removed every long-lived credential",
        "halved p99 latency",
        "made rollbacks a one-click operation",
    ]
    return f"He {rng.choice(verbs)} a {theme} using {', '.join(stack)} and {rng.choice(results)}."


def load_content(*, records: int = 500, seed: int = 7, with_files: bool = True) -> ContentInfo:
    """Create ``records`` visible records (projects, knowledge, certificates) plus the rest."""
    from django.core.files.base import ContentFile
    from django.db import transaction

    from certificates.models import Certificate
    from eve.models import KnowledgeEntry, SuggestedQuestion
    from portfolio.models import Experience, Profile, Project, Skill

    rng = random.Random(seed)
    n_certs = max(1, records // 10)
    n_projects = max(1, (records - n_certs) * 2 // 5)
    n_knowledge = max(1, records - n_certs - n_projects)
    with transaction.atomic():
        if not Profile.objects.exists():
            Profile.objects.create(
                name="Alex Mokoena",
                headline="Cloud engineer · AWS · Kubernetes",
                location="Cape Town, South Africa",
                bio="Alex builds reliable, cost-aware cloud platforms on AWS with Terraform.",
                email="alex@example.com",
                github_url="https://github.com/example",
            )
        for i, company in enumerate(["Acme Cloud", "Blue Harbour", "Stackwise"]):
            Experience.objects.get_or_create(
                company=company,
                defaults={
                    "role": "Cloud Engineer",
                    "period": f"{2018 + 2 * i} – {2020 + 2 * i}",
                    "summary": f"Ran AWS platforms for {company}.",
                    "order": i,
                },
            )
        for i, name in enumerate(TECH):
            Skill.objects.get_or_create(name=name, defaults={"category": "Cloud", "order": i})
        for i in range(n_projects):
            theme = THEMES[i % len(THEMES)]
            stack = rng.sample(TECH, 4)
            Project.objects.update_or_create(
                slug=f"project-{i}",
                defaults={
                    "title": f"{theme.title()} #{i}",
                    "summary": _sentence(rng, theme, stack)[:200],
                    "description": " ".join(_sentence(rng, theme, stack) for _ in range(4)),
                    "tech_stack": stack,
                    "highlights": [_sentence(rng, theme, stack) for _ in range(2)],
                    "category": rng.choice(["Serverless", "DevOps", "Data", "Security"]),
                    "github_url": f"https://github.com/example/project-{i}",
                    "featured": i < 6,
                    "order": i,
                    "published": True,
                },
            )
        for i in range(n_knowledge):
            topic = TOPICS[i % len(TOPICS)]
            KnowledgeEntry.objects.update_or_create(
                title=f"{topic} ({i})",
                defaults={
                    "body": " ".join(
                        _sentence(rng, rng.choice(THEMES), rng.sample(TECH, 3)) for _ in range(3)
                    ),
                    "tags": [topic.lower(), *rng.sample(TECH, 2)],
                    "order": i,
                    "published": True,
                },
            )
        for i in range(n_certs):
            cert, _created = Certificate.objects.update_or_create(
                slug=f"certificate-{i}",
                defaults={
                    "name": f"AWS Certified {rng.choice(['Solutions Architect', 'Developer', 'SysOps'])} {i}",
                    "issuer": "Amazon Web Services",
                    "credential_id": f"AWS-{i:05d}",
                    "verify_url": "https://example.com/verify",
                    "published": True,
                    "order": i,
                },
            )
            if cert.file:
                continue
            if with_files:
                cert.file.save(f"certificate-{i}.pdf", ContentFile(PDF_BYTES), save=True)
            else:  # a reference only: presigning an S3 key needs no upload (and no network)
                cert.file.name = f"certificates/certificate-{i}.pdf"
                cert.save(update_fields=["file"])
        for i, (question, answer) in enumerate(CANNED):
            SuggestedQuestion.objects.update_or_create(
                question=question, defaults={"answer": answer, "order": i, "active": True}
            )
    return ContentInfo(
        records=n_projects + n_knowledge + n_certs,
        canned_question=CANNED[0][0],
        project_slug="project-0",
        certificate_slug="certificate-0",
        real_questions=tuple(REAL_QUESTIONS),
    )


REAL_QUESTIONS = [
    "What Terraform projects has he built?",
    "Has he worked with Kubernetes in production?",
    "Tell me about his serverless experience on AWS Lambda.",
    "Which AWS certifications does he hold?",
    "How did he reduce cloud costs?",
    "What observability tools does he use?",
    "Has he done database migrations without downtime?",
    "What is his experience with GitHub Actions and CI/CD?",
    "Does he know Python and Django?",
    "What did he do at Acme Cloud?",
    "Has he used Amazon Bedrock or other AI services?",
    "How does he approach security and secrets management?",
    "Which projects use DynamoDB?",
    "Can he lead a platform team?",
    "What is his education background?",
    "Tell me about the GitOps delivery platform.",
    "Has he built event-driven systems with SQS and SNS?",
    "What is his experience with Helm and ArgoCD?",
    "Is he open to remote work?",
    "How does he handle incident response and on-call?",
]


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description="Load the benchmark portfolio.")
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--no-files", action="store_true")
    args = parser.parse_args()
    django.setup()
    info = load_content(records=args.records, with_files=not args.no_files)
    print(f"loaded {info.records} records")


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudforgex.settings")
    main()
