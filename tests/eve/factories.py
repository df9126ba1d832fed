"""EVE factories: chat-log rows with exactly the values a test needs, set directly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from eve.models import ChatLog
from eve.text import match_key


def log_row(*, days_ago: int = 0, message: str = "What has he built?", **fields) -> ChatLog:
    """One ChatLog row, stamped ``days_ago`` days back (created_at is auto_now_add)."""
    defaults = {
        "source": ChatLog.Source.KNOWLEDGE_BASE,
        "response": "Here's what I found.",
        "citations": [
            {
                "kind": "project",
                "title": "Serverless Resume API",
                "slug": "x",
                "url": "/projects/x/",
            }
        ],
        "question_key": match_key(message),
        "cost_usd": Decimal(0),
    }
    row = ChatLog.objects.create(message=message, **{**defaults, **fields})
    stamp = timezone.now() - dt.timedelta(days=days_ago)
    ChatLog.objects.filter(pk=row.pk).update(created_at=stamp)
    row.refresh_from_db()
    return row
