"""The loaders: the demo seed, the CloudForgeX importer and the demo admin.

Both loaders write rows keyed on natural keys (slug, title, question,
company + period), so running them again adds no duplicates: the importer
updates the rows it matches, the demo seed only creates missing rows (unless
asked to reset them). They fill the portfolio, EVE's knowledge base and the
certificates at once, since the demo and the original file describe all three
apps; every write goes through that app's own services.
"""

from dataclasses import dataclass, field
from datetime import date

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import certificate_file_save, certificate_write
from cloudforgex.rows import file_present
from eve.services import knowledge_entry_write, suggested_question_write
from loaders import demo
from loaders.exceptions import DemoSeedRefused
from loaders.importer import ParsedImport, import_document_parse
from loaders.pdf import PdfLine, pdf_document_render
from portfolio.exceptions import ProfileNotFound
from portfolio.models import Profile
from portfolio.selectors import profile_get
from portfolio.services import (
    experience_write,
    profile_resume_save,
    profile_write,
    project_feature,
    project_write,
    skill_write,
)

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "cloudforgex-demo"  # noqa: S105 - documented demo login, DEBUG only


@dataclass
class WriteSummary:
    """How many rows each loader created and updated, per kind of content."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    # Existing rows whose fields the file does not define were left as they were.
    kept: list[str] = field(default_factory=list)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1

    def describe(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated))
        return ", ".join(
            f"{kind}: {self.created.get(kind, 0)} new, {self.updated.get(kind, 0)} existing"
            for kind in kinds
        )


# ------------------------------------------------------------------ demo seed


@transaction.atomic
def demo_portfolio_seed(*, today: date | None = None, reset: bool = False) -> WriteSummary:
    """Load the complete demo portfolio (profile, experience, skills, projects, EVE, certificates).

    By default only missing rows are created (matched on their natural keys) and
    existing rows are left exactly as the owner edited them. ``reset=True``
    writes the demo content over the matching rows again (and republishes them).
    """
    today = today or timezone.localdate()
    summary = WriteSummary()
    profile, created = profile_write(values=demo.PROFILE, overwrite=reset)
    summary.count("profile", created)
    if created or reset:
        _demo_resume_seed(profile)
    for index, item in enumerate(demo.EXPERIENCE):
        _, created = experience_write(
            lookup={"company": item["company"], "role": item["role"]},
            values={**item, "order": index * 10, "published": True},
            overwrite=reset,
        )
        summary.count("experience", created)
    for index, (name, category) in enumerate(demo.SKILLS):
        _, created = skill_write(
            lookup={"name": name, "category": category},
            values={"order": index * 10, "published": True},
            overwrite=reset,
        )
        summary.count("skills", created)
    for index, item in enumerate(demo.PROJECTS):
        values = {key: value for key, value in item.items() if key != "slug"}
        _, created = project_write(
            lookup={"slug": item["slug"]},
            values={**values, "order": index * 10, "published": True},
            overwrite=reset,
        )
        summary.count("projects", created)
    _demo_eve_seed(summary, overwrite=reset)
    for index, item in enumerate(demo.certificates(today=today)):
        summary.count("certificates", _demo_certificate_seed(item, order=index * 10, reset=reset))
    return summary


def _demo_eve_seed(summary: WriteSummary, *, overwrite: bool = True) -> None:
    for index, (title, body, tags) in enumerate(demo.KNOWLEDGE):
        _, created = knowledge_entry_write(
            lookup={"title": title},
            values={"body": body, "tags": tags, "order": index * 10, "published": True},
            overwrite=overwrite,
        )
        summary.count("knowledge entries", created)
    for index, (question, answer) in enumerate(demo.SUGGESTED_QUESTIONS):
        _, created = suggested_question_write(
            lookup={"question": question},
            values={"answer": answer, "order": index * 10, "active": True},
            overwrite=overwrite,
        )
        summary.count("suggested questions", created)


def _demo_certificate_seed(item: dict, *, order: int, reset: bool = False) -> bool:
    wants_file = item["file"]
    values = {key: value for key, value in item.items() if key not in ("slug", "file")}
    certificate, created = certificate_write(
        lookup={"slug": item["slug"]},
        values={**values, "order": order, "published": True},
        overwrite=reset,
    )
    # A PDF only for a new certificate (or on reset), and only when none is stored:
    # re-seeding leaves no orphan files and never re-attaches a file the owner removed.
    if wants_file and (created or reset) and not file_present(certificate.file):
        certificate_file_save(
            certificate=certificate,
            name=f"{certificate.slug}.pdf",
            content=certificate_demo_pdf(certificate=certificate),
        )
    return created


def _demo_resume_seed(profile: Profile) -> None:
    """Give the demo profile a one-page PDF résumé (only if it has none)."""
    if file_present(profile.resume):
        return
    profile_resume_save(
        profile=profile, name="resume.pdf", content=demo_resume_pdf(profile=profile)
    )


def demo_resume_pdf(*, profile: Profile) -> bytes:
    """The demo's one-page résumé for this profile (remove_demo compares stored files with it)."""
    lines = [
        PdfLine(profile.name, size=28, bold=True, gap_before=10),
        PdfLine(profile.headline, size=14, gap_before=12),
        PdfLine(profile.location, size=12, gap_before=8),
    ]
    for item in demo.EXPERIENCE:
        lines.append(
            PdfLine(f"{item['role']}, {item['company']} ({item['period']})", gap_before=22)
        )
    lines.append(PdfLine("Demo document generated by CloudForgeX", size=9, gap_before=30))
    return pdf_document_render(title=f"{profile.name} - résumé", lines=lines, author=profile.name)


def certificate_demo_pdf(*, certificate: Certificate, holder: str | None = None) -> bytes:
    """A one-page demo certificate PDF with the certificate's own details."""
    holder = holder or demo.PROFILE["name"]
    lines = [
        PdfLine(certificate.issuer or "Certificate", size=16, gap_before=10),
        PdfLine("Certificate of achievement", size=30, bold=True, gap_before=40),
        PdfLine("This certifies that", size=14, gap_before=40),
        PdfLine(holder, size=26, bold=True, gap_before=16),
        PdfLine("has earned", size=14, gap_before=24),
        PdfLine(certificate.name, size=18, bold=True, gap_before=16),
    ]
    if certificate.issued_on:
        lines.append(PdfLine(f"Issued {certificate.issued_on:%d %B %Y}", gap_before=36))
    if certificate.expires_on:
        lines.append(PdfLine(f"Valid until {certificate.expires_on:%d %B %Y}", gap_before=6))
    if certificate.credential_id:
        lines.append(PdfLine(f"Credential ID {certificate.credential_id}", size=11, gap_before=16))
    lines.append(PdfLine("Demo document generated by CloudForgeX", size=9, gap_before=30))
    return pdf_document_render(title=certificate.name, lines=lines, author=holder)


# ------------------------------------------------------------------ importer


def cloudforgex_import(*, document, update: bool = False) -> WriteSummary:
    """Import a CloudForgeX knowledge-base document; all or nothing.

    Rows matched on their natural key (a project's or certificate's slug, ...)
    take the file's values. Fields the format has but this file leaves out (a
    project's description, a certificate's issuer or credential ID) are kept
    as they were and listed in ``summary.kept``; ``update=True`` makes matched
    rows exactly the file's content, clearing those fields, so nothing of the
    demo (or an earlier import) survives under a slug the file uses.

    Raises ImportFileInvalid (nothing written) when the document is malformed.
    """
    parsed = import_document_parse(document=document)
    with transaction.atomic():
        return _parsed_import_write(parsed, update=update)


def _kept_fields(row, values: dict, optional: tuple[str, ...]) -> list[str]:
    """Optional fields the write left out that the existing row still fills."""
    return [name for name in optional if name not in values and getattr(row, name)]


def _parsed_import_write(parsed: ParsedImport, *, update: bool = False) -> WriteSummary:
    summary = WriteSummary()
    values = dict(parsed.profile)
    if not values.get("headline"):
        existing = _existing_headline()
        values["headline"] = "Cloud engineer" if existing is None else existing
    summary.count("profile", profile_write(values=values)[1])
    for index, item in enumerate(parsed.experiences):
        _, created = experience_write(
            lookup={"company": item.company, "period": item.period},
            values={"role": item.role, "summary": item.summary, "order": index * 10},
        )
        summary.count("experience", created)
    for index, item in enumerate(parsed.projects):
        summary.count(
            "projects", _imported_project_write(item, index=index, update=update, summary=summary)
        )
    for index, item in enumerate(parsed.certificates):
        values = {
            "name": item.name,
            "status": "in_progress" if item.in_progress else "earned",
            "issued_on": item.issued_on,
            "verify_url": item.verify_url,
            "order": index * 10,
        }
        # Only keys the file has: an owner's issuer or credential ID survives a re-import.
        if item.issuer is not None or update:
            values["issuer"] = item.issuer or ""
        if item.credential_id is not None or update:
            values["credential_id"] = item.credential_id or ""
        certificate, created = certificate_write(lookup={"slug": item.slug}, values=values)
        summary.count("certificates", created)
        kept = [] if created else _kept_fields(certificate, values, ("issuer", "credential_id"))
        if kept:
            summary.kept.append(f'certificate "{item.slug}": kept its {" and ".join(kept)}')
    for index, item in enumerate(parsed.knowledge):
        _, created = knowledge_entry_write(
            lookup={"title": item.title},
            values={"body": item.body, "tags": item.tags, "order": 100 + index * 10},
        )
        summary.count("knowledge entries", created)
    for index, (question, answer) in enumerate(parsed.questions):
        _, created = suggested_question_write(
            lookup={"question": question},
            values={"answer": answer, "order": index * 10},
        )
        summary.count("suggested questions", created)
    return summary


def _existing_headline() -> str | None:
    try:
        return profile_get().headline
    except ProfileNotFound:
        return None


def _imported_project_write(
    item, *, index: int, update: bool = False, summary: WriteSummary | None = None
) -> bool:
    values = {
        "title": item.title,
        "summary": item.summary,
        "tech_stack": item.tech_stack,
        "highlights": item.highlights,
        "category": item.category,
        "github_url": item.github_url,
        "order": index * 10,
    }
    if item.description or update:
        values["description"] = item.description or ""
    project, created = project_write(lookup={"slug": item.slug}, values=values)
    if not created and summary is not None and _kept_fields(project, values, ("description",)):
        summary.kept.append(f'project "{item.slug}": kept its description')
    if created and index < 3:
        # The original format has no "featured" flag: feature the first three once,
        # and leave the owner's later choice alone on re-import.
        project_feature(project=project)
    return created


# ------------------------------------------------------------------ demo admin


def demo_admin_ensure(
    *, username: str = DEMO_ADMIN_USERNAME, password: str = DEMO_ADMIN_PASSWORD
) -> tuple[models.Model, bool]:
    """(user, created): create the demo superuser if missing; refused unless DEBUG is on.

    An existing user of that name is left exactly as it is (its password included).
    """
    if not settings.DEBUG:
        raise DemoSeedRefused(
            "Refusing to create the demo admin: DJANGO_DEBUG is false (production). "
            "Create a real account with `python manage.py createsuperuser` instead."
        )
    user_model = get_user_model()
    user = user_model._default_manager.filter(username=username).first()
    if user is not None:
        return user, False
    user = user_model._default_manager.create_superuser(
        username=username, email="admin@example.com", password=password
    )
    # A fresh demo login must not inherit lockouts from an earlier account of that name.
    axes_reset(username=username)
    return user, True
