"""Reads of the portfolio for the API, the site and EVE: only published rows leave here."""

import re

from django.db.models import QuerySet

from portfolio.exceptions import ProfileNotFound, ProjectNotFound
from portfolio.models import Experience, Profile, Project, Skill


def profile_get() -> Profile:
    """The site's single profile (the oldest row if the admin ever held more)."""
    profile = Profile.objects.order_by("id").first()
    if profile is None:
        raise ProfileNotFound()
    return profile


def project_list(
    *, featured: bool | None = None, category: str | None = None, tech: str | None = None
) -> QuerySet[Project]:
    """Published projects in display order, optionally filtered.

    ``category`` matches case-insensitively and exactly. ``tech`` matches whole
    words of a ``tech_stack`` item, any letter case: "lambda", "aws" and
    "aws lambda" all match "AWS Lambda", "ambd" does not (see ``tech_matches``).
    The tech match runs in Python
    over the published rows so it behaves the same on SQLite and PostgreSQL
    (JSON lookups and case folding differ between them); a portfolio holds
    tens of projects, not thousands.
    """
    projects = Project.objects.published()
    if featured is not None:
        projects = projects.filter(featured=featured)
    if category:
        projects = projects.filter(category__iexact=category.strip())
    if tech:
        matching_ids = [
            project_id
            for project_id, stack in projects.values_list("id", "tech_stack")
            if isinstance(stack, list)
            and any(tech_matches(query=tech, item=item) for item in stack)
        ]
        projects = projects.filter(id__in=matching_ids)
    return projects.order_by("order", "title")


def project_get(*, slug: str) -> Project:
    """One published project, or ProjectNotFound."""
    project = Project.objects.published().filter(slug=slug).first()
    if project is None:
        raise ProjectNotFound()
    return project


def experience_find(*, company: str, role: str) -> Experience | None:
    """The (oldest) experience row at this company and role, published or not; for the loaders."""
    return Experience.objects.filter(company=company, role=role).order_by("pk").first()


def skill_find(*, name: str, category: str) -> Skill | None:
    """The (oldest) skill of this name in this category, published or not; for the loaders."""
    return Skill.objects.filter(name=name, category=category).order_by("pk").first()


def project_find(*, slug: str) -> Project | None:
    """The project under this slug, published or not (``project_get`` is the public read)."""
    return Project.objects.filter(slug=slug).order_by("pk").first()


def experience_list() -> QuerySet[Experience]:
    """Published experience, in the owner's order."""
    return Experience.objects.published().order_by("order", "id")


def skill_list() -> QuerySet[Skill]:
    """Published skills, in the owner's order."""
    return Skill.objects.published().order_by("order", "category", "name")


def tech_matches(*, query: str, item) -> bool:
    """Whether the words of ``query`` appear, in order and whole, among the words of ``item``.

    Words are runs of letters, digits, "+" and "#" (so "C++" and "C#" stay words);
    spaces and other punctuation separate them, so "ci/cd" matches "CI/CD" and "cd"
    matches "Argo CD". Comparison ignores letter case.
    """
    wanted = _tech_words(query)
    words = _tech_words(item)
    if not wanted:
        return False
    size = len(wanted)
    return any(words[start : start + size] == wanted for start in range(len(words) - size + 1))


def _tech_words(value) -> list[str]:
    return _TECH_WORD.findall(str(value).casefold())


_TECH_WORD = re.compile(r"[\w+#]+")
