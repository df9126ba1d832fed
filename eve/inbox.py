"""The owner's inbox of questions EVE could not answer well, and what the owner does about them.

A question lands here when EVE said it did not have the information, found
nothing to ground an answer in (weak retrieval), fell back because the model
failed (degraded), or when the visitor gave the reply a thumbs-down. Rows are
grouped by ``question_key`` (the same question whatever its case, punctuation
or spacing) in the database. A dismissed or answered group only comes back
when the question is asked again afterwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.urls import reverse

from eve import lexicon
from eve.insights import chat_logs_in_period
from eve.models import ChatLog, InboxDismissal
from eve.snapshot_cache import content_snapshot_get
from eve.text import match_key, words

DONT_KNOW = "I don't have"  # prompts.dont_know_build, the "missing" lead, and the model's rule
INBOX_GROUPS = 100
PREFILL_TAGS = 8


@dataclass(frozen=True)
class InboxGroup:
    key: str
    example: str
    count: int
    last_seen: dt.datetime
    dont_know: int
    weak: int
    degraded: int
    thumbs_down: int
    comment: str | None  # a visitor's comment on a thumbs-down, if any (shown escaped)
    tags: tuple[str, ...] = ()  # pre-filled for a knowledge entry answering it

    @property
    def knowledge_add_url(self) -> str:
        """The knowledge-entry add form, pre-filled with the question as title and its words as tags."""
        query = {"title": self.example[:200], "tags": "\n".join(self.tags)}
        return _add_url("admin:eve_knowledgeentry_add", query, self.key)

    @property
    def suggestion_add_url(self) -> str:
        """The suggested-question add form, pre-filled with the question (the owner writes the answer)."""
        return _add_url(
            "admin:eve_suggestedquestion_add", {"question": self.example[:200]}, self.key
        )


def _add_url(name: str, query: dict, key: str) -> str:
    return f"{reverse(name)}?{urlencode({**query, 'inbox_key': key})}"


def question_tags(question: str, *, searched: str = "") -> list[str]:
    """The words worth tagging an entry with: the question's own, then the words EVE
    searches for it (``searched``: spelling corrected, search aliases added, so an entry
    tagged with them is found however the alias list reads the question); no function
    words, no pronouns."""
    skipped = lexicon.STOPWORDS | lexicon.OWNER_PRONOUNS
    tags: list[str] = []
    for word in words(question) + words(searched):
        if len(word) > 1 and word not in skipped and word not in tags:
            tags.append(word)
    return tags[:PREFILL_TAGS]


def unanswered_filter() -> Q:
    """Rows EVE did not answer well (guard nudges and throttled requests are not questions)."""
    weak = Q(citations=[]) & ~Q(source=ChatLog.Source.CANNED)
    return Q(blocked="") & (
        Q(response__contains=DONT_KNOW) | weak | Q(degraded=True) | Q(feedback__helpful=False)
    )


def unanswered_rows(*, days: int) -> QuerySet[ChatLog]:
    """The period's unanswered rows, minus those the owner already dismissed or answered."""
    handled = InboxDismissal.objects.filter(
        question_key=OuterRef("question_key"), dismissed_at__gte=OuterRef("created_at")
    )
    return (
        chat_logs_in_period(days=days)
        .filter(unanswered_filter())
        .exclude(question_key="")
        .exclude(Exists(handled))
    )


def inbox_groups(*, days: int, limit: int = INBOX_GROUPS) -> list[InboxGroup]:
    """The unanswered questions grouped by text, most recent first, with why they are here."""
    grouped = (
        unanswered_rows(days=days)
        .values("question_key")
        .annotate(
            count=Count("id"),
            last_seen=Max("created_at"),
            example=Max("message"),
            dont_know=Count("id", filter=Q(response__contains=DONT_KNOW)),
            weak=Count("id", filter=Q(citations=[]) & ~Q(source=ChatLog.Source.CANNED)),
            degraded=Count("id", filter=Q(degraded=True)),
            thumbs_down=Count("id", filter=Q(feedback__helpful=False)),
            comment=Max("feedback__comment", filter=Q(feedback__helpful=False)),
        )
        .order_by("-last_seen", "question_key")[:limit]
    )
    index = content_snapshot_get().index
    return [
        InboxGroup(
            key=item.pop("question_key"),
            tags=tuple(question_tags(item["example"], searched=index.rewrite(item["example"]))),
            **item,
        )
        for item in grouped
    ]


def inbox_dismiss(*, question_key: str) -> None:
    """Hide a group until the question is asked again (also how an answered group leaves)."""
    key = match_key(question_key)[:200]
    if key:
        InboxDismissal.objects.update_or_create(question_key=key)
