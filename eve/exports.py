"""Chat logs and visitor feedback as CSV, produced row by row for a streamed download.

Rows are read with ``iterator(chunk_size=...)`` (a server-side cursor on
PostgreSQL) and each CSV line is yielded as soon as it is written, so memory
stays flat however many rows the period holds.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from eve.insights import chat_logs_in_period, period_start
from eve.models import ChatFeedback

CHUNK_ROWS = 2000
LINES_PER_CHUNK = 200
# A visitor's text starting with one of these would run as a formula in a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CHAT_LOG_COLUMNS = (
    "created_at",
    "request_id",
    "conversation_id",
    "message",
    "response",
    "source",
    "blocked",
    "degraded",
    "fallback_reason",
    "model_id",
    "input_tokens",
    "output_tokens",
    "cost_usd",
    "latency_ms",
    "feedback__helpful",
)
FEEDBACK_COLUMNS = (
    "updated_at",
    "chat_log__request_id",
    "helpful",
    "comment",
    "chat_log__message",
    "chat_log__response",
    "chat_log__source",
)


class _Echo:
    """A file-like object whose write() hands the line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_lines(header: Iterable[str], rows: Iterable[tuple]) -> Iterator[str]:
    """CSV text in blocks of ``LINES_PER_CHUNK`` lines (one tiny chunk per row costs more
    in the response machinery than writing the row)."""
    writer = csv.writer(_Echo())
    block = [writer.writerow([name.replace("__", "_") for name in header])]
    for row in rows:
        block.append(writer.writerow([_cell(value) for value in row]))
        if len(block) >= LINES_PER_CHUNK:
            yield "".join(block)
            block = []
    if block:
        yield "".join(block)


def chat_log_csv(*, days: int) -> Iterator[str]:
    """The period's chat logs, oldest first, one CSV line at a time."""
    rows = (
        chat_logs_in_period(days=days)
        .order_by("created_at", "pk")
        .values_list(*CHAT_LOG_COLUMNS)
        .iterator(chunk_size=CHUNK_ROWS)
    )
    return _csv_lines(CHAT_LOG_COLUMNS, rows)


def feedback_csv(*, days: int) -> Iterator[str]:
    """Visitor feedback given in the period, with the reply it is about."""
    rows = (
        ChatFeedback.objects.filter(updated_at__gte=period_start(days=days))
        .order_by("updated_at", "pk")
        .values_list(*FEEDBACK_COLUMNS)
        .iterator(chunk_size=CHUNK_ROWS)
    )
    return _csv_lines(FEEDBACK_COLUMNS, rows)
