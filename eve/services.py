"""EVE's chat pipeline (DESIGN.md "The pipeline"), one function per use case.

``chat_reply_create`` runs the whole pipeline in order, each step stopping the
request as early as it can: the flood cap, 1 shape, 2 normalise, 3 length,
4 wasteful filter, 5 canned answer, 6 response cache, 7 throttle (only what
costs retrieval or a model call counts), 8 budget reservation (``eve.budget``),
9 retrieval, 10 answer (with knowledge-base fallback, then the settlement) and
11 the log row. The view only parses HTTP into bytes and hands in the rate
limiters; this module never imports DRF.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from cloudforgex.db import connection_release
from cloudforgex.rows import row_write
from eve import alerts, budget, metrics, prompts
from eve.answers.evidence import evidence_gather
from eve.exceptions import ChatThrottled, EmptyMessage, ProviderError
from eve.guard import TOO_LONG, Verdict, chat_request_parse, check_message
from eve.models import ChatLog, ContentVersion, KnowledgeEntry, SuggestedQuestion
from eve.providers import get_provider
from eve.providers.base import Grounding, Provider
from eve.providers.local import knowledge_base_reply
from eve.selectors import ContentSnapshot, tokens_used_today
from eve.snapshot_cache import content_snapshot_get
from eve.sources import SOURCES_KEY
from eve.text import match_key, message_bound, normalise_message

# Asked once per request: None lets it through, a number refuses it (seconds to wait).
RateLimiter = Callable[[], float | None]


def _unlimited() -> float | None:
    return None


logger = logging.getLogger(__name__)

LOGGED_MESSAGE_CHARS = 1000
QUESTION_KEY_CHARS = 200
THROTTLED = "throttled"


@dataclass
class ChatReply:
    """What the API returns, plus what only the log needs."""

    response: str
    source: str
    blocked: str | None = None
    degraded: bool = False
    citations: list[dict] = field(default_factory=list)
    fallback_reason: str = ""
    model_id: str = ""
    input_tokens: int = 0
    output_tokens: int = 0
    category: str = ""
    cost_usd: Decimal = Decimal(0)


def chat_reply_create(
    *,
    body: bytes,
    client: str = "",
    request_id: str = "",
    provider: Provider | None = None,
    flood_limiter: RateLimiter = _unlimited,
    rate_limiter: RateLimiter = _unlimited,
) -> ChatReply:
    """Answer one chat request (the raw JSON body) and log it; the whole pipeline, in order.

    ``flood_limiter`` is asked before anything else (a refusal writes no log row);
    ``rate_limiter`` only after the guard, the canned answers and the cache, so
    blocked messages and free answers never use it up.
    Raises ChatThrottled (429), or the shape errors of ``chat_request_parse`` (4xx).
    """
    _limit(flood_limiter)  # the flood cap: before the guard, no ChatLog row either
    chat = chat_request_parse(body, max_bytes=settings.API_MAX_BODY_BYTES)  # step 1
    started = time.perf_counter()
    # Step 2, bounded before any Unicode work: normalising costs the same for any body.
    raw, cut = message_bound(chat.message, max_chars=settings.EVE_MAX_CHARS)
    text = normalise_message(raw)
    if not text and not cut:
        raise EmptyMessage()
    log = {
        "message": text,
        "client": client,
        "session_id": chat.session_id,
        "request_id": request_id,
    }
    snapshot = content_snapshot_get()
    verdict = (  # steps 3 and 4 (a text cut in step 2 is too long, whatever is left)
        Verdict(TOO_LONG, "too_long")
        if cut
        else check_message(
            text,
            vocabulary=snapshot.vocabulary,
            min_chars=settings.EVE_MIN_CHARS,
            max_chars=settings.EVE_MAX_CHARS,
        )
    )
    if verdict.blocked:
        nudge = prompts.nudge_build(
            blocked=verdict.blocked,
            owner=snapshot.owner,
            techs=snapshot.nudge_techs,
            certificate=snapshot.nudge_certificate,
            max_chars=settings.EVE_MAX_CHARS,
        )
        reply = ChatReply(nudge, ChatLog.Source.GUARD, verdict.blocked, category=verdict.category)
        return _finish(reply, started=started, **log)
    reply = _answer(
        text,
        snapshot=snapshot,
        provider=provider or get_provider(),
        throttle=_throttle_logged(rate_limiter, started=started, log=log),
    )
    return _finish(reply, started=started, **log)


def _throttle_logged(rate_limiter: RateLimiter, *, started: float, log: dict):
    """Step 7's check: a refusal is logged as a guard row, then raised (429)."""

    def check() -> None:
        try:
            _limit(rate_limiter)
        except ChatThrottled:
            _finish(ChatReply("", ChatLog.Source.GUARD, THROTTLED), started=started, **log)
            raise

    return check


def _limit(limiter: RateLimiter) -> None:
    wait = limiter()
    if wait is not None:
        raise ChatThrottled(wait)


def _answer(
    text: str, *, snapshot: ContentSnapshot, provider: Provider, throttle: Callable[[], None]
) -> ChatReply:
    """Steps 5-10: canned, cache, throttle, retrieve, budget, answer.

    Canned and cached answers cost nothing, so they come before the per-client
    limits: a visitor clicking every suggestion chip keeps their allowance for
    questions that need retrieval or the model (the flood cap still counts all).
    """
    key = match_key(text)
    canned = snapshot.canned.get(key)
    if canned:
        return ChatReply(canned, ChatLog.Source.CANNED)
    cache_key = _cache_key(snapshot, key, provider)
    cached = _cache_get(cache_key)
    if cached:
        return ChatReply(cached["response"], ChatLog.Source.CACHE, citations=cached["citations"])
    throttle()
    found = evidence_gather(question=text, index=snapshot.index, limit=settings.EVE_CONTEXT_RECORDS)
    grounding = Grounding(question=text, found=found, owner=snapshot.owner)
    citations = [record.citation() for record in found.records]
    if not found.records:
        # Nothing to ground an answer in: the knowledge base says so for free
        # rather than paying a model to say "I don't know".
        reply = _knowledge_reply(grounding, citations)
        _cache_set(cache_key, reply)
        return reply
    system = prompts.system_prompt_build(
        owner=snapshot.owner,
        records=found.records,
        missing=found.missing,
        omitted=found.omitted,
        requirements=found.requirements,
    )
    messages = prompts.messages_build(question=text)
    if not provider.costs_tokens:
        reply = _provider_answer(provider, grounding, citations, system=system, messages=messages)
    else:
        with budget.model_call_slot() as slot:
            if not slot:  # every slot of this process is waiting on the model already
                return _knowledge_reply(
                    grounding, citations, reason=budget.MODEL_BUSY, degraded=True
                )
            reply = _model_answer(provider, grounding, citations, system=system, messages=messages)
    if not reply.degraded and not reply.fallback_reason:
        _cache_set(cache_key, reply)
    return reply


def _provider_answer(
    provider: Provider, grounding: Grounding, citations: list, *, system: str, messages: list
) -> ChatReply:
    """A provider that costs nothing (the knowledge base): no reservation, no slot."""
    try:
        result = provider.complete(system=system, messages=messages, grounding=grounding)
    except ProviderError as exc:
        return _knowledge_reply(grounding, citations, reason=exc.reason, degraded=True)
    return ChatReply(result.text, ChatLog.Source.KNOWLEDGE_BASE, citations=citations)


def _model_answer(
    provider: Provider, grounding: Grounding, citations: list, *, system: str, messages: list
) -> ChatReply:
    """Reserve, call, settle: the only place a paid model call is made."""
    _budget_gauge_update()
    try:
        reservation = budget.reservation_create(
            input_estimate=budget.prompt_tokens_estimate(system=system, messages=messages)
        )
    except budget.BudgetSpent as spent:
        return _knowledge_reply(grounding, citations, reason=spent.reason)
    connection_release()  # no database connection sits idle through the model's second
    asked = time.perf_counter()
    try:
        result = provider.complete(system=system, messages=messages, grounding=grounding)
    except ProviderError as exc:
        settled = budget.reservation_settle(reservation, attempts=_failed_attempts(exc))
        alerts.provider_failure_record(reason=exc.reason)
        reply = _knowledge_reply(grounding, citations, reason=exc.reason, degraded=True)
        reply.model_id = settings.EVE_MODEL_ID
        reply.cost_usd = settled.cost_usd
        return reply
    except BaseException:  # a worker timeout mid-call: never leave the reservation held
        budget.reservation_settle(reservation, attempts=settings.EVE_MAX_ATTEMPTS)
        raise
    metrics.first_token_observe(model=result.model_id, seconds=time.perf_counter() - asked)
    settled = budget.reservation_settle(
        reservation,
        input_tokens=result.input_tokens,
        output_tokens=result.output_tokens,
        attempts=result.attempts,
    )
    alerts.provider_success_record()
    return ChatReply(
        result.text,
        ChatLog.Source.MODEL,
        citations=citations,
        model_id=result.model_id,
        input_tokens=result.input_tokens,
        output_tokens=result.output_tokens,
        cost_usd=settled.cost_usd,
    )


def _budget_gauge_update() -> None:
    """The remaining-budget gauge (and its JSON log line): what today's calls have left."""
    metrics.budget_remaining_set(tokens=settings.EVE_DAILY_TOKEN_BUDGET - tokens_used_today())


def _failed_attempts(exc: ProviderError) -> int:
    return settings.EVE_MAX_ATTEMPTS if exc.attempts is None else exc.attempts


def _knowledge_reply(
    grounding: Grounding, citations: list, *, reason: str = "", degraded: bool = False
) -> ChatReply:
    result = knowledge_base_reply(grounding)
    return ChatReply(
        result.text,
        ChatLog.Source.KNOWLEDGE_BASE,
        degraded=degraded,
        citations=citations,
        fallback_reason=reason,
    )


def _cache_key(snapshot: ContentSnapshot, key: str, provider: Provider) -> str:
    """Content version, sources table, day (certificates expire), provider and model: any change misses."""
    model = settings.EVE_MODEL_ID if provider.costs_tokens else ""
    scope = f"{provider.name}|{model}|{key}"
    digest = hashlib.sha256(scope.encode()).hexdigest()[:40]
    return f"eve:answer:v{snapshot.version}:{SOURCES_KEY}:{snapshot.built_on}:{digest}"


def _cache_get(key: str) -> dict | None:
    try:
        value = cache.get(key)
    except Exception as exc:  # a cache outage costs tokens, not the answer
        logger.warning("eve: response cache unavailable (%s)", type(exc).__name__)
        return None
    return value if isinstance(value, dict) else None


def _cache_set(key: str, reply: ChatReply) -> None:
    try:
        cache.set(
            key,
            {"response": reply.response, "citations": reply.citations},
            settings.EVE_CACHE_TTL,
        )
    except Exception as exc:
        logger.warning("eve: response cache unavailable (%s)", type(exc).__name__)


def _finish(
    reply: ChatReply, *, started: float, message: str, client: str, session_id: str, request_id: str
) -> ChatReply:
    """Step 11: one ChatLog row, its metrics, and one INFO line (without the message text)."""
    latency_ms = int((time.perf_counter() - started) * 1000)
    row = ChatLog.objects.create(
        request_id=request_id[:64],
        session_id=session_id[:64],
        client_hash=client[:64],
        message=message[:LOGGED_MESSAGE_CHARS],
        question_key=match_key(message)[:QUESTION_KEY_CHARS],
        response=reply.response,
        source=reply.source,
        blocked=reply.blocked or "",
        degraded=reply.degraded,
        fallback_reason=reply.fallback_reason[:120],
        model_id=reply.model_id[:120],
        input_tokens=reply.input_tokens,
        output_tokens=reply.output_tokens,
        cost_usd=reply.cost_usd,
        latency_ms=latency_ms,
        citations=reply.citations,
    )
    metrics.chat_log_observe(log=row)
    logger.info(
        "eve reply source=%s blocked=%s category=%s degraded=%s reason=%s chars=%d "
        "tokens_in=%d tokens_out=%d citations=%d latency_ms=%d",
        reply.source,
        reply.blocked or "-",
        reply.category or "-",
        reply.degraded,
        reply.fallback_reason or "-",
        len(message),
        reply.input_tokens,
        reply.output_tokens,
        len(reply.citations),
        latency_ms,
        # JSON logs carry these as fields: CloudWatch metric filters count them on Lambda.
        extra={"eve": _log_fields(row)},
    )
    return reply


def _log_fields(row: ChatLog) -> dict:
    return {
        # The visitor saw a reply (a guard nudge included; a throttled request gets none).
        "replied": bool(row.response),
        "source": row.source,
        "blocked": row.blocked or None,
        "degraded": row.degraded,
        "fallback_reason": row.fallback_reason or None,
        "model_id": row.model_id or None,
        "input_tokens": row.input_tokens,
        "output_tokens": row.output_tokens,
        "cost_usd": float(row.cost_usd or 0),
        "latency_ms": row.latency_ms,
    }


def content_version_bump() -> None:
    """Invalidate every cached answer and per-process snapshot (called on any content change)."""
    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 2})


def chat_logs_purge(*, older_than_days: int | None = None) -> int:
    """Delete chat logs older than the retention period; returns how many went."""
    days = settings.EVE_LOG_RETENTION_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = ChatLog.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# ------------------------------------------------------------------ loaders' writes


def knowledge_entry_write(
    *, lookup: dict, values: dict, overwrite: bool = True
) -> tuple[KnowledgeEntry, bool]:
    """(entry, created) matched on ``lookup``; see ``cloudforgex.rows.row_write``."""
    return row_write(KnowledgeEntry, lookup=lookup, values=values, overwrite=overwrite)


def suggested_question_write(
    *, lookup: dict, values: dict, overwrite: bool = True
) -> tuple[SuggestedQuestion, bool]:
    """(question, created) matched on ``lookup``; see ``cloudforgex.rows.row_write``."""
    return row_write(SuggestedQuestion, lookup=lookup, values=values, overwrite=overwrite)


def knowledge_row_delete(*, row: KnowledgeEntry | SuggestedQuestion) -> None:
    """Delete one knowledge entry or suggested question (the content version follows by signal)."""
    row.delete()
