"""Reads for the owner's EVE insights page: what visitors ask and what it costs.

Every number is an aggregate computed by the database over an indexed
``created_at`` range (grouped by day, by how the question was answered, by
normalised question or by cited record), so the page stays fast on 100,000
chat rows; Python only folds a few hundred aggregate rows into tables.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from certificates.models import CertificateAccess
from eve.models import ChatFeedback, ChatLog

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
TOP_QUESTIONS = 15
TOP_RECORDS = 10
CITATION_SCAN_ROWS = 20_000  # the newest answered rows whose citations are counted

# How a question was answered, in the order the charts stack them. "degraded"
# is a model call that failed and fell back to the knowledge base.
HOW_ANSWERED = ("guard", "canned", "cache", "knowledge_base", "model", "degraded")
HOW_LABELS = {
    "guard": "Guard",
    "canned": "Canned",
    "cache": "Cache",
    "knowledge_base": "Knowledge base",
    "model": "Model",
    "degraded": "Degraded",
}


def period_days(raw) -> int:
    """The period the owner asked for, or the default for anything else."""
    try:
        days = int(raw)
    except (TypeError, ValueError):
        return DEFAULT_PERIOD
    return days if days in PERIODS else DEFAULT_PERIOD


def period_start(*, days: int, now: dt.datetime | None = None) -> dt.datetime:
    """Midnight (UTC) at the start of the first of ``days`` days, today included."""
    now = now or timezone.now()
    first = now.date() - dt.timedelta(days=days - 1)
    return dt.datetime.combine(first, dt.time.min, tzinfo=dt.UTC)


def chat_logs_in_period(*, days: int) -> QuerySet[ChatLog]:
    return ChatLog.objects.filter(created_at__gte=period_start(days=days))


@dataclass
class DayRow:
    day: dt.date
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(HOW_ANSWERED, 0))
    tokens: int = 0
    cost_usd: Decimal = Decimal(0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class QuestionGroup:
    key: str
    example: str
    count: int
    last_seen: dt.datetime


@dataclass(frozen=True)
class Summary:
    questions: int
    answered: int  # not stopped by the guard
    without_model: int  # answered without a (successful or failed) model call
    median_latency_ms: int | None
    p95_latency_ms: int | None
    tokens: int
    cost_usd: Decimal
    helpful: int
    not_helpful: int

    @property
    def share_without_model(self) -> float | None:
        return self.without_model / self.answered if self.answered else None


def _how(source: str, degraded: bool) -> str:
    return "degraded" if degraded else source


def daily_rows(*, days: int) -> list[DayRow]:
    """One row per day of the period (empty days included), split by how questions were answered."""
    start = period_start(days=days)
    rows = {start.date() + dt.timedelta(days=n): None for n in range(days)}
    table = {day: DayRow(day=day) for day in rows}
    grouped = (
        chat_logs_in_period(days=days)
        .annotate(day=TruncDate("created_at", tzinfo=dt.UTC))
        .values("day", "source", "degraded")
        .annotate(
            n=Count("id"),
            tokens=Sum(F("input_tokens") + F("output_tokens")),
            cost=Sum("cost_usd"),
        )
        .order_by()
    )
    for item in grouped:
        row = table.get(item["day"])
        if row is None:  # a row stamped in the future: not this period's
            continue
        how = _how(item["source"], item["degraded"])
        row.counts[how] = row.counts.get(how, 0) + item["n"]
        row.tokens += item["tokens"] or 0
        row.cost_usd += item["cost"] or Decimal(0)
    return list(table.values())


def latency_percentile(queryset: QuerySet[ChatLog], *, fraction: float, count: int) -> int | None:
    """The nearest-rank percentile of ``latency_ms``: one ordered, offset read in the database."""
    if count == 0:
        return None
    rank = min(count - 1, max(0, int(fraction * count + 0.999999) - 1))
    return queryset.order_by("latency_ms").values_list("latency_ms", flat=True)[rank]


def summary(*, days: int) -> Summary:
    """The period's headline numbers (two aggregates, two ordered reads, one feedback count)."""
    logs = chat_logs_in_period(days=days)
    totals = logs.aggregate(
        questions=Count("id"),
        answered=Count("id", filter=Q(blocked="")),
        without_model=Count(
            "id", filter=Q(blocked="", degraded=False) & ~Q(source=ChatLog.Source.MODEL)
        ),
        tokens=Sum(F("input_tokens") + F("output_tokens")),
        cost=Sum("cost_usd"),
    )
    answered = logs.filter(blocked="")
    votes = feedback_counts(days=days)
    return Summary(
        questions=totals["questions"],
        answered=totals["answered"],
        without_model=totals["without_model"],
        median_latency_ms=latency_percentile(answered, fraction=0.5, count=totals["answered"]),
        p95_latency_ms=latency_percentile(answered, fraction=0.95, count=totals["answered"]),
        tokens=totals["tokens"] or 0,
        cost_usd=totals["cost"] or Decimal(0),
        helpful=votes["helpful"],
        not_helpful=votes["not_helpful"],
    )


def feedback_counts(*, days: int) -> dict[str, int]:
    counts = ChatFeedback.objects.filter(updated_at__gte=period_start(days=days)).aggregate(
        up=Count("id", filter=Q(helpful=True)), down=Count("id", filter=Q(helpful=False))
    )
    return {"helpful": counts["up"], "not_helpful": counts["down"]}


def question_groups(queryset: QuerySet[ChatLog], *, limit: int) -> list[QuestionGroup]:
    """Messages grouped by ``question_key`` (case, punctuation and spacing ignored), most asked first."""
    grouped = (
        queryset.exclude(question_key="")
        .values("question_key")
        .annotate(count=Count("id"), last_seen=Max("created_at"), example=Max("message"))
        .order_by("-count", "-last_seen")[:limit]
    )
    return [
        QuestionGroup(
            key=item["question_key"],
            example=item["example"],
            count=item["count"],
            last_seen=item["last_seen"],
        )
        for item in grouped
    ]


def top_questions(*, days: int, limit: int = TOP_QUESTIONS) -> list[QuestionGroup]:
    """The questions asked most in the period (guard blocks are not questions)."""
    return question_groups(chat_logs_in_period(days=days).filter(blocked=""), limit=limit)


def top_cited(*, days: int, limit: int = TOP_RECORDS) -> list[tuple[str, str, int]]:
    """The records cited most: (kind, title, count).

    Citations are a JSON list per row, which SQLite and PostgreSQL cannot
    group portably; only the ``citations`` column of the newest
    ``CITATION_SCAN_ROWS`` answered rows is read, in chunks.
    """
    counts: Counter = Counter()
    rows = (
        chat_logs_in_period(days=days)
        .filter(blocked="")
        .exclude(citations=[])
        .order_by("-created_at")
        .values_list("citations", flat=True)[:CITATION_SCAN_ROWS]
    )
    for citations in rows.iterator(chunk_size=2000):
        for citation in citations or []:
            if isinstance(citation, dict) and citation.get("title"):
                counts[(str(citation.get("kind", "")), str(citation["title"]))] += 1
    return [(kind, title, count) for (kind, title), count in counts.most_common(limit)]


def top_certificates(*, days: int, limit: int = TOP_RECORDS) -> list[tuple[str, int]]:
    """Certificates whose PDF links were issued most in the period: (name, views)."""
    grouped = (
        CertificateAccess.objects.filter(created_at__gte=period_start(days=days))
        .values("certificate__name")
        .annotate(views=Count("id"))
        .order_by("-views", "certificate__name")[:limit]
    )
    return [(item["certificate__name"], item["views"]) for item in grouped]
