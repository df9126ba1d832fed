""" "Try EVE as a visitor" for the owner: the reply, and why EVE gives it.

It walks the same steps as ``eve.services.chat_reply_create`` (guard, canned
answer, cache, retrieval, prompt) but writes nothing a visitor's request
would: no ChatLog row, no cached answer, no throttle count. The paid model is
only called by ``rehearsal_send``, when the owner presses "Send to the model";
that call's tokens are real, so they count against the day's budget.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from eve import budget, prompts
from eve.exceptions import ProviderError
from eve.guard import check_message
from eve.models import ChatLog
from eve.providers import get_provider
from eve.providers.base import Grounding, Provider, ProviderReply
from eve.providers.local import knowledge_base_reply
from eve.retrieval import Record
from eve.snapshot_cache import content_snapshot_get
from eve.text import match_key, normalise_message


@dataclass(frozen=True)
class ScoredRecord:
    record: Record
    score: float
    used: bool  # kept as context and citation


@dataclass
class Rehearsal:
    """What EVE would do with a question, step by step."""

    question: str
    blocked: str | None = None
    guard_category: str = ""
    source: str = ""  # what would answer: guard | canned | cache | knowledge_base | model
    reply: str = ""
    records: list[ScoredRecord] = field(default_factory=list)
    system: str = ""
    messages: list[dict] = field(default_factory=list)
    estimated_tokens: int = 0
    provider: str = ""
    model_reply: ProviderReply | None = None
    model_error: str = ""
    grounding: Grounding | None = field(default=None, repr=False)

    @property
    def would_call_model(self) -> bool:
        return self.source == ChatLog.Source.MODEL


def rehearsal_build(*, message: str, provider: Provider | None = None) -> Rehearsal:
    """Everything EVE would do with ``message``, short of calling a paid model."""
    provider = provider or get_provider()
    snapshot = content_snapshot_get()
    text = normalise_message(message)
    rehearsal = Rehearsal(question=text, provider=provider.name)
    verdict = check_message(
        text,
        vocabulary=snapshot.vocabulary,
        min_chars=settings.EVE_MIN_CHARS,
        max_chars=settings.EVE_MAX_CHARS,
    )
    if verdict.blocked:
        rehearsal.blocked, rehearsal.guard_category = verdict.blocked, verdict.category or ""
        rehearsal.source = ChatLog.Source.GUARD
        rehearsal.reply = prompts.nudge_build(
            blocked=verdict.blocked,
            owner=snapshot.owner,
            techs=snapshot.nudge_techs,
            certificate=snapshot.nudge_certificate,
            max_chars=settings.EVE_MAX_CHARS,
        )
        return rehearsal
    canned = snapshot.canned.get(match_key(text))
    if canned:
        rehearsal.source, rehearsal.reply = ChatLog.Source.CANNED, canned
        return rehearsal
    found = snapshot.index.lookup(text, limit=settings.EVE_CONTEXT_RECORDS)
    used = set(found.records)
    scores = snapshot.index.relevance(text)
    # Records kept first (some are kept for the question's kind without scoring), then runners-up.
    shown = dict.fromkeys(found.records) | dict.fromkeys(scores)
    rehearsal.records = sorted(
        (ScoredRecord(record, scores.get(record, 0.0), record in used) for record in shown),
        key=lambda item: (not item.used, -item.score),
    )[: settings.EVE_CONTEXT_RECORDS * 3]
    grounding = Grounding(question=text, found=found, owner=snapshot.owner)
    rehearsal.grounding = grounding
    rehearsal.reply = knowledge_base_reply(grounding).text
    if not found.records or not provider.costs_tokens:
        rehearsal.source = ChatLog.Source.KNOWLEDGE_BASE
        return rehearsal
    rehearsal.source = ChatLog.Source.MODEL
    rehearsal.system = prompts.system_prompt_build(
        owner=snapshot.owner, records=found.records, missing=found.missing, omitted=found.omitted
    )
    rehearsal.messages = prompts.messages_build(question=text)
    rehearsal.estimated_tokens = prompts.estimated_tokens(rehearsal.system, text)
    return rehearsal


def rehearsal_send(*, message: str, provider: Provider | None = None) -> Rehearsal:
    """The rehearsal, then the exact prompt sent to the model (tokens spent, still no ChatLog row)."""
    provider = provider or get_provider()
    rehearsal = rehearsal_build(message=message, provider=provider)
    if not rehearsal.would_call_model:
        return rehearsal
    # Reserved and settled like a visitor's call (eve.budget): it cannot overshoot the budget.
    try:
        reservation = budget.reservation_create(
            input_estimate=budget.prompt_tokens_estimate(
                system=rehearsal.system, messages=rehearsal.messages
            )
        )
    except budget.BudgetSpent as spent:
        rehearsal.model_error = spent.reason
        return rehearsal
    try:
        reply = provider.complete(
            system=rehearsal.system, messages=rehearsal.messages, grounding=rehearsal.grounding
        )
    except ProviderError as exc:
        attempts = settings.EVE_MAX_ATTEMPTS if exc.attempts is None else exc.attempts
        budget.reservation_settle(reservation, attempts=attempts)
        rehearsal.model_error = exc.reason
        return rehearsal
    budget.reservation_settle(
        reservation,
        input_tokens=reply.input_tokens,
        output_tokens=reply.output_tokens,
        attempts=reply.attempts,
    )
    rehearsal.model_reply = reply
    return rehearsal
