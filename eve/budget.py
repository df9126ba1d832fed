"""Pipeline step 8: what a model call may spend, reserved before it and settled after.

Checking the budget before a call and charging it afterwards lets every
concurrent request see the same unspent budget (40 visitors against 1,000
tokens once recorded 17,208). Instead a call first *reserves* its worst case
(estimated input + ``EVE_MAX_TOKENS``, for every attempt boto3 may make) in
one conditional UPDATE of today's ``TokenUsage`` row, which the database
applies atomically: PostgreSQL re-checks the WHERE clause against the row a
concurrent UPDATE just committed, SQLite serialises writers. Only what fits
is reserved, so the recorded total never passes the budget by more than the
rounding of one reservation. After the call the reservation is *settled* to
the real usage; a failed or timed-out call is settled at its estimate, since
Bedrock may bill it.

``model_call_slot`` caps the model calls in flight in this process
(``EVE_MAX_CONCURRENT_MODEL_CALLS``): the excess gets the knowledge-base answer
at once rather than joining a queue that grows without bound.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from eve.models import TokenUsage

DAILY_BUDGET_SPENT = "daily_budget_spent"
MONTHLY_BUDGET_SPENT = "monthly_budget_spent"
MODEL_BUSY = "model_busy"
_MILLION = Decimal(1_000_000)
_MICRO_DOLLAR = Decimal("0.000001")
# Claude's tokenizer yields more tokens per character than the chars/4 rule of
# thumb (more still outside English), so the reservation assumes 3 plus a margin.
_CHARS_PER_TOKEN = 3
_INPUT_OVERHEAD_TOKENS = 16


@dataclass(frozen=True)
class Reservation:
    """Tokens and dollars held on ``day``'s row for one model call (all its attempts)."""

    day: date
    input_tokens: int
    output_tokens: int
    cost_usd: Decimal
    attempts: int

    @property
    def per_attempt_input(self) -> int:
        return self.input_tokens // self.attempts

    @property
    def per_attempt_output(self) -> int:
        return self.output_tokens // self.attempts


class BudgetSpent(Exception):
    """The reservation does not fit today's token budget or this month's money budget."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def cost_usd(*, input_tokens: int, output_tokens: int) -> Decimal:
    """What Bedrock charges for these tokens at the configured per-million prices."""
    price_in = Decimal(str(settings.EVE_PRICE_INPUT_PER_MTOK))
    price_out = Decimal(str(settings.EVE_PRICE_OUTPUT_PER_MTOK))
    cost = (Decimal(input_tokens) * price_in + Decimal(output_tokens) * price_out) / _MILLION
    return cost.quantize(_MICRO_DOLLAR, rounding=ROUND_HALF_UP)


def input_tokens_estimate(*texts: str) -> int:
    """A generous input estimate for a prompt made of ``texts`` (never below the real count)."""
    return sum(len(text) for text in texts) // _CHARS_PER_TOKEN + _INPUT_OVERHEAD_TOKENS


def prompt_tokens_estimate(*, system: str, messages: list[dict]) -> int:
    """``input_tokens_estimate`` for a Converse request (system text plus every text block)."""
    texts = [
        block.get("text", "")
        for message in messages
        for block in message.get("content", [])
        if isinstance(block, dict)
    ]
    return input_tokens_estimate(system, *texts)


def reservation_create(*, input_estimate: int, day: date | None = None) -> Reservation:
    """Reserve one call's worst case on today's row, or raise ``BudgetSpent``."""
    day = day or timezone.now().date()
    attempts = max(settings.EVE_MAX_ATTEMPTS, 1)
    input_tokens = input_estimate * attempts
    output_tokens = settings.EVE_MAX_TOKENS * attempts
    reservation = Reservation(
        day=day,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        cost_usd=cost_usd(input_tokens=input_tokens, output_tokens=output_tokens),
        attempts=attempts,
    )
    rows = _reserving_update(reservation)
    if rows is None:
        _today_row_ensure(day)
        rows = _reserving_update(reservation)
    if not rows:
        raise BudgetSpent(_spent_reason(reservation))
    return reservation


def _reserving_update(reservation: Reservation) -> int | None:
    """The one conditional UPDATE; None when today's row does not exist yet."""
    size = reservation.input_tokens + reservation.output_tokens
    conditions = [
        LessThanOrEqual(
            F("input_tokens") + F("output_tokens"), settings.EVE_DAILY_TOKEN_BUDGET - size
        )
    ]
    monthly = settings.EVE_MONTHLY_BUDGET
    if monthly is not None:
        # Earlier days of the month are settled history; today's dollars are read
        # from the row being updated, so the check is as atomic as the token one.
        allowance = Decimal(str(monthly)) - _earlier_days_cost(reservation.day)
        conditions.append(LessThanOrEqual(F("cost_usd"), allowance - reservation.cost_usd))
    changed = TokenUsage.objects.filter(*conditions, day=reservation.day).update(
        input_tokens=F("input_tokens") + reservation.input_tokens,
        output_tokens=F("output_tokens") + reservation.output_tokens,
        cost_usd=F("cost_usd") + reservation.cost_usd,
    )
    if changed:
        return changed
    return 0 if TokenUsage.objects.filter(day=reservation.day).exists() else None


def _today_row_ensure(day: date) -> None:
    try:
        with transaction.atomic():
            TokenUsage.objects.get_or_create(day=day)
    except IntegrityError:  # another process created it first
        pass


def _earlier_days_cost(day: date) -> Decimal:
    row = TokenUsage.objects.filter(day__gte=day.replace(day=1), day__lt=day).aggregate(
        total=Sum("cost_usd")
    )
    return row["total"] or Decimal(0)


def _spent_reason(reservation: Reservation) -> str:
    """Which budget refused (read after the fact: only for the log, so a race is harmless)."""
    monthly = settings.EVE_MONTHLY_BUDGET
    if monthly is None:
        return DAILY_BUDGET_SPENT
    row = TokenUsage.objects.filter(day=reservation.day).first()
    spent = (row.cost_usd if row else Decimal(0)) + _earlier_days_cost(reservation.day)
    if spent + reservation.cost_usd > Decimal(str(monthly)):
        return MONTHLY_BUDGET_SPENT
    return DAILY_BUDGET_SPENT


@dataclass(frozen=True)
class Settlement:
    """What a call really cost, once known."""

    input_tokens: int
    output_tokens: int
    cost_usd: Decimal
    attempts: int


def reservation_settle(
    reservation: Reservation,
    *,
    input_tokens: int | None = None,
    output_tokens: int | None = None,
    attempts: int = 1,
) -> Settlement:
    """Replace the reservation by the real usage (``None``: failed, charged at its estimate).

    Every failed attempt is charged at the per-attempt estimate, because it may
    have been billed though it returned no usage; ``attempts=0`` (the request
    never reached Bedrock: no route, no credentials) releases the reservation.
    """
    succeeded = input_tokens is not None
    attempts = min(max(attempts, 1 if succeeded else 0), reservation.attempts)
    failed = attempts - 1 if succeeded else attempts
    real_in = (input_tokens or 0) + failed * reservation.per_attempt_input
    real_out = (output_tokens or 0) + failed * reservation.per_attempt_output
    real_cost = cost_usd(input_tokens=real_in, output_tokens=real_out)
    TokenUsage.objects.filter(day=reservation.day).update(
        input_tokens=F("input_tokens") + (real_in - reservation.input_tokens),
        output_tokens=F("output_tokens") + (real_out - reservation.output_tokens),
        cost_usd=F("cost_usd") + (real_cost - reservation.cost_usd),
        calls=F("calls") + attempts,
    )
    return Settlement(real_in, real_out, real_cost, attempts)


_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def model_call_slot_acquire() -> Callable[[], None] | None:
    """Take one of this process's model-call slots: its release (idempotent), or None if all are taken.

    Explicit rather than a ``with`` block because a streamed reply's call happens
    after the view has returned; the pipeline releases it when the call ends.
    """
    limit = max(settings.EVE_MAX_CONCURRENT_MODEL_CALLS, 0)
    with _slots_lock:
        semaphore = _slots.setdefault(limit, threading.BoundedSemaphore(limit or 1))
    if not (limit > 0 and semaphore.acquire(blocking=False)):
        return None
    held = [True]

    def release() -> None:
        if held.pop() if held else False:
            semaphore.release()

    return release


@contextmanager
def model_call_slot() -> Iterator[bool]:
    """Yield True while holding one of this process's model-call slots, False if all are taken."""
    release = model_call_slot_acquire()
    try:
        yield release is not None
    finally:
        if release is not None:
            release()
