"""EVE's own numbers for Prometheus (scraped as in ``cloudforgex.metrics``).

Everything is recorded from the one ``ChatLog`` row each answered request
writes, so the metrics and the owner's log can never disagree; only the
budget gauge and time to first token are observed where they happen. On
Lambda nothing scrapes a process: the same numbers are fields of the JSON
``eve reply`` log line, which CloudWatch metric filters count (README "Metrics").
"""

from __future__ import annotations

import logging

from cloudforgex.metrics import counter, gauge, histogram

# The two numbers the reply line does not carry get a JSON line of their own.
logger = logging.getLogger(__name__)

REPLIES = counter("eve_replies_total", "Chat replies, by where the answer came from.", ["source"])
BLOCKED = counter(
    "eve_blocked_total", "Messages refused by the guard or the throttle, by reason.", ["reason"]
)
DEGRADED = counter(
    "eve_degraded_total",
    "Model calls that failed and fell back to the knowledge base, by reason.",
    ["reason"],
)
TOKENS = counter(
    "eve_model_tokens_total", "Model tokens, by model and direction (input/output).",
    ["model", "direction"],
)  # fmt: skip
COST = counter("eve_model_cost_usd_total", "What model calls cost, in US dollars.", ["model"])
BUDGET_REMAINING = gauge(
    "eve_daily_token_budget_remaining", "Model tokens left in today's (UTC) budget."
)
FIRST_TOKEN = histogram(
    "eve_time_to_first_token_seconds",
    "From asking the model to its first answer token (the whole call when not streamed).",
    buckets=(0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8, 13, 21),
    labels=["model"],
)


def chat_log_observe(*, log) -> None:
    """Count one answered request from its ``eve.models.ChatLog`` row."""
    if log.blocked:
        BLOCKED.labels(reason=log.blocked).inc()
    if log.response:
        REPLIES.labels(source=log.source).inc()
    if log.degraded:
        DEGRADED.labels(reason=log.fallback_reason or "unknown").inc()
    if log.input_tokens or log.output_tokens:
        model = log.model_id or "unknown"
        TOKENS.labels(model=model, direction="input").inc(log.input_tokens)
        TOKENS.labels(model=model, direction="output").inc(log.output_tokens)
    if log.cost_usd:
        COST.labels(model=log.model_id or "unknown").inc(float(log.cost_usd))


def budget_remaining_set(*, tokens: int) -> None:
    tokens = max(tokens, 0)
    BUDGET_REMAINING.set(tokens)
    logger.info("eve budget remaining=%d", tokens, extra={"eve_budget": {"remaining": tokens}})


def first_token_observe(*, model: str, seconds: float) -> None:
    """Call when the model's first token arrives (the streaming path) or its reply does."""
    model = model or "unknown"
    FIRST_TOKEN.labels(model=model).observe(seconds)
    logger.info(
        "eve first token model=%s seconds=%.3f",
        model,
        seconds,
        extra={"eve_first_token": {"model": model, "seconds": round(seconds, 3)}},
    )
