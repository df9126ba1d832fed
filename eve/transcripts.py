"""Reads for the owner's conversation view: a chat-log row and the thread it belongs to."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from eve.models import ChatLog


def chat_thread_get(*, pk: int) -> tuple[ChatLog, list[ChatLog]]:
    """The row ``pk`` and every turn of its conversation, oldest first (Http404 if unknown).

    A conversation is the rows sharing a ``conversation_id``; a row logged
    without one is a conversation of its own.
    """
    log = get_object_or_404(ChatLog.objects.select_related("feedback"), pk=pk)
    if not log.conversation_id:
        return log, [log]
    turns = (
        ChatLog.objects.filter(conversation_id=log.conversation_id)
        .select_related("feedback")
        .order_by("created_at", "pk")
    )
    return log, list(turns)
