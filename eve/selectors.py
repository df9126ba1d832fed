"""Reads for EVE: the content version, the content snapshot, budget usage, suggestions.

Everything the pipeline needs from the content (guard vocabulary, term list,
canned answers, the BM25 index, the owner's contact details) is built from
the sources table (``eve.sources``) into one ``ContentSnapshot`` per content
version; ``eve.snapshot_cache`` keeps it in memory per process, so a request
costs one indexed read of the version number. The version lives in the
database so an edit made through any process is seen by all of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from eve.guard import GuardVocabulary
from eve.models import ContentVersion, KnowledgeEntry, SuggestedQuestion, TokenUsage
from eve.retrieval import BM25Index
from eve.sources import SOURCES
from eve.text import match_key


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


def content_version_get() -> int:
    version = ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return version or 0


def content_snapshot_build(version: int, *, today: date | None = None) -> ContentSnapshot:
    """Read every source in ``eve.sources.SOURCES`` once and build what the pipeline needs."""
    loaded = {source.name: list(source.rows()) for source in SOURCES}
    records = []
    topic_texts = []
    for source in SOURCES:
        rows = loaded[source.name]
        records += source.records(rows, link=source.link, loaded=loaded, today=today)
        topic_texts += source.topics(rows)
    profile = next(iter(loaded["profile"]), None)
    default = next((record for record in records if record.group == "profile"), None)
    canned = {
        match_key(question.question): question.answer for question in loaded["suggested questions"]
    }
    return ContentSnapshot(
        version=version,
        vocabulary=GuardVocabulary.build(topic_texts=topic_texts, terms=loaded["wasteful terms"]),
        canned=canned,
        index=BM25Index(
            records,
            default=default,
            owner_names=profile.name.split() if profile else (),
            aliases=tuple(loaded["search aliases"]),
        ),
        owner=_owner(profile),
        nudge_techs=_nudge_techs(loaded["projects"]),
        nudge_certificate=next(
            (r.title for r in records if r.group == "certificate" and r.status == "current"), ""
        ),
        built_on=today,
    )


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


def spend_summary() -> dict:
    """Today's (UTC) and this month's model spend in tokens and dollars, for the admin."""
    today = timezone.now().date()
    month = TokenUsage.objects.filter(day__gte=today.replace(day=1), day__lte=today).aggregate(
        input=Sum("input_tokens"), output=Sum("output_tokens"), cost=Sum("cost_usd")
    )
    day = TokenUsage.objects.filter(day=today).first()
    return {
        "today_tokens": day.total_tokens if day else 0,
        "today_cost_usd": day.cost_usd if day else Decimal(0),
        "month_tokens": (month["input"] or 0) + (month["output"] or 0),
        "month_cost_usd": month["cost"] or Decimal(0),
    }


def suggested_question_list():
    return SuggestedQuestion.objects.active().only("id", "question", "order")


def knowledge_entry_find(*, title: str) -> KnowledgeEntry | None:
    """The (oldest) knowledge entry with this title, published or not; for the loaders."""
    return KnowledgeEntry.objects.filter(title=title).order_by("pk").first()


def suggested_question_find(*, question: str) -> SuggestedQuestion | None:
    """The (oldest) suggested question with this text, active or not; for the loaders."""
    return SuggestedQuestion.objects.filter(question=question).order_by("pk").first()
