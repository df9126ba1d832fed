"""What EVE reads: one declarative table, one entry per content type.

Each ``Source`` names its model, the rows a visitor may see, how those rows
become retrieval records (whose ``url`` is the public link, from ``eve.links``)
and which of their words let a short question through the guard. The snapshot
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

from django.db import models

from certificates.models import Certificate
from eve import records as builders
from eve.models import KnowledgeEntry, SuggestedQuestion, WastefulTerm
from eve.retrieval import Record
from portfolio.models import Experience, Profile, Project, Skill

# name -> the visible rows of every source, for builders that combine sources.
Loaded = dict[str, list]


def _no_records(rows: list, *, loaded: Loaded, today: date) -> list[Record]:
    return []


def _no_topics(rows: list) -> list[str]:
    return []


@dataclass(frozen=True)
class Source:
    """One content type EVE reads."""

    name: str
    model: type[models.Model]
    rows: Callable[[], Iterable]  # only what a visitor may see (published, active)
    records: Callable[..., list[Record]] = _no_records  # (rows, *, loaded, today)
    topics: Callable[[list], list[str]] = _no_topics  # words the guard treats as on-topic
    public_link: str = ""  # where a visitor sees it (eve.links), for the README and admins


def _abbreviation(name: str) -> str:
    """ "Certified Kubernetes Administrator (CKA)" -> "cka"; initials of the capitalised words."""
    letters = [word[0] for word in name.replace("–", " ").split() if word[:1].isupper()]
    return "".join(letters).lower() if len(letters) >= 2 else ""


def _project_topics(projects: list) -> list[str]:
    texts = [" ".join(str(t) for t in project.tech_stack or []) for project in projects]
    texts += [project.category for project in projects]
    # wider vocabulary: a short message naming anything the portfolio talks about passes
    texts += [
        " ".join([project.title, project.summary, *map(str, project.highlights or [])])
        for project in projects
    ]
    return texts


def _knowledge_topics(entries: list) -> list[str]:
    texts = [" ".join(str(tag) for tag in entry.tags or []) for entry in entries]
    return texts + [f"{entry.title} {entry.body}" for entry in entries]


def _profile_records(profiles: list, *, loaded: Loaded, today: date) -> list[Record]:
    return [
        builders.profile_record(profile, skills=loaded["skills"], experiences=loaded["experience"])
        for profile in profiles
    ]


def _skills_records(skills: list, *, loaded: Loaded, today: date) -> list[Record]:
    record = builders.skills_record(skills)
    return [record] if record else []


SOURCES: tuple[Source, ...] = (
    Source(
        "projects",
        Project,
        rows=lambda: Project.objects.published(),
        records=lambda rows, *, loaded, today: [builders.project_record(p) for p in rows],
        topics=_project_topics,
        public_link="the project's page (frontend:project-detail)",
    ),
    Source(
        "certificates",
        Certificate,
        rows=lambda: Certificate.objects.published(),
        records=lambda rows, *, loaded, today: [
            builders.certificate_record(item, today=today) for item in rows
        ],
        topics=lambda rows: [item.name for item in rows] + [_abbreviation(i.name) for i in rows],
        public_link="the issuer's verify URL; the PDF opens in the site's viewer",
    ),
    Source(
        "knowledge",
        KnowledgeEntry,
        rows=lambda: KnowledgeEntry.objects.published(),
        records=lambda rows, *, loaded, today: builders.knowledge_records(rows),
        topics=_knowledge_topics,
    ),
    Source(
        "experience",
        Experience,
        rows=lambda: Experience.objects.published(),
        records=lambda rows, *, loaded, today: [builders.experience_record(i) for i in rows],
        topics=lambda rows: [item.company for item in rows],
        public_link="the home page's experience section",
    ),
    Source(
        "skills",
        Skill,
        rows=lambda: Skill.objects.published(),
        records=_skills_records,
        topics=lambda rows: [skill.name for skill in rows],
        public_link="the home page's skills section",
    ),
    Source(
        "profile",
        Profile,
        rows=lambda: Profile.objects.order_by("pk")[:1],
        records=_profile_records,
        topics=lambda rows: [profile.name for profile in rows],
        public_link="the home page's about section; the résumé (frontend:resume)",
    ),
    # Read but never cited: canned answers (step 6) and the guard's term list (step 4).
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
)

# Part of every cached answer's key: deploying a new or removed source misses old answers.
SOURCES_KEY = hashlib.sha256(
    "|".join(f"{source.name}:{source.model._meta.label}" for source in SOURCES).encode()
).hexdigest()[:8]


def content_models() -> list[type[models.Model]]:
    """Every model EVE reads: saving or deleting a row of any of them invalidates its answers."""
    return [source.model for source in SOURCES]
