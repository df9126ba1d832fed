"""The demo portfolio that ``manage.py seed_demo`` loads: a believable cloud engineer.

Plain data only; ``loaders.services.demo_portfolio_seed`` writes it. Dates
of certificates are relative to today so the demo never goes stale: one
certificate is deliberately expired and one is still in progress.
"""

from datetime import date, timedelta

PROFILE = {
    "name": "Jordan Reyes",
    "headline": "Cloud engineer · AWS · Kubernetes · Terraform",
    "location": "Cape Town, South Africa",
    "bio": (
        "I design and run cloud platforms that stay boring in production: serverless "
        "APIs on AWS Lambda, Kubernetes clusters on EKS, and everything described in "
        "Terraform.\n\n"
        "Before cloud I spent four years in network operations, which is why I care "
        "about observability, least privilege and runbooks that a tired person can "
        "follow at 3 a.m. Lately I build retrieval-augmented assistants on Amazon "
        "Bedrock — EVE, the assistant on this site, is one of them."
    ),
    "email": "jordan.reyes@example.com",
    "linkedin_url": "https://www.linkedin.com/in/jordan-reyes-cloud",
    "github_url": "https://github.com/jordanreyes-cloud",
    "website_url": "",
}

EXPERIENCE = [
    {
        "company": "Karoo Payments",
        "role": "Senior Cloud Engineer",
        "period": "2023 – present",
        "summary": (
            "Lead the platform team's move from hand-built EC2 fleets to EKS and Lambda. "
            "Own the Terraform modules every product team deploys with, cut monthly AWS "
            "spend by 31% with Graviton, Savings Plans and right-sizing, and run the "
            "on-call rotation's incident reviews."
        ),
    },
    {
        "company": "Fynbos Digital",
        "role": "Cloud Engineer",
        "period": "2021 – 2023",
        "summary": (
            "Built serverless back ends (API Gateway, Lambda, DynamoDB, Step Functions) for "
            "retail clients and the GitHub Actions pipelines that ship them, with "
            "preview environments per pull request."
        ),
    },
    {
        "company": "Atlantic Networks",
        "role": "Network Operations Engineer",
        "period": "2017 – 2021",
        "summary": (
            "Ran the NOC for a regional ISP: monitoring, BGP incidents, automation of "
            "router configuration with Python and Ansible. Started the company's first "
            "AWS account for internal tooling."
        ),
    },
]

SKILLS = [
    ("AWS Lambda", "Cloud"),
    ("Amazon API Gateway", "Cloud"),
    ("Amazon DynamoDB", "Cloud"),
    ("Amazon EKS", "Cloud"),
    ("Amazon Bedrock", "Cloud"),
    ("Terraform", "Infrastructure as code"),
    ("AWS CDK", "Infrastructure as code"),
    ("Kubernetes", "Containers"),
    ("Docker", "Containers"),
    ("Helm", "Containers"),
    ("GitHub Actions", "CI/CD"),
    ("Argo CD", "CI/CD"),
    ("Python", "Languages"),
    ("Go", "Languages"),
    ("Prometheus & Grafana", "Observability"),
    ("OpenTelemetry", "Observability"),
]

PROJECTS = [
    {
        "slug": "cloudforgex",
        "title": "CloudForgeX portfolio with EVE",
        "category": "AI",
        "featured": True,
        "summary": (
            "This site: a Django portfolio whose assistant, EVE, answers recruiters' "
            "questions from the portfolio itself, with Amazon Bedrock when it is switched on."
        ),
        "description": (
            "EVE filters wasteful prompts before they cost a token, answers common "
            "questions from canned replies, caches the rest and retrieves only published "
            "content as context. It deploys to **AWS Lambda with Zappa** or to "
            "**Kubernetes**, with the same code."
        ),
        "tech_stack": [
            "Django",
            "Amazon Bedrock",
            "AWS Lambda",
            "API Gateway",
            "Kubernetes",
            "Redis",
        ],
        "highlights": [
            "Guard layer blocks greetings and keyboard mash before any model call",
            "Token budget with a knowledge-base fallback keeps Bedrock spend capped",
        ],
        "github_url": "https://github.com/jordanreyes-cloud/cloudforgex",
        "live_url": "",
    },
    {
        "slug": "serverless-order-api",
        "title": "Serverless order API",
        "category": "Serverless",
        "featured": True,
        "summary": (
            "An order-processing API on API Gateway, Lambda and DynamoDB that handles "
            "Black Friday peaks without a single server to patch."
        ),
        "description": (
            "Single-table DynamoDB design, idempotent handlers keyed on client request "
            "ids, Step Functions for payment retries and EventBridge for downstream "
            "fan-out. Everything is Terraform, deployed by GitHub Actions with OIDC."
        ),
        "tech_stack": [
            "AWS Lambda",
            "API Gateway",
            "DynamoDB",
            "Step Functions",
            "EventBridge",
            "Terraform",
            "GitHub Actions",
        ],
        "highlights": [
            "Handled 4,800 requests per second at peak with p99 under 180 ms",
            "Zero long-lived AWS keys: CI assumes roles through GitHub OIDC",
        ],
        "github_url": "https://github.com/jordanreyes-cloud/serverless-order-api",
        "live_url": "",
    },
    {
        "slug": "eks-platform",
        "title": "EKS platform for product teams",
        "category": "Kubernetes",
        "featured": True,
        "summary": (
            "A paved road on Amazon EKS: one Terraform module gives a team a namespace, "
            "CI, dashboards and alerts."
        ),
        "description": (
            "Karpenter for node autoscaling, Argo CD for GitOps, External Secrets for "
            "AWS Secrets Manager, and Prometheus/Grafana with SLO-based alerts. Teams "
            "onboard with a pull request."
        ),
        "tech_stack": [
            "Kubernetes",
            "Amazon EKS",
            "Terraform",
            "Helm",
            "Argo CD",
            "Karpenter",
            "Prometheus",
        ],
        "highlights": [
            "Onboarding a new service went from two weeks to one afternoon",
            "Node costs down 38% after moving to Karpenter and Graviton",
        ],
        "github_url": "https://github.com/jordanreyes-cloud/eks-platform",
        "live_url": "",
    },
    {
        "slug": "terraform-landing-zone",
        "title": "Multi-account landing zone",
        "category": "Infrastructure as code",
        "featured": False,
        "summary": ("AWS Organizations, SSO and guardrails in Terraform for a 40-account estate."),
        "description": (
            "Service control policies, centralised CloudTrail and Config, a shared VPC "
            "with Transit Gateway, and account vending through a pull request."
        ),
        "tech_stack": [
            "Terraform",
            "AWS Organizations",
            "IAM Identity Center",
            "Transit Gateway",
            "GitHub Actions",
        ],
        "highlights": [
            "New accounts vended in 12 minutes with guardrails already applied",
            "Passed the external security audit with no high findings",
        ],
        "github_url": "https://github.com/jordanreyes-cloud/landing-zone",
        "live_url": "",
    },
    {
        "slug": "bedrock-docs-assistant",
        "title": "Bedrock documentation assistant",
        "category": "AI",
        "featured": False,
        "summary": (
            "A retrieval-augmented assistant that answers engineers' questions from "
            "internal runbooks, with citations."
        ),
        "description": (
            "Runbooks are chunked and embedded with Titan embeddings into OpenSearch "
            "Serverless; answers come from Claude on Bedrock with the sources linked."
        ),
        "tech_stack": ["Amazon Bedrock", "AWS Lambda", "OpenSearch Serverless", "Python"],
        "highlights": ["Cut repeat questions in the platform channel by about half"],
        "github_url": "",
        "live_url": "https://docs-assistant.example.com",
    },
    {
        "slug": "cost-watchdog",
        "title": "Cost watchdog",
        "category": "FinOps",
        "featured": False,
        "summary": (
            "A scheduled Lambda that reads Cost Explorer and posts anomalies and idle "
            "resources to Slack every morning."
        ),
        "description": (
            "Flags unattached EBS volumes, idle NAT gateways and runaway Lambda "
            "concurrency, with a one-click link to the resource."
        ),
        "tech_stack": ["AWS Lambda", "EventBridge", "Cost Explorer", "Python", "Terraform"],
        "highlights": ["Found R38,000 a month of idle resources in its first week"],
        "github_url": "https://github.com/jordanreyes-cloud/cost-watchdog",
        "live_url": "",
    },
    {
        "slug": "ci-preview-environments",
        "title": "Preview environments per pull request",
        "category": "DevOps",
        "featured": False,
        "summary": (
            "GitHub Actions workflows that spin up a full stack for every pull request "
            "and tear it down on merge."
        ),
        "description": (
            "Ephemeral namespaces on EKS with seeded databases, a comment on the PR with "
            "the preview URL, and a nightly sweeper for anything left behind."
        ),
        "tech_stack": ["GitHub Actions", "Kubernetes", "Helm", "Docker"],
        "highlights": ["Reviewers click a link instead of checking out a branch"],
        "github_url": "https://github.com/jordanreyes-cloud/preview-environments",
        "live_url": "",
    },
]

KNOWLEDGE = [
    (
        "Education",
        "BSc in Computer Science from the University of Cape Town (2016), with a final-year project on network anomaly detection.",
        ["education", "degree", "university", "study"],
    ),
    (
        "Years of experience",
        "Nine years in IT: four in network operations, then five in cloud engineering on AWS.",
        ["experience", "years", "seniority"],
    ),
    (
        "Availability",
        "Open to senior cloud or platform engineering roles, remote or hybrid in Cape Town. Notice period is one month.",
        ["availability", "hiring", "notice", "remote", "job"],
    ),
    (
        "Career goals",
        "Growing into a principal platform engineer role: building paved roads that make the secure, cheap path the easy one for product teams.",
        ["goals", "career", "future", "ambition"],
    ),
    (
        "Currently learning",
        "Preparing for the AWS Solutions Architect – Professional exam and experimenting with Bedrock Agents and Karpenter's consolidation policies.",
        ["learning", "studying", "certification", "next"],
    ),
    (
        "Working style",
        "Writes things down: design docs before code, runbooks after incidents, and blameless reviews. Prefers small pull requests and boring technology.",
        ["working style", "team", "culture", "collaboration"],
    ),
    (
        "Cost optimisation",
        "Regularly cuts AWS bills by 25–40% through Graviton, Savings Plans, right-sizing, S3 lifecycle rules and deleting idle resources; built the Cost watchdog project for this.",
        ["cost", "finops", "savings", "budget"],
    ),
    (
        "Security practice",
        "Least-privilege IAM, no long-lived keys (OIDC for CI), SCP guardrails, encryption by default and secrets in AWS Secrets Manager.",
        ["security", "iam", "compliance", "secrets"],
    ),
    (
        "Incident response",
        "Has led incident response for payment outages; introduced SLOs, error budgets and a weekly on-call review at Karoo Payments.",
        ["incident", "on-call", "sre", "reliability", "slo"],
    ),
    (
        "Languages spoken",
        "English and Afrikaans fluently, conversational Spanish.",
        ["languages", "english", "spanish", "afrikaans"],
    ),
    (
        "Contact",
        "The quickest way to reach Jordan is email at jordan.reyes@example.com or a message on LinkedIn.",
        ["contact", "email", "reach", "linkedin"],
    ),
    (
        "Speaking and community",
        "Co-organises the Cape Town AWS User Group and spoke at a regional DevOps conference about preview environments.",
        ["community", "talks", "speaking", "meetup"],
    ),
]

# Six chips with canned answers that cannot go stale (no certificate or
# project named: those expire or get unpublished), then questions EVE answers
# by retrieval from the live, published content.
SUGGESTED_QUESTIONS = [
    (
        "What does Jordan do?",
        "Jordan is a **cloud engineer** in Cape Town who builds serverless APIs on AWS "
        "Lambda, runs Kubernetes platforms on EKS and describes everything in "
        "**Terraform**. See the [projects](/#projects) for examples.",
    ),
    (
        "Is Jordan open to new roles?",
        "Yes: senior cloud or platform engineering roles, **remote or hybrid in Cape "
        "Town**, with a one-month notice period. Email jordan.reyes@example.com.",
    ),
    (
        "Where is Jordan based?",
        "In **Cape Town, South Africa** (SAST, UTC+2), working remotely or hybrid.",
    ),
    (
        "How can I contact Jordan?",
        "Email **jordan.reyes@example.com** or send a message on "
        "[LinkedIn](https://www.linkedin.com/in/jordan-reyes-cloud). The "
        "[contact section](/#contact) also links the résumé.",
    ),
    (
        "How does Jordan like to work?",
        "Jordan writes things down: **design docs** before code, **runbooks** after "
        "incidents and blameless reviews. Small pull requests and boring technology.",
    ),
    (
        "How was this site built?",
        "With **Django** and a small assistant called EVE that answers only from this "
        "portfolio's content: through **Amazon Bedrock** when the site is set up for "
        "it, otherwise straight from its knowledge base, with no model call. It deploys "
        "to AWS Lambda with Zappa or to Kubernetes.",
    ),
    ("Which AWS certifications does Jordan hold?", ""),
    ("Tell me about Jordan's Kubernetes experience.", ""),
    ("What is Jordan's strongest project?", ""),
]


def certificates(*, today: date) -> list[dict]:
    """The demo certificates; ``file`` says whether a PDF is generated for it."""

    def years_ago(years: float) -> date:
        return today - timedelta(days=int(365 * years))

    return [
        {
            "slug": "aws-solutions-architect-associate",
            "name": "AWS Certified Solutions Architect – Associate",
            "issuer": "Amazon Web Services",
            "status": "earned",
            "issued_on": years_ago(1.2),
            "expires_on": years_ago(1.2) + timedelta(days=3 * 365),
            "credential_id": "AWS-SAA-7F3K2Q9",
            "verify_url": "https://aws.amazon.com/verification",
            "file": True,
        },
        {
            "slug": "aws-developer-associate",
            "name": "AWS Certified Developer – Associate",
            "issuer": "Amazon Web Services",
            "status": "earned",
            "issued_on": years_ago(0.6),
            "expires_on": years_ago(0.6) + timedelta(days=3 * 365),
            "credential_id": "AWS-DVA-2M8P4X1",
            "verify_url": "https://aws.amazon.com/verification",
            "file": True,
        },
        {
            "slug": "terraform-associate",
            "name": "HashiCorp Certified: Terraform Associate (003)",
            "issuer": "HashiCorp",
            "status": "earned",
            "issued_on": years_ago(1.6),
            "expires_on": years_ago(1.6) + timedelta(days=2 * 365),
            "credential_id": "HC-TA-58213",
            "verify_url": "https://www.credly.com/org/hashicorp",
            "file": True,
        },
        {
            "slug": "certified-kubernetes-administrator",
            "name": "Certified Kubernetes Administrator (CKA)",
            "issuer": "The Linux Foundation",
            "status": "earned",
            "issued_on": years_ago(3.5),
            "expires_on": years_ago(0.5),  # expired: kept to show how expiry looks
            "credential_id": "LF-CKA-1940-2210",
            "verify_url": "https://training.linuxfoundation.org/certification/verify/",
            "file": True,
        },
        {
            "slug": "aws-solutions-architect-professional",
            "name": "AWS Certified Solutions Architect – Professional",
            "issuer": "Amazon Web Services",
            "status": "in_progress",
            "issued_on": None,
            "expires_on": None,
            "credential_id": "",
            "verify_url": "",
            "file": False,
        },
    ]
