"""Writes to the portfolio: the rows the loaders (demo seed, importer) keep in step.

Each write matches on a natural key (company + role or period, name + category,
slug), so a loader run twice adds no duplicates. Saves go through the models,
so EVE's content-version signals fire exactly as for an admin edit.
"""

from django.core.files.base import ContentFile
from django.db import transaction

from cloudforgex.rows import row_write
from portfolio.models import Experience, Profile, Project, Skill


def profile_write(*, values: dict, overwrite: bool = True) -> tuple[Profile, bool]:
    """(profile, created): the single profile, created from ``values`` if there is none.

    ``overwrite=True`` writes ``values`` over the existing profile (and saves it);
    ``overwrite=False`` leaves an existing profile exactly as the owner edited it.
    """
    profile = Profile.objects.order_by("id").first()
    if profile is None:
        return Profile.objects.create(**values), True
    if overwrite:
        for name, value in values.items():
            setattr(profile, name, value)
        profile.save()
    return profile, False


def profile_resume_save(*, profile: Profile, name: str, content: bytes) -> None:
    """Store ``content`` as the profile's résumé file and save the profile."""
    profile.resume.save(name, ContentFile(content), save=True)


def experience_write(
    *, lookup: dict, values: dict, overwrite: bool = True
) -> tuple[Experience, bool]:
    """(experience, created) matched on ``lookup``; see ``cloudforgex.rows.row_write``."""
    return row_write(Experience, lookup=lookup, values=values, overwrite=overwrite)


def skill_write(*, lookup: dict, values: dict, overwrite: bool = True) -> tuple[Skill, bool]:
    """(skill, created) matched on ``lookup``; see ``cloudforgex.rows.row_write``."""
    return row_write(Skill, lookup=lookup, values=values, overwrite=overwrite)


def project_write(*, lookup: dict, values: dict, overwrite: bool = True) -> tuple[Project, bool]:
    """(project, created) matched on ``lookup``; see ``cloudforgex.rows.row_write``."""
    return row_write(Project, lookup=lookup, values=values, overwrite=overwrite)


def project_feature(*, project: Project) -> None:
    """Mark one project as featured on the home page."""
    project.featured = True
    project.save(update_fields=["featured"])


def profile_delete(*, profile: Profile) -> list[str]:
    """Delete the profile; its stored files (résumé, photo) go once the delete commits.

    Returns the names of the files that will be removed.
    """
    files = [
        field for field in (profile.resume, getattr(profile, "photo", None)) if field and field.name
    ]
    names = [field.name for field in files]
    profile.delete()

    def delete_files():
        for field in files:
            field.storage.delete(field.name)

    if files:
        transaction.on_commit(delete_files)
    return names


def portfolio_row_delete(*, row: Experience | Skill | Project) -> None:
    """Delete one experience, skill or project (EVE's content version follows by signal)."""
    row.delete()
