"""Writes to the portfolio: the demo seed, the CloudForgeX importer and the demo admin.

Both loaders write rows keyed on natural keys (slug, title, question,
company + period), so running them again adds no duplicates: the importer
updates the rows it matches, the demo seed only creates missing rows (unless
asked to reset them). They also fill EVE's knowledge base and the certificates, since
the demo and the original file describe all three apps at once.
"""

from dataclasses import dataclass, field
from datetime import date

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from certificates.models import Certificate
from eve.models import KnowledgeEntry, SuggestedQuestion
from portfolio import demo
from portfolio.exceptions import DemoSeedRefused
from portfolio.importer import ParsedImport, import_document_parse
from portfolio.models import Experience, Profile, Project, Skill
from portfolio.pdf import PdfLine, pdf_document_render

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "cloudforgex-demo"  # noqa: S105 - documented demo login, DEBUG only


@dataclass
class WriteSummary:
    """How many rows each loader created and updated, per kind of content."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1

    def describe(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated))
        return ", ".join(
            f"{kind}: {self.created.get(kind, 0)} new, {self.updated.get(kind, 0)} existing"
            for kind in kinds
        )


def _upsert(model: type[models.Model], *, lookup: dict, values: dict) -> tuple[models.Model, bool]:
    """update_or_create that tolerates duplicates the owner made by hand (updates the oldest)."""
    obj = model._default_manager.filter(**lookup).order_by("pk").first()
    if obj is None:
        return model._default_manager.create(**{**values, **lookup}), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    return obj, False


def _profile_save(*, values: dict) -> tuple[Profile, bool]:
    profile = Profile.objects.order_by("id").first()
    if profile is None:
        return Profile.objects.create(**values), True
    for name, value in values.items():
        setattr(profile, name, value)
    profile.save()
    return profile, False


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
    save = _upsert if reset else _create_missing
    if reset:
        profile, created = _profile_save(values=demo.PROFILE)
    else:
        profile = Profile.objects.order_by("id").first()
        created = profile is None
        if created:
            profile = Profile.objects.create(**demo.PROFILE)
    summary.count("profile", created)
    if created or reset:
        _demo_resume_seed(profile)
    for index, item in enumerate(demo.EXPERIENCE):
        _, created = save(
            Experience,
            lookup={"company": item["company"], "role": item["role"]},
            values={**item, "order": index * 10, "published": True},
        )
        summary.count("experience", created)
    for index, (name, category) in enumerate(demo.SKILLS):
        _, created = save(
            Skill,
            lookup={"name": name, "category": category},
            values={"order": index * 10, "published": True},
        )
        summary.count("skills", created)
    for index, item in enumerate(demo.PROJECTS):
        values = {key: value for key, value in item.items() if key != "slug"}
        _, created = save(
            Project,
            lookup={"slug": item["slug"]},
            values={**values, "order": index * 10, "published": True},
        )
        summary.count("projects", created)
    _demo_eve_seed(summary, save=save)
    for index, item in enumerate(demo.certificates(today=today)):
        summary.count("certificates", _demo_certificate_seed(item, order=index * 10, reset=reset))
    return summary


def _create_missing(
    model: type[models.Model], *, lookup: dict, values: dict
) -> tuple[models.Model, bool]:
    """The row matching ``lookup``, untouched; created from ``values`` only if there is none."""
    obj = model._default_manager.filter(**lookup).order_by("pk").first()
    if obj is not None:
        return obj, False
    return model._default_manager.create(**{**values, **lookup}), True


def _demo_eve_seed(summary: WriteSummary, *, save=_upsert) -> None:
    for index, (title, body, tags) in enumerate(demo.KNOWLEDGE):
        _, created = save(
            KnowledgeEntry,
            lookup={"title": title},
            values={"body": body, "tags": tags, "order": index * 10, "published": True},
        )
        summary.count("knowledge entries", created)
    for index, (question, answer) in enumerate(demo.SUGGESTED_QUESTIONS):
        _, created = save(
            SuggestedQuestion,
            lookup={"question": question},
            values={"answer": answer, "order": index * 10, "active": True},
        )
        summary.count("suggested questions", created)


def _demo_certificate_seed(item: dict, *, order: int, reset: bool = False) -> bool:
    wants_file = item["file"]
    values = {key: value for key, value in item.items() if key not in ("slug", "file")}
    certificate, created = (_upsert if reset else _create_missing)(
        Certificate,
        lookup={"slug": item["slug"]},
        values={**values, "order": order, "published": True},
    )
    # A PDF only for a new certificate (or on reset), and only when none is stored:
    # re-seeding leaves no orphan files and never re-attaches a file the owner removed.
    if wants_file and (created or reset) and not _file_present(certificate.file):
        certificate.file.save(
            f"{certificate.slug}.pdf",
            ContentFile(certificate_demo_pdf(certificate=certificate)),
            save=False,
        )
        certificate.save()
    return created


def _demo_resume_seed(profile: Profile) -> None:
    """Give the demo profile a one-page PDF résumé (only if it has none)."""
    if _file_present(profile.resume):
        return
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
    pdf = pdf_document_render(title=f"{profile.name} - résumé", lines=lines, author=profile.name)
    profile.resume.save("resume.pdf", ContentFile(pdf), save=True)


def _file_present(file) -> bool:
    return bool(file) and file.storage.exists(file.name)


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


def cloudforgex_import(*, document) -> WriteSummary:
    """Import a CloudForgeX knowledge-base document; all or nothing.

    Raises ImportFileInvalid (nothing written) when the document is malformed.
    """
    parsed = import_document_parse(document=document)
    with transaction.atomic():
        return _parsed_import_write(parsed)


def _parsed_import_write(parsed: ParsedImport) -> WriteSummary:
    summary = WriteSummary()
    existing = Profile.objects.order_by("id").first()
    values = dict(parsed.profile)
    if not values.get("headline"):
        values["headline"] = existing.headline if existing else "Cloud engineer"
    summary.count("profile", _profile_save(values=values)[1])
    for index, item in enumerate(parsed.experiences):
        _, created = _upsert(
            Experience,
            lookup={"company": item.company, "period": item.period},
            values={"role": item.role, "summary": item.summary, "order": index * 10},
        )
        summary.count("experience", created)
    for index, item in enumerate(parsed.projects):
        summary.count("projects", _imported_project_write(item, index=index))
    for index, item in enumerate(parsed.certificates):
        values = {
            "name": item.name,
            "status": "in_progress" if item.in_progress else "earned",
            "issued_on": item.issued_on,
            "verify_url": item.verify_url,
            "order": index * 10,
        }
        # Only keys the file has: an owner's issuer or credential ID survives a re-import.
        if item.issuer is not None:
            values["issuer"] = item.issuer
        if item.credential_id is not None:
            values["credential_id"] = item.credential_id
        _, created = _upsert(Certificate, lookup={"slug": item.slug}, values=values)
        summary.count("certificates", created)
    for index, item in enumerate(parsed.knowledge):
        _, created = _upsert(
            KnowledgeEntry,
            lookup={"title": item.title},
            values={"body": item.body, "tags": item.tags, "order": 100 + index * 10},
        )
        summary.count("knowledge entries", created)
    for index, (question, answer) in enumerate(parsed.questions):
        _, created = _upsert(
            SuggestedQuestion,
            lookup={"question": question},
            values={"answer": answer, "order": index * 10},
        )
        summary.count("suggested questions", created)
    return summary


def _imported_project_write(item, *, index: int) -> bool:
    values = {
        "title": item.title,
        "summary": item.summary,
        "tech_stack": item.tech_stack,
        "highlights": item.highlights,
        "category": item.category,
        "github_url": item.github_url,
        "order": index * 10,
    }
    if item.description:
        values["description"] = item.description
    project, created = _upsert(Project, lookup={"slug": item.slug}, values=values)
    if created and index < 3:
        # The original format has no "featured" flag: feature the first three once,
        # and leave the owner's later choice alone on re-import.
        project.featured = True
        project.save(update_fields=["featured"])
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
