"""Reads for EVE: the content version, the per-version snapshot, budget usage, suggestions.

Everything the pipeline needs from the content (guard vocabulary, term list,
canned answers, the BM25 index, the owner's contact details) is loaded once
per content version per process and kept in memory; a request then costs one
indexed read of the version number. The version lives in the database so an
edit made through any process is seen by all of them.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify

from certificates.models import Certificate
from eve import records as record_builders
from eve.guard import GuardVocabulary
from eve.models import ContentVersion, KnowledgeEntry, SuggestedQuestion, TokenUsage, WastefulTerm
from eve.retrieval import BM25Index
from eve.text import match_key
from portfolio.models import Experience, Profile, Project, Skill


@dataclass(frozen=True)
class Owner:
    """Who the portfolio belongs to, for nudges and "contact him" pointers."""

    name: str = ""
    first_name: str = ""
    email: str = ""
    linkedin_url: str = ""


@dataclass(frozen=True)
class ContentSnapshot:
    version: int
    vocabulary: GuardVocabulary
    canned: dict[str, str]
    index: BM25Index
    owner: Owner
    nudge_techs: tuple[str, ...] = field(default_factory=tuple)
    nudge_certificate: str = ""
    built_on: object = None  # the UTC date: certificates expire without any content edit


_lock = threading.Lock()
_snapshot: ContentSnapshot | None = None


def content_version_get() -> int:
    version = ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return version or 0


def content_snapshot_get() -> ContentSnapshot:
    """The snapshot for the current content version, rebuilt only when the version moved."""
    global _snapshot
    version = content_version_get()
    today = timezone.now().date()
    current = _snapshot
    if current is not None and current.version == version and current.built_on == today:
        return current
    with _lock:
        if _snapshot is None or _snapshot.version != version or _snapshot.built_on != today:
            _snapshot = _snapshot_build(version, today=today)
        return _snapshot


def _snapshot_build(version: int, *, today=None) -> ContentSnapshot:
    profile = Profile.objects.order_by("pk").first()
    projects = list(Project.objects.published())
    certificates = list(Certificate.objects.published())
    entries = list(KnowledgeEntry.objects.published())
    skills = list(Skill.objects.published())
    experiences = list(Experience.objects.published())

    records = [record_builders.project_record(project) for project in projects]
    records += [record_builders.certificate_record(item, today=today) for item in certificates]
    seen: Counter = Counter()
    for entry in entries:  # slugs from titles, made unique in a stable order
        base = slugify(entry.title)[:60] or "entry"
        seen[base] += 1
        slug = base if seen[base] == 1 else f"{base}-{seen[base]}"
        records.append(record_builders.knowledge_record(entry, slug=slug))
    records += [record_builders.experience_record(item) for item in experiences]
    skills_record = record_builders.skills_record(skills)
    if skills_record:
        records.append(skills_record)
    default = None
    if profile:
        default = record_builders.profile_record(profile, skills=skills, experiences=experiences)
        records.append(default)

    topic_texts = [" ".join(str(t) for t in project.tech_stack or []) for project in projects]
    topic_texts += [project.category for project in projects]
    topic_texts += [skill.name for skill in skills] + [item.name for item in certificates]
    topic_texts += [" ".join(str(tag) for tag in entry.tags or []) for entry in entries]
    # wider vocabulary: a short message naming anything the portfolio talks about passes
    topic_texts += [
        " ".join([project.title, project.summary, *map(str, project.highlights or [])])
        for project in projects
    ]
    topic_texts += [f"{entry.title} {entry.body}" for entry in entries]
    topic_texts += [_abbreviation(item.name) for item in certificates]
    topic_texts += [item.company for item in experiences]
    if profile:
        topic_texts.append(profile.name)
    terms = WastefulTerm.objects.filter(active=True).values_list("term", "kind")
    canned = {
        match_key(question.question): question.answer
        for question in SuggestedQuestion.objects.active().exclude(answer="")
    }
    return ContentSnapshot(
        version=version,
        vocabulary=GuardVocabulary.build(topic_texts=topic_texts, terms=terms),
        canned=canned,
        index=BM25Index(
            records, default=default, owner_names=profile.name.split() if profile else ()
        ),
        owner=_owner(profile),
        nudge_techs=_nudge_techs(projects),
        nudge_certificate=next(
            (r.title for r in records if r.group == "certificate" and r.status == "current"), ""
        ),
        built_on=today,
    )


def _abbreviation(name: str) -> str:
    """ "Certified Kubernetes Administrator (CKA)" -> "cka"; initials of the capitalised words."""
    letters = [word[0] for word in name.replace("–", " ").split() if word[:1].isupper()]
    return "".join(letters).lower() if len(letters) >= 2 else ""


def _owner(profile) -> Owner:
    if profile is None:
        return Owner()
    return Owner(
        name=profile.name,
        first_name=(profile.name.split() or [""])[0],
        email=profile.email,
        linkedin_url=profile.linkedin_url,
    )


def _nudge_techs(projects) -> tuple[str, ...]:
    """The two technologies most used across the published projects."""
    counts = Counter(str(tech) for project in projects for tech in project.tech_stack or [])
    return tuple(tech for tech, _ in counts.most_common(2))


def tokens_used_today() -> int:
    """Model tokens (input + output) spent since midnight UTC."""
    row = TokenUsage.objects.filter(day=timezone.now().date()).aggregate(
        total=Sum("input_tokens") + Sum("output_tokens")
    )
    return row["total"] or 0


def suggested_question_list():
    return SuggestedQuestion.objects.active().only("id", "question", "order")
