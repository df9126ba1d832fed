"""``manage.py remove_demo``: take the demo portfolio out, leave the owner's own content.

A row is the demo's when it sits at a demo row's natural key (slug, title,
question, company + role, name + category) and still says what the demo seed
wrote there, compared on the fields the demo fills. A row the owner created
(no demo key) is never looked at; a demo row the owner edited (any compared
field differs) is kept, and the report names it and the fields that differ.
Order, published and featured flags are not compared: reordering or hiding a
demo row is not making it your own.
"""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import certificate_delete
from eve.models import KnowledgeEntry, SuggestedQuestion
from eve.services import knowledge_row_delete
from loaders import demo
from portfolio.models import Experience, Profile, Project, Skill
from portfolio.services import portfolio_row_delete, profile_delete

_PROJECT_FIELDS = (
    "title",
    "summary",
    "description",
    "tech_stack",
    "highlights",
    "category",
    "github_url",
    "live_url",
)
_CERTIFICATE_FIELDS = ("name", "issuer", "status", "credential_id", "verify_url")


@dataclass
class DemoRemoval:
    """What remove_demo did (or, for a dry run, would do)."""

    removed: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)  # one sentence per kept demo row
    files: list[str] = field(default_factory=list)

    def count(self, kind: str) -> None:
        self.removed[kind] = self.removed.get(kind, 0) + 1


def _demo_rows() -> list[tuple[str, str, type[models.Model], dict, dict]]:
    """(kind, label, model, natural key, demo values) for every row the demo seed writes."""
    rows = []
    for item in demo.EXPERIENCE:
        key = {"company": item["company"], "role": item["role"]}
        values = {"period": item["period"], "summary": item["summary"]}
        rows.append(("experience", f"{item['role']} at {item['company']}", Experience, key, values))
    for name, category in demo.SKILLS:
        rows.append(("skills", name, Skill, {"name": name, "category": category}, {}))
    for item in demo.PROJECTS:
        values = {name: item.get(name, "") for name in _PROJECT_FIELDS}
        rows.append(("projects", item["slug"], Project, {"slug": item["slug"]}, values))
    for title, body, tags in demo.KNOWLEDGE:
        rows.append(
            (
                "knowledge entries",
                title,
                KnowledgeEntry,
                {"title": title},
                {"body": body, "tags": tags},
            )
        )
    for question, answer in demo.SUGGESTED_QUESTIONS:
        rows.append(
            (
                "suggested questions",
                question,
                SuggestedQuestion,
                {"question": question},
                {"answer": answer},
            )
        )
    # Dates move with the day the demo was seeded, so they are not compared.
    for item in demo.certificates(today=timezone.localdate()):
        values = {name: item[name] for name in _CERTIFICATE_FIELDS}
        rows.append(("certificates", item["slug"], Certificate, {"slug": item["slug"]}, values))
    return rows


def _differences(row: models.Model, values: dict) -> list[str]:
    return [name for name, value in values.items() if getattr(row, name) != value]


_SINGULAR = {
    "skills": "skill",
    "projects": "project",
    "knowledge entries": "knowledge entry",
    "suggested questions": "suggested question",
    "certificates": "certificate",
}


def _kept(kind: str, label: str, differences: list[str]) -> str:
    noun = _SINGULAR.get(kind, kind)
    return f'{noun} "{label}": {", ".join(differences)} changed since the demo was loaded'


def _profile_remove(result: DemoRemoval, *, dry_run: bool) -> None:
    profile = Profile.objects.order_by("pk").first()
    if profile is None:
        return
    differences = _differences(profile, demo.PROFILE)
    if getattr(profile, "photo", None):
        differences.append("photo")
    if differences:
        result.kept.append(_kept("profile", profile.name, differences))
        return
    result.count("profile")
    if dry_run:
        result.files += [profile.resume.name] if profile.resume else []
    else:
        result.files += profile_delete(profile=profile)


def _row_remove(row: models.Model, *, dry_run: bool, result: DemoRemoval) -> None:
    if isinstance(row, Certificate):
        if row.file:
            result.files.append(row.file.name)
        if not dry_run:
            certificate_delete(certificate=row)
    elif not dry_run:
        if isinstance(row, KnowledgeEntry | SuggestedQuestion):
            knowledge_row_delete(row=row)
        else:
            portfolio_row_delete(row=row)


def demo_remove(*, dry_run: bool = False) -> DemoRemoval:
    """Remove the demo rows (and their PDFs) that still read as the demo wrote them.

    With ``dry_run`` nothing is deleted; the result says what would be.
    """
    result = DemoRemoval()
    with transaction.atomic():
        _profile_remove(result, dry_run=dry_run)
        for kind, label, model, key, values in _demo_rows():
            row = model._default_manager.filter(**key).order_by("pk").first()
            if row is None:
                continue
            differences = _differences(row, values)
            if differences:
                result.kept.append(_kept(kind, label, differences))
                continue
            _row_remove(row, dry_run=dry_run, result=result)
            result.count(kind)
    return result
