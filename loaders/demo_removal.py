"""``manage.py remove_demo``: take the demo portfolio out, leave the owner's own content.

A row is the demo's when it sits at a demo row's natural key (slug, title,
question, company + role, name + category) and still says what the demo seed
wrote there, compared on the fields the demo fills. A row the owner created
(no demo key) is never looked at; a demo row the owner edited (any compared
field differs) is kept, and the report names it and the fields that differ.
Order, published and featured flags are not compared: reordering or hiding a
demo row is not making it your own.

Files count as fields: a certificate PDF or a profile résumé that is not the
PDF the demo seed renders for that row (compared by content hash) is the
owner's upload, so the row and the file are kept and the report says so.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from certificates.selectors import certificate_find
from certificates.services import certificate_delete
from cloudforgex.rows import file_present
from eve.selectors import knowledge_entry_find, suggested_question_find
from eve.services import knowledge_row_delete
from loaders import demo
from loaders.services import certificate_demo_pdf, demo_resume_pdf
from portfolio.exceptions import ProfileNotFound
from portfolio.selectors import experience_find, profile_get, project_find, skill_find
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


_Finder = Callable[[], models.Model | None]


def _demo_rows() -> list[tuple[str, str, _Finder, dict]]:
    """(kind, label, finder of the row at the demo's natural key, demo values) per demo row.

    Rows are read through each app's selectors and deleted through its services.
    """
    rows: list[tuple[str, str, _Finder, dict]] = []
    for item in demo.EXPERIENCE:
        company, role = item["company"], item["role"]
        rows.append(
            (
                "experience",
                f"{role} at {company}",
                lambda company=company, role=role: experience_find(company=company, role=role),
                {"period": item["period"], "summary": item["summary"]},
            )
        )
    for name, category in demo.SKILLS:
        rows.append(
            (
                "skills",
                name,
                lambda name=name, category=category: skill_find(name=name, category=category),
                {},
            )
        )
    for item in demo.PROJECTS:
        values = {name: item.get(name, "") for name in _PROJECT_FIELDS}
        slug = item["slug"]
        rows.append(("projects", slug, lambda slug=slug: project_find(slug=slug), values))
    for title, body, tags in demo.KNOWLEDGE:
        rows.append(
            (
                "knowledge entries",
                title,
                lambda title=title: knowledge_entry_find(title=title),
                {"body": body, "tags": tags},
            )
        )
    for question, answer in demo.SUGGESTED_QUESTIONS:
        rows.append(
            (
                "suggested questions",
                question,
                lambda question=question: suggested_question_find(question=question),
                {"answer": answer},
            )
        )
    # Dates move with the day the demo was seeded, so they are not compared.
    for item in demo.certificates(today=timezone.localdate()):
        values = {name: item[name] for name in _CERTIFICATE_FIELDS}
        slug = item["slug"]
        rows.append(("certificates", slug, lambda slug=slug: certificate_find(slug=slug), values))
    return rows


def _differences(row: models.Model, values: dict) -> list[str]:
    return [name for name, value in values.items() if getattr(row, name) != value]


def _file_is_demo(file: FieldFile, demo_pdf: Callable[[], bytes] | None) -> bool:
    """True when the stored file is the PDF the demo seed generates (or there is none to lose).

    ``demo_pdf`` renders the demo's file for this row (None: the demo stores no
    file here). Anything else in storage is an upload of the owner's: the row
    and its file are kept. The demo PDF is deterministic for a row's fields, so
    a content hash decides.
    """
    if not file_present(file):
        return True
    if demo_pdf is None:
        return False
    with file.storage.open(file.name, "rb") as stored:
        stored_hash = hashlib.file_digest(stored, "sha256").digest()
    return stored_hash == hashlib.sha256(demo_pdf()).digest()


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
    try:
        profile = profile_get()
    except ProfileNotFound:
        return
    differences = _differences(profile, demo.PROFILE)
    if getattr(profile, "photo", None):
        differences.append("photo")
    # Only compared once the fields match: the demo résumé is rendered from them.
    if not differences and not _file_is_demo(
        profile.resume, lambda: demo_resume_pdf(profile=profile)
    ):
        differences.append("résumé (not the demo's PDF)")
    if differences:
        result.kept.append(_kept("profile", profile.name, differences))
        return
    result.count("profile")
    if dry_run:
        result.files += [profile.resume.name] if profile.resume else []
    else:
        result.files += profile_delete(profile=profile)


def _row_remove(kind: str, row: models.Model, *, dry_run: bool, result: DemoRemoval) -> None:
    if kind == "certificates":
        if row.file:
            result.files.append(row.file.name)
        if not dry_run:
            certificate_delete(certificate=row)
    elif not dry_run:
        if kind in ("knowledge entries", "suggested questions"):
            knowledge_row_delete(row=row)
        else:
            portfolio_row_delete(row=row)


def _demo_pdf_of(certificate: models.Model, slug: str) -> Callable[[], bytes] | None:
    """How the demo renders this certificate's PDF, or None when the demo gives it no file."""
    wants_file = any(
        item["slug"] == slug and item["file"]
        for item in demo.certificates(today=timezone.localdate())
    )
    return (lambda: certificate_demo_pdf(certificate=certificate)) if wants_file else None


def demo_remove(*, dry_run: bool = False) -> DemoRemoval:
    """Remove the demo rows (and their PDFs) that still read as the demo wrote them.

    With ``dry_run`` nothing is deleted; the result says what would be.
    """
    result = DemoRemoval()
    with transaction.atomic():
        _profile_remove(result, dry_run=dry_run)
        for kind, label, find, values in _demo_rows():
            row = find()
            if row is None:
                continue
            differences = _differences(row, values)
            if kind == "certificates" and not _file_is_demo(row.file, _demo_pdf_of(row, label)):
                differences.append("file (not the demo's PDF)")
            if differences:
                result.kept.append(_kept(kind, label, differences))
                continue
            _row_remove(kind, row, dry_run=dry_run, result=result)
            result.count(kind)
    return result
