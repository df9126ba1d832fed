"""Reads for the owner's EVE insights page: what visitors ask and what it costs.

Every number is an aggregate computed by the database over an indexed
``created_at`` range (grouped by day, by how the question was answered, by
normalised question or by cited record), so the page stays fast on 100,000
chat rows; Python only folds a few hundred aggregate rows into tables.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import Substr, TruncDate
from django.utils import timezone

from certificates.models import CertificateAccess
from eve.models import ChatFeedback, ChatLog

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
TOP_QUESTIONS = 15
TOP_RECORDS = 10

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

    @property
    def cells(self) -> list[int]:
        """The counts in HOW_ANSWERED order, for the table beside the chart."""
        return [self.counts.get(key, 0) for key in HOW_ANSWERED]


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


def _utc_day():
    """The UTC day of ``created_at``, computed by the database.

    SQLite stores the UTC timestamp as ISO text, so its first ten characters
    are the day; Django's TruncDate would call a Python function per row there
    (several times slower on 100,000 rows). Elsewhere TruncDate is native.
    """
    if connection.vendor == "sqlite":
        return Substr("created_at", 1, 10)
    return TruncDate("created_at", tzinfo=dt.UTC)


def daily_rows(*, days: int) -> list[DayRow]:
    """One row per day of the period (empty days included), split by how questions were answered."""
    first = period_start(days=days).date()
    table = {day: DayRow(day=day) for day in (first + dt.timedelta(days=n) for n in range(days))}
    grouped = (
        chat_logs_in_period(days=days)
        .annotate(day=_utc_day())
        .values("day", "source", "degraded")
        .annotate(
            n=Count("id"),
            tokens=Sum(F("input_tokens") + F("output_tokens")),
            cost=Sum("cost_usd"),
        )
        .order_by()
    )
    for item in grouped:
        day = item["day"]
        row = table.get(dt.date.fromisoformat(day) if isinstance(day, str) else day)
        if row is None:  # a row stamped in the future: not this period's
            continue
        how = _how(item["source"], item["degraded"])
        row.counts[how] = row.counts.get(how, 0) + item["n"]
        row.tokens += item["tokens"] or 0
        row.cost_usd += item["cost"] or Decimal(0)
    return list(table.values())


def latency_percentiles(*, days: int, fractions: tuple[float, ...]) -> list[int | None]:
    """Nearest-rank percentiles of the answered rows' latency, from one histogram query.

    The database counts rows per distinct ``latency_ms`` (a few thousand values
    at most, read from the covering index); walking the cumulative counts gives
    exact percentiles without sorting the rows or sending them over the wire.
    """
    histogram = list(
        chat_logs_in_period(days=days)
        .filter(blocked="")
        .values_list("latency_ms")
        .annotate(n=Count("id"))
        .order_by("latency_ms")
    )
    total = sum(n for _, n in histogram)
    results: list[int | None] = []
    for fraction in fractions:
        if not total:
            results.append(None)
            continue
        rank, seen = max(1, math.ceil(fraction * total)), 0
        for latency, n in histogram:
            seen += n
            if seen >= rank:
                results.append(latency)
                break
    return results


def summary(*, days: int, rows: list[DayRow] | None = None) -> Summary:
    """The period's headline numbers, folded from the daily rows plus one latency histogram."""
    rows = daily_rows(days=days) if rows is None else rows
    counts = {key: sum(row.counts[key] for row in rows) for key in HOW_ANSWERED}
    questions = sum(counts.values())
    median, p95 = latency_percentiles(days=days, fractions=(0.5, 0.95))
    votes = feedback_counts(days=days)
    return Summary(
        questions=questions,
        answered=questions - counts["guard"],
        without_model=counts["canned"] + counts["cache"] + counts["knowledge_base"],
        median_latency_ms=median,
        p95_latency_ms=p95,
        tokens=sum(row.tokens for row in rows),
        cost_usd=sum((row.cost_usd for row in rows), Decimal(0)),
        helpful=votes["helpful"],
        not_helpful=votes["not_helpful"],
    )


def feedback_counts(*, days: int) -> dict[str, int]:
    counts = ChatFeedback.objects.filter(updated_at__gte=period_start(days=days)).aggregate(
        up=Count("id", filter=Q(helpful=True)), down=Count("id", filter=Q(helpful=False))
    )
    return {"helpful": counts["up"], "not_helpful": counts["down"]}


def question_groups(queryset: QuerySet[ChatLog], *, limit: int) -> list[QuestionGroup]:
    """Messages grouped by ``question_key`` (case, punctuation and spacing ignored), most asked first.

    The grouping reads only indexed columns; one example message per shown
    group is fetched afterwards.
    """
    grouped = list(
        queryset.exclude(question_key="")
        .values("question_key")
        .annotate(count=Count("id"), last_seen=Max("created_at"))
        .order_by("-count", "-last_seen", "question_key")[:limit]
    )
    examples = dict(
        queryset.filter(question_key__in=[item["question_key"] for item in grouped])
        .values_list("question_key")
        .annotate(example=Max("message"))
        .order_by()
    )
    return [
        QuestionGroup(
            key=item["question_key"],
            example=examples.get(item["question_key"], item["question_key"]),
            count=item["count"],
            last_seen=item["last_seen"],
        )
        for item in grouped
    ]


def top_questions(*, days: int, limit: int = TOP_QUESTIONS) -> list[QuestionGroup]:
    """The questions asked most in the period (guard blocks are not questions)."""
    return question_groups(chat_logs_in_period(days=days).filter(blocked=""), limit=limit)


# Citations are a JSON list per row: the database unnests them (PostgreSQL's
# jsonb_array_elements, SQLite's json_each) and counts, so no row leaves it.
_CITED_SQL = {
    "postgresql": (
        "SELECT c->>'kind', c->>'title', COUNT(*) FROM eve_chatlog "
        "CROSS JOIN LATERAL jsonb_array_elements("
        "CASE WHEN jsonb_typeof(citations) = 'array' THEN citations ELSE '[]'::jsonb END) c "
        "WHERE created_at >= %s AND blocked = '' AND c->>'title' IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY 3 DESC, 2 LIMIT %s"
    ),
    "sqlite": (
        # json_each walks an object's members too; their titles are NULL and dropped.
        "SELECT json_extract(c.value, '$.kind'), json_extract(c.value, '$.title'), COUNT(*) "
        "FROM eve_chatlog, json_each(eve_chatlog.citations) c "
        "WHERE eve_chatlog.created_at >= %s AND eve_chatlog.blocked = '' "
        "AND eve_chatlog.citations != '[]' AND json_extract(c.value, '$.title') IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY 3 DESC, 2 LIMIT %s"
    ),
}


def top_cited(*, days: int, limit: int = TOP_RECORDS) -> list[tuple[str, str, int]]:
    """The records cited most in the period's answers: (kind, title, count)."""
    sql = _CITED_SQL[connection.vendor]
    start = period_start(days=days)
    with connection.cursor() as cursor:
        # The same literal Django would bind for a DateTimeField on this backend.
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(start), limit])
        return [(str(kind or ""), str(title), count) for kind, title, count in cursor.fetchall()]


def top_certificates(*, days: int, limit: int = TOP_RECORDS) -> list[tuple[str, int]]:
    """Certificates whose PDF links were issued most in the period: (name, views)."""
    grouped = (
        CertificateAccess.objects.filter(created_at__gte=period_start(days=days))
        .values("certificate__name")
        .annotate(views=Count("id"))
        .order_by("-views", "certificate__name")[:limit]
    )
    return [(item["certificate__name"], item["views"]) for item in grouped]
