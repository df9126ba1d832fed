"""What must never appear in a response body: a traceback, a secret, EVE's instructions."""

from __future__ import annotations

import importlib

from django.conf import settings

TRACE_MARKERS = ("Traceback (most recent call last)", 'File "/', "django.core.exceptions")


def prompt_snippets() -> list[str]:
    """Distinctive 40-character pieces of every long instruction string in eve.prompts."""
    try:
        prompts = importlib.import_module("eve.prompts")
    except ImportError:
        return []
    snippets = []
    for value in vars(prompts).values():
        if isinstance(value, str) and len(value) >= 80:
            for line in value.splitlines():
                line = line.strip()
                if len(line) >= 40 and "{" not in line[:40]:
                    snippets.append(line[:40])
    return snippets


def assert_no_leak(body: bytes | str) -> None:
    """Fail if the body carries a stack trace, the secret key or a piece of the system prompt."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    for marker in TRACE_MARKERS:
        assert marker not in text, f"stack trace leaked: {text[:300]!r}"
    assert settings.SECRET_KEY not in text, "SECRET_KEY leaked"
    for snippet in prompt_snippets():
        assert snippet not in text, f"system prompt leaked: {snippet!r}"
