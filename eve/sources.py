"""What EVE reads: one declarative table, one entry per content type.

Each ``Source`` names its model, the rows a visitor may see, how those rows
become retrieval records, each row's public link (from ``eve.links``: the
site's named routes) and which of their words let a short question through
the guard. The snapshot
(``eve.selectors.content_snapshot_build``), the content-change signals
(``eve.apps``) and the answer cache's key (``SOURCES_KEY``) are all driven by
this table, so adding a content type EVE reads is one entry here (plus its
record builder in ``eve.records``). Entries are read in order, and records
keep that order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models

from certificates.models import Certificate
from eve import links
from eve import records as builders
from eve.models import KnowledgeEntry, SearchAlias, SuggestedQuestion, WastefulTerm
from eve.retrieval import Record
from portfolio.models import Experience, Profile, Project, Skill

# name -> the visible rows of every source, for builders that combine sources.
Loaded = dict[str, list]
Link = Callable[[Any], str | None]


def _no_records(rows: list, *, link: Link, loaded: Loaded, today: date) -> list[Record]:
    return []


def _no_topics(rows: list) -> list[str]:
    return []


def _no_link(row) -> None:
    return None


@dataclass(frozen=True)
class Source:
    """One content type EVE reads."""

    name: str
    model: type[models.Model]
    # Only what a visitor may see (published, active).
    rows: Callable[[], Iterable]
    # Rows -> retrieval records: (rows, *, link, loaded, today).
    records: Callable[..., list[Record]] = _no_records
    # Where a visitor sees one row (a record's url, cited by EVE): eve.links, never a path.
    link: Link = _no_link
    # Words that make a short question about this content on-topic for the guard.
    topics: Callable[[list], list[str]] = _no_topics


def _abbreviation(name: str) -> str:
    """ "Certified Kubernetes Administrator (CKA)" -> "cka"; initials of the capitalised words."""
    letters = [word[0] for word in name.replace("–", " ").split() if word[:1].isupper()]
    return "".join(letters).lower() if len(letters) >= 2 else ""


def _project_records(projects: list, *, link: Link, **_) -> list[Record]:
    return [builders.project_record(project, url=link(project)) for project in projects]


def _project_topics(projects: list) -> list[str]:
    texts = [" ".join(str(t) for t in project.tech_stack or []) for project in projects]
    texts += [project.category for project in projects]
    # wider vocabulary: a short message naming anything the portfolio talks about passes
    texts += [
        " ".join([project.title, project.summary, *map(str, project.highlights or [])])
        for project in projects
    ]
    return texts


def _certificate_records(certificates: list, *, link: Link, today: date, **_) -> list[Record]:
    return [builders.certificate_record(item, url=link(item), today=today) for item in certificates]


def _certificate_topics(certificates: list) -> list[str]:
    return [item.name for item in certificates] + [_abbreviation(i.name) for i in certificates]


def _knowledge_records(entries: list, **_) -> list[Record]:
    return builders.knowledge_records(entries)


def _knowledge_topics(entries: list) -> list[str]:
    texts = [" ".join(str(tag) for tag in entry.tags or []) for entry in entries]
    return texts + [f"{entry.title} {entry.body}" for entry in entries]


def _experience_records(items: list, *, link: Link, **_) -> list[Record]:
    return [builders.experience_record(item, url=link(item)) for item in items]


def _skills_records(skills: list, *, link: Link, **_) -> list[Record]:
    record = builders.skills_record(skills, url=link(None))
    return [record] if record else []


def _profile_records(profiles: list, *, link: Link, loaded: Loaded, **_) -> list[Record]:
    return [
        builders.profile_record(
            profile,
            url=link(profile),
            skills=loaded["skills"],
            experiences=loaded["experience"],
        )
        for profile in profiles
    ]


SOURCES: tuple[Source, ...] = (
    Source(
        "projects",
        Project,
        rows=lambda: Project.objects.published(),
        records=_project_records,
        link=links.project_link,
        topics=_project_topics,
    ),
    Source(
        "certificates",
        Certificate,
        rows=lambda: Certificate.objects.published(),
        records=_certificate_records,
        # The issuer's verification page; the PDF itself opens in the site's viewer by slug.
        link=lambda certificate: certificate.verify_url or None,
        topics=_certificate_topics,
    ),
    Source(
        "knowledge",
        KnowledgeEntry,
        rows=lambda: KnowledgeEntry.objects.published(),
        records=_knowledge_records,
        topics=_knowledge_topics,
    ),
    Source(
        "experience",
        Experience,
        rows=lambda: Experience.objects.published(),
        records=_experience_records,
        link=lambda item: links.home_section_link(links.EXPERIENCE),
        topics=lambda items: [item.company for item in items],
    ),
    Source(
        "skills",
        Skill,
        rows=lambda: Skill.objects.published(),
        records=_skills_records,
        link=lambda skill: links.home_section_link(links.SKILLS),
        topics=lambda skills: [skill.name for skill in skills],
    ),
    Source(
        "profile",
        Profile,
        rows=lambda: Profile.objects.order_by("pk")[:1],
        records=_profile_records,
        link=lambda profile: links.home_section_link(links.ABOUT),
        topics=lambda profiles: [profile.name for profile in profiles],
    ),
    # Read but never cited: canned answers (step 6), the guard's term list (step 4) and
    # the search aliases (step 9).
    Source(
        "suggested questions",
        SuggestedQuestion,
        rows=lambda: SuggestedQuestion.objects.active().exclude(answer=""),
    ),
    Source(
        "wasteful terms",
        WastefulTerm,
        rows=lambda: WastefulTerm.objects.filter(active=True).values_list("term", "kind"),
    ),
    # The owner's synonyms and acronyms for retrieval ("k8s" -> kubernetes).
    Source(
        "search aliases",
        SearchAlias,
        rows=lambda: SearchAlias.objects.filter(active=True).values_list("term", "means"),
    ),
)

# Part of every cached answer's key: deploying a new or removed source misses old answers.
SOURCES_KEY = hashlib.sha256(
    "|".join(f"{source.name}:{source.model._meta.label}" for source in SOURCES).encode()
).hexdigest()[:8]


def content_models() -> list[type[models.Model]]:
    """Every model EVE reads: saving or deleting a row of any of them invalidates its answers."""
    return [source.model for source in SOURCES]
