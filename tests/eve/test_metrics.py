"""EVE's Prometheus counters move with what visitors get: replies, blocks, tokens, fallbacks, budget, TTFT."""

from __future__ import annotations

import json
import logging

from prometheus_client import REGISTRY

from eve.models import ChatLog

MODEL = "eu.anthropic.claude-haiku-4-5-20251001-v1:0"  # the default EVE_MODEL_ID


def _value(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _snapshot() -> dict:
    return {
        "model": _value("eve_replies_total", source="model"),
        "kb": _value("eve_replies_total", source="knowledge_base"),
        "guard": _value("eve_replies_total", source="guard"),
        "too_short": _value("eve_blocked_total", reason="too_short"),
        "tokens_in": _value("eve_model_tokens_total", model=MODEL, direction="input"),
        "tokens_out": _value("eve_model_tokens_total", model=MODEL, direction="output"),
        "degraded": _value("eve_degraded_total", reason="bedrock:ThrottlingException"),
        "ttft": _value("eve_time_to_first_token_seconds_count", model=MODEL),
    }


def test_replies_blocks_and_tokens_are_counted(portfolio, chat, fake_bedrock, settings):
    """A model answer, a guard nudge: counted by source and reason; tokens as the ChatLog has them."""
    before = _snapshot()
    assert chat("What has he built with Kubernetes?").json()["source"] == "model"
    assert chat("hi").json()["blocked"] == "too_short"
    after = _snapshot()
    log = ChatLog.objects.get(source="model")
    assert after["model"] - before["model"] == 1
    assert after["guard"] - before["guard"] == 1
    assert after["too_short"] - before["too_short"] == 1
    assert after["tokens_in"] - before["tokens_in"] == log.input_tokens > 0
    assert after["tokens_out"] - before["tokens_out"] == log.output_tokens > 0
    assert after["ttft"] - before["ttft"] == 1
    remaining = _value("eve_daily_token_budget_remaining")
    assert remaining == settings.EVE_DAILY_TOKEN_BUDGET  # read before the first call of the day


def test_a_failed_model_call_counts_as_degraded_with_its_reason(portfolio, chat, fake_bedrock):
    before = _snapshot()
    fake_bedrock.set_mode("throttle")
    body = chat("What has he built with Kubernetes?").json()
    assert body["degraded"] is True
    after = _snapshot()
    assert after["degraded"] - before["degraded"] == 1
    assert after["kb"] - before["kb"] == 1
    assert after["ttft"] == before["ttft"]  # no first token ever came


def test_budget_gauge_follows_todays_spend(portfolio, chat, fake_bedrock, settings):
    """After one model call, the next question reports what is left of the daily budget."""
    chat("What has he built with Kubernetes?")
    spent = ChatLog.objects.get().input_tokens + ChatLog.objects.get().output_tokens
    chat("Which AWS certifications does he hold?")
    assert _value("eve_daily_token_budget_remaining") == settings.EVE_DAILY_TOKEN_BUDGET - spent


def test_reply_log_line_carries_the_numbers_as_json_fields(portfolio, chat, fake_bedrock, caplog):
    """On Lambda, CloudWatch metric filters read these fields from the JSON log line."""
    from cloudforgex.logs import JsonFormatter

    with caplog.at_level(logging.INFO, logger="eve.services"):
        chat("What has he built with Kubernetes?")
    (record,) = [r for r in caplog.records if r.getMessage().startswith("eve reply")]
    fields = json.loads(JsonFormatter().format(record))["eve"]
    log = ChatLog.objects.get()
    assert fields["source"] == "model" and fields["model_id"] == MODEL
    assert (fields["input_tokens"], fields["output_tokens"]) == (
        log.input_tokens,
        log.output_tokens,
    )
    assert fields["degraded"] is False and fields["blocked"] is None
    assert fields["replied"] is True


def test_budget_and_first_token_have_json_lines_of_their_own(portfolio, chat, fake_bedrock, caplog):
    from cloudforgex.logs import JsonFormatter

    with caplog.at_level(logging.INFO, logger="eve.metrics"):
        chat("What has he built with Kubernetes?")
    lines = [
        json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == "eve.metrics"
    ]
    budget = [line["eve_budget"] for line in lines if "eve_budget" in line]
    first = [line["eve_first_token"] for line in lines if "eve_first_token" in line]
    assert budget and budget[0]["remaining"] > 0
    assert first and first[0]["model"] == MODEL and first[0]["seconds"] >= 0
