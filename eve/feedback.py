"""Visitor feedback on EVE's replies: a thumbs up or down, with an optional short comment."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from cloudforgex.errors import NotFound
from eve.models import ChatFeedback, ChatLog
from eve.text import normalise_message


class ReplyNotFound(NotFound):
    """No EVE reply carries that request id (unknown, or purged with the old logs)."""

    message = "There is no EVE reply with that request_id."


@dataclass(frozen=True)
class FeedbackSaved:
    feedback: ChatFeedback
    created: bool


def chat_feedback_record(*, request_id: str, helpful: bool, comment: str = "") -> FeedbackSaved:
    """Record a visitor's verdict on the reply ``request_id``; a second verdict replaces the first.

    The comment is normalised like a chat message (no control characters) and
    clipped to ``ChatFeedback.COMMENT_CHARS``; it is stored as text and only
    ever shown escaped.
    """
    log = (
        ChatLog.objects.filter(request_id=request_id)
        .exclude(request_id="")
        .order_by("-created_at", "-pk")
        .only("pk")
        .first()
    )
    if log is None:
        raise ReplyNotFound()
    values = {
        "helpful": helpful,
        "comment": normalise_message(comment or "")[: ChatFeedback.COMMENT_CHARS],
    }
    try:
        with transaction.atomic():
            feedback, created = ChatFeedback.objects.update_or_create(chat_log=log, defaults=values)
    except IntegrityError:  # two votes raced to create it: the loser updates
        feedback, created = ChatFeedback.objects.update_or_create(chat_log=log, defaults=values)
    return FeedbackSaved(feedback=feedback, created=created)
