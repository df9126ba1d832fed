"""Small builders for portfolio rows; each takes overrides as keyword arguments."""

from itertools import count

from portfolio.models import Experience, Profile, Project, Skill

_sequence = count(1)


def profile_create(**overrides) -> Profile:
    values = {"name": "Ada Cloud", "headline": "Cloud engineer", "location": "Cape Town"}
    return Profile.objects.create(**{**values, **overrides})


def project_create(**overrides) -> Project:
    number = next(_sequence)
    values = {
        "title": f"Project {number}",
        "slug": f"project-{number}",
        "summary": "A project.",
        "tech_stack": ["Terraform"],
        "highlights": [],
        "category": "DevOps",
    }
    return Project.objects.create(**{**values, **overrides})


def experience_create(**overrides) -> Experience:
    number = next(_sequence)
    values = {"company": f"Company {number}", "role": "Engineer", "period": "2020 – 2022"}
    return Experience.objects.create(**{**values, **overrides})


def skill_create(**overrides) -> Skill:
    number = next(_sequence)
    values = {"name": f"Skill {number}", "category": "Cloud"}
    return Skill.objects.create(**{**values, **overrides})
