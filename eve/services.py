"""EVE's chat pipeline (DESIGN.md "The pipeline"), one function per use case.

``chat_reply_create`` runs the whole pipeline in order, each step stopping the
request as early as it can: the flood cap, 1 shape, 2 normalise, 3 length,
4 wasteful filter, 5 canned answer, 6 response cache, 7 throttle (only what
costs retrieval or a model call counts), 8 budget reservation (``eve.budget``),
9 retrieval, 10 answer (with knowledge-base fallback, then the settlement) and
11 the log row. The view only parses HTTP into bytes and hands in the rate
limiters; this module never imports DRF.

A streamed reply is the same pipeline cut in two: ``chat_turn_begin`` (the
flood cap and steps 1-9, where every refusal happens, so a 429 is still a JSON
error) and ``chat_turn_stream`` (step 10 piece by piece, then step 11), so
budget, throttle, cache and log count it exactly as ``chat_turn_complete`` does.
Between the two the turn holds a budget reservation and a model-call slot
(``ModelCall``); every way step 10 ends (a reply, a failure, a visitor leaving,
an exception) settles the one and releases the other, exactly once.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
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
from eve.conversations import (
    Thread,
    conversation_id_issue,
    conversation_id_verified,
    conversation_thread_get,
    history_messages_build,
    thread_retrieval,
    thread_topic,
    topic_key,
)
from eve.exceptions import ChatThrottled, EmptyMessage, ProviderError
from eve.guard import TOO_LONG, Verdict, chat_request_parse, check_message
from eve.models import ChatLog, ContentVersion, KnowledgeEntry, SuggestedQuestion
from eve.providers import get_provider
from eve.providers.base import Grounding, Provider, ProviderReply
from eve.providers.local import knowledge_base_reply
from eve.retrieval import Record
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
    conversation_id: str = ""


@dataclass
class ModelCall:
    """Everything step 10 needs, prepared by steps 5-9.

    A paid call also holds its budget ``reservation`` and this process's model-call
    slot (``slot_release``) from ``_prepare`` until ``_call_end``: settled and
    released once, whichever way the call ends.
    """

    system: str
    messages: list[dict]
    grounding: Grounding
    citations: list[dict]
    cache_key: str
    reservation: budget.Reservation | None = None
    slot_release: Callable[[], None] | None = None


@dataclass
class ChatTurn:
    """A message taken through steps 2-9: answered already (``reply``) or waiting on the model."""

    text: str
    started: float
    log: dict
    reply: ChatReply | None = None
    call: ModelCall | None = None


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

    ``chat_turn_begin`` then ``chat_turn_complete``; raises what the first raises.
    """
    provider = provider or get_provider()
    turn = chat_turn_begin(
        body=body,
        client=client,
        request_id=request_id,
        provider=provider,
        flood_limiter=flood_limiter,
        rate_limiter=rate_limiter,
    )
    return chat_turn_complete(turn, provider=provider)


def chat_turn_begin(
    *,
    body: bytes,
    client: str = "",
    request_id: str = "",
    provider: Provider | None = None,
    flood_limiter: RateLimiter = _unlimited,
    rate_limiter: RateLimiter = _unlimited,
) -> ChatTurn:
    """The flood cap and steps 1-9: everything up to the answer, every refusal included.

    ``flood_limiter`` is asked before anything else (a refusal writes no log row);
    ``rate_limiter`` only after the guard, the canned answers and the cache, so
    blocked messages and free answers never use it up.
    Raises ChatThrottled (429), or the shape errors of ``chat_request_parse`` (4xx).
    The request's ``conversation_id`` continues a thread only if this server
    issued it; anything else starts a new conversation, whose id the reply carries.
    """
    _limit(flood_limiter)  # the flood cap: before the guard, no ChatLog row either
    chat = chat_request_parse(body, max_bytes=settings.API_MAX_BODY_BYTES)  # step 1
    started = time.perf_counter()
    # Step 2, bounded before any Unicode work: normalising costs the same for any body.
    raw, cut = message_bound(chat.message, max_chars=settings.EVE_MAX_CHARS)
    text = normalise_message(raw)
    if not text and not cut:
        raise EmptyMessage()
    continued = conversation_id_verified(chat.conversation_id)
    log = {
        "message": text,
        "client": client,
        "session_id": chat.session_id,
        "request_id": request_id,
        "conversation_id": continued or conversation_id_issue(),
    }
    turn = ChatTurn(text, started, log)
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
        turn.reply = ChatReply(
            nudge, ChatLog.Source.GUARD, verdict.blocked, category=verdict.category
        )
        return turn
    thread = conversation_thread_get(conversation_id=continued)
    return _prepare(
        turn,
        thread=thread,
        snapshot=snapshot,
        provider=provider or get_provider(),
        rate_limiter=rate_limiter,
    )


def _limit(limiter: RateLimiter) -> None:
    wait = limiter()
    if wait is not None:
        raise ChatThrottled(wait)


def _prepare(
    turn: ChatTurn,
    *,
    thread: Thread,
    snapshot: ContentSnapshot,
    provider: Provider,
    rate_limiter: RateLimiter,
) -> ChatTurn:
    """Steps 5-9: canned, cache, throttle, retrieve, budget; sets ``turn.reply`` or ``turn.call``.

    Canned and cached answers cost nothing, so they come before the per-client
    limits: a visitor clicking every suggestion chip keeps their allowance for
    questions that need retrieval or the model (the flood cap still counts all).
    A paid call leaves here holding its reservation and slot (see ``ModelCall``).
    """
    text = turn.text
    key = match_key(text)
    canned = snapshot.canned.get(key)
    if canned:
        turn.reply = ChatReply(canned, ChatLog.Source.CANNED)
        return turn
    topic = thread_topic(question=text, thread=thread, index=snapshot.index)
    cache_key = _cache_key(snapshot, key, provider, thread=thread, topic=topic)
    cached = _cache_get(cache_key)
    if cached:
        turn.reply = ChatReply(
            cached["response"], ChatLog.Source.CACHE, citations=cached["citations"]
        )
        return turn
    try:
        _limit(rate_limiter)  # step 7
    except ChatThrottled:
        turn.reply = ChatReply("", ChatLog.Source.GUARD, THROTTLED)
        _finish(turn)
        raise
    found = evidence_gather(question=text, index=snapshot.index, limit=settings.EVE_CONTEXT_RECORDS)
    found = thread_retrieval(found, topic=topic, limit=settings.EVE_CONTEXT_RECORDS)
    records = found.records
    grounding = Grounding(question=text, found=found, owner=snapshot.owner)
    citations = [record.citation() for record in records]
    if not records:
        # Nothing to ground an answer in: the knowledge base says so for free
        # rather than paying a model to say "I don't know".
        turn.reply = _knowledge_reply(grounding, citations)
        _cache_set(cache_key, turn.reply)
        return turn
    call = ModelCall(
        system=prompts.system_prompt_build(
            owner=snapshot.owner,
            records=records,
            missing=found.missing,
            omitted=found.omitted,
            requirements=found.requirements,
        ),
        messages=history_messages_build(
            thread=thread, question=text, max_tokens=settings.EVE_HISTORY_TOKENS
        ),
        grounding=grounding,
        citations=citations,
        cache_key=cache_key,
    )
    if provider.costs_tokens:  # step 8: the budget only matters when a model call follows
        refusal = _call_hold(call)
        if refusal:
            turn.reply = _knowledge_reply(
                grounding, citations, reason=refusal, degraded=refusal == budget.MODEL_BUSY
            )
            return turn
    turn.call = call
    return turn


def _call_hold(call: ModelCall) -> str:
    """Take a model-call slot, then reserve the call's worst case; "" or why not.

    Both are held past this function (the call happens in ``chat_turn_complete``
    or ``chat_turn_stream``), so they are released explicitly by ``_call_end``.
    """
    release = budget.model_call_slot_acquire()
    if release is None:  # every slot of this process is waiting on the model already
        return budget.MODEL_BUSY
    try:
        _budget_gauge_update()
        call.reservation = budget.reservation_create(
            input_estimate=budget.prompt_tokens_estimate(system=call.system, messages=call.messages)
        )
    except budget.BudgetSpent as spent:
        release()
        return spent.reason
    except BaseException:
        release()
        raise
    call.slot_release = release
    return ""


def _call_end(
    call: ModelCall,
    *,
    attempts: int,
    input_tokens: int | None = None,
    output_tokens: int | None = None,
) -> Decimal:
    """Settle the reservation (``None`` tokens: failed, at its estimate) and free the slot, once."""
    reservation, call.reservation = call.reservation, None
    release, call.slot_release = call.slot_release, None
    try:
        if reservation is None:
            return Decimal(0)
        return budget.reservation_settle(
            reservation, input_tokens=input_tokens, output_tokens=output_tokens, attempts=attempts
        ).cost_usd
    finally:
        if release is not None:
            release()


def chat_turn_complete(turn: ChatTurn, *, provider: Provider | None = None) -> ChatReply:
    """Step 10 in one piece (Converse) when the model is needed, then step 11."""
    if turn.call is not None:
        provider = provider or get_provider()
        connection_release()  # no database connection sits idle through the model's second
        asked = time.perf_counter()
        try:
            result = provider.complete(
                system=turn.call.system,
                messages=turn.call.messages,
                grounding=turn.call.grounding,
            )
        except ProviderError as exc:
            turn.reply = _degraded(turn.call, exc)
        except BaseException:  # a worker timeout mid-call: never leave the reservation held
            _call_end(turn.call, attempts=settings.EVE_MAX_ATTEMPTS)
            raise
        else:
            if provider.costs_tokens:  # unstreamed, the first token comes with the last
                metrics.first_token_observe(
                    model=result.model_id, seconds=time.perf_counter() - asked
                )
            turn.reply = _model_reply(turn.call, result, provider)
    return _finish(turn)


def chat_turn_stream(
    turn: ChatTurn, *, provider: Provider | None = None
) -> Iterator[str | ChatReply]:
    """Step 10 streamed (ConverseStream), then step 11: text pieces, then the logged reply.

    An answer that needs no model is one piece. A failure mid-stream still ends
    with a reply (the degraded knowledge-base answer), never an exception; a
    visitor who leaves mid-reply still gets a log row and the tokens counted.
    Closed before its first piece (the visitor left before the body was read),
    it still releases the turn's slot and reservation and logs the turn.
    """
    return _TurnStream(turn, _turn_stream(turn, provider=provider))


class _TurnStream:
    """The stream's generator, plus what closing it unstarted must still do.

    Closing a generator that never ran runs none of its code, so a reservation
    and a model-call slot taken in ``_prepare`` would be held for good.
    """

    def __init__(self, turn: ChatTurn, pieces: Iterator[str | ChatReply]):
        self._turn, self._pieces, self._started, self._closed = turn, pieces, False, False

    def __iter__(self):
        return self

    def __next__(self) -> str | ChatReply:
        self._started = True
        return next(self._pieces)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        call = self._turn.call
        if not self._started and call is not None:
            _call_end(call, attempts=0)  # the model was never asked: nothing billed
            reply = _knowledge_reply(
                call.grounding, call.citations, reason="client_gone", degraded=True
            )
            reply.response, reply.model_id = "", settings.EVE_MODEL_ID
            self._turn.reply = reply
            _finish(self._turn)
        self._pieces.close()


def _turn_stream(turn: ChatTurn, *, provider: Provider | None) -> Iterator[str | ChatReply]:
    if turn.call is None:
        reply = _finish(turn)
        yield reply.response
        yield reply
        return
    provider = provider or get_provider()
    sent: list[str] = []
    connection_release()
    try:
        try:
            result = yield from _relay(turn.call, provider, sent)
        except ProviderError as exc:
            turn.reply = _degraded(turn.call, exc)
            if not sent:  # failed before a word: the fallback is the one piece
                yield turn.reply.response
        else:
            turn.reply = _model_reply(turn.call, result, provider)
    except GeneratorExit:
        turn.reply = _abandoned(turn.call, "".join(sent), provider)
        _finish(turn)
        raise
    except BaseException:  # anything else mid-stream: the reservation is still settled
        _call_end(turn.call, attempts=settings.EVE_MAX_ATTEMPTS)
        raise
    yield _finish(turn)


def _relay(call: ModelCall, provider: Provider, sent: list[str]):
    """Yield the provider's text pieces as they come; return its ProviderReply."""
    stream = getattr(provider, "stream", None)
    if stream is None:  # a provider that cannot stream answers in one piece
        result = provider.complete(
            system=call.system, messages=call.messages, grounding=call.grounding
        )
        sent.append(result.text)
        yield result.text
        return result
    asked = time.perf_counter()
    pieces = stream(system=call.system, messages=call.messages, grounding=call.grounding)
    try:
        while True:
            try:
                piece = next(pieces)
            except StopIteration as done:
                return done.value
            if not sent and provider.costs_tokens:
                metrics.first_token_observe(
                    model=settings.EVE_MODEL_ID, seconds=time.perf_counter() - asked
                )
            sent.append(piece)
            yield piece
    finally:
        pieces.close()  # the visitor left: stop reading the model's stream now, not at GC


def _model_reply(call: ModelCall, result: ProviderReply, provider: Provider) -> ChatReply:
    """A provider's answer: settled to its real usage (retries included), cached."""
    cost = _call_end(
        call,
        input_tokens=result.input_tokens,
        output_tokens=result.output_tokens,
        attempts=result.attempts,
    )
    if provider.costs_tokens:
        alerts.provider_success_record()
    source = ChatLog.Source.MODEL if provider.costs_tokens else ChatLog.Source.KNOWLEDGE_BASE
    reply = ChatReply(
        result.text,
        source,
        citations=call.citations,
        model_id=result.model_id,
        input_tokens=result.input_tokens,
        output_tokens=result.output_tokens,
        cost_usd=cost,
    )
    _cache_set(call.cache_key, reply)
    return reply


def _degraded(call: ModelCall, exc: ProviderError) -> ChatReply:
    """The provider failed: settled at its estimate (it may be billed), the owner told."""
    paid = call.reservation is not None
    cost = _call_end(call, attempts=_failed_attempts(exc))
    if paid:
        alerts.provider_failure_record(reason=exc.reason)
    reply = _knowledge_reply(call.grounding, call.citations, reason=exc.reason, degraded=True)
    reply.model_id = settings.EVE_MODEL_ID
    reply.cost_usd = cost
    return reply


def _abandoned(call: ModelCall, partial: str, provider: Provider) -> ChatReply:
    """The visitor left mid-stream: log what was sent, count the tokens it cost (estimated)."""
    input_tokens = output_tokens = 0
    if provider.costs_tokens:
        input_tokens = prompts.estimated_tokens(
            call.system, *(block["text"] for m in call.messages for block in m["content"])
        )
        output_tokens = prompts.estimated_tokens(partial)
    # Settled at the estimate: the model has read the prompt and written this much.
    cost = _call_end(call, input_tokens=input_tokens, output_tokens=output_tokens, attempts=1)
    reply = _knowledge_reply(call.grounding, call.citations, reason="client_gone", degraded=True)
    reply.model_id = settings.EVE_MODEL_ID
    reply.response = partial
    reply.input_tokens, reply.output_tokens, reply.cost_usd = input_tokens, output_tokens, cost
    return reply


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


def _cache_key(
    snapshot: ContentSnapshot,
    key: str,
    provider: Provider,
    *,
    thread: Thread,
    topic: tuple[Record, ...],
) -> str:
    """Content version, sources table, day (certificates expire), provider and model: any change misses.

    A follow-up's answer depends on its thread, so it is keyed by what it resolved
    to as well: "What stack did it use?" about two projects is two entries, and
    never the first-turn entry for the same words.
    """
    model = settings.EVE_MODEL_ID if provider.costs_tokens else ""
    scope = f"{provider.name}|{model}|{key}"
    if thread.is_follow_up:
        scope += f"|thread:{topic_key(topic)}"
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


def _finish(turn: ChatTurn) -> ChatReply:
    """Step 11: one ChatLog row, its metrics, and one INFO line (without the message text)."""
    reply, log = turn.reply, turn.log
    assert reply is not None, "a turn is finished once it has a reply"
    reply.conversation_id = log["conversation_id"]
    message = log["message"]
    latency_ms = int((time.perf_counter() - turn.started) * 1000)
    row = ChatLog.objects.create(
        request_id=log["request_id"][:64],
        session_id=log["session_id"][:64],
        conversation_id=reply.conversation_id,
        client_hash=log["client"][:64],
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
