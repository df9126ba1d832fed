"""What the hostile chat bodies cost, against a normal guard reply (issue 17).

    python -m bench.hostile_input            # about a minute
    python -m bench.hostile_input --fuzz 0   # skip the fuzzing

Two measures per body, both CPU time (``time.process_time``), best of a few
runs so other processes on the machine barely move it:

- **pipeline**: steps 1-4 only (``chat_request_parse``, bound, normalise,
  guard), with the old normalisation and short-question pattern alongside
  for the same body, so the table shows before and after;
- **request**: the whole POST /api/chat/ through Django's test client on a
  throwaway SQLite database (log row included), in development settings.

Every hostile body is at most 16 KiB of JSON (the API's cap). Then a
hypothesis search (``target()`` steering towards slower bodies) looks for
anything worse than the hand-built ones. The target (issue 17): no body costs
more than 10x a normal guard reply.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from harness.old_normalise import old_normalise

CAP = 16 * 1024
NORMAL = "hi"  # a normal guard reply ("too_short")
QUESTION = "What AWS certifications does he hold?"


def _fill(prefix: str, unit: str, suffix: str = "") -> str:
    """The longest ``prefix + unit*n + suffix`` whose JSON body fits in the 16 KiB cap."""
    low, high = 0, CAP
    while low < high:
        mid = (low + high + 1) // 2
        if len(_body(prefix + unit * mid + suffix)) <= CAP:
            low = mid
        else:
            high = mid - 1
    return prefix + unit * low + suffix


def _body(message: str) -> bytes:
    return json.dumps({"message": message}, ensure_ascii=False).encode()


def hostile_messages() -> dict[str, str]:
    """The worst bodies we could build, each filling the cap."""
    just_under = 3990  # stays under the 4x raw bound, so it is normalised whole
    return {
        "combining marks, alternating classes": _fill("a", "\u0301\u0316"),
        "combining marks, descending blocks": "a"
        + "\u0301" * 2700
        + "\u0316" * 2700
        + "\u0334" * 2700,
        "marks under the bound (30-runs)": ("a" + "\u0301\u0316" * 15 + "\u0334") * 125,
        "Tibetan U+0F73 (two marks each)": _fill("a", "\u0f73"),
        "zero-width spaces + question": _fill("", "\u200b", QUESTION),
        "U+FDFA (NFKC x18) under the bound": "\ufdfa" * just_under + "\x00",
        "unassigned code points": _fill("", "\u0378"),
        '"ab???...x"': _fill("ab", "?", "x"),
        '"ab???...x" under the bound': "ab" + "?" * 995 + "x",
        "one word repeated": _fill("", "aws "),
        "keyboard mash words": _fill("", "asdfgh "),
        "apostrophes in one word": _fill("a", "'a"),
        "whitespace padding + question": _fill("", "\n", QUESTION),
        "emoji": _fill("", "\U0001f600"),
    }


# --------------------------------------------- the code before issue 17
_OLD_SHORT_QUESTION = re.compile(r"^\W*([^\W\d_][^\W_]{1,4})\s*\?+\W*$")


def _old_pipeline(body: bytes, vocabulary) -> None:
    from eve.guard import check_message

    message = json.loads(body)["message"]
    text = old_normalise(message)
    if len(text) > 1000:
        return  # the old guard refused as too_long before its patterns ran
    _OLD_SHORT_QUESTION.match(text)
    check_message(text, vocabulary=vocabulary, min_chars=5, max_chars=1000)


def _new_pipeline(body: bytes, vocabulary) -> None:
    from cloudforgex.errors import ApiError
    from eve.guard import TOO_LONG, Verdict, chat_request_parse, check_message
    from eve.text import message_bound, normalise_message

    try:
        chat = chat_request_parse(body, max_bytes=CAP)
    except ApiError:  # a 400 costs less than any reply
        return
    raw, cut = message_bound(chat.message, max_chars=1000)
    text = normalise_message(raw)
    if cut:
        Verdict(TOO_LONG)
    else:
        check_message(text, vocabulary=vocabulary, min_chars=5, max_chars=1000)


def cpu_ms(call, *, repeat: int = 5, number: int = 3) -> float:
    """Best-of CPU milliseconds per call."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for _ in range(number):
            call()
        best = min(best, (time.process_time() - started) / number)
    return best * 1000


def _setup():
    folder = Path(tempfile.mkdtemp(prefix="cfx-hostile-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "cloudforgex.settings",
            "DJANGO_DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "EVE_PROVIDER": "knowledge_base",
            "EVE_THROTTLE_RATES": "burst=1000000/min,sustained=100000000/day,flood=1000000/min",
            "DJANGO_LOG_LEVEL": "ERROR",
        }
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.test import Client

    from eve.snapshot_cache import content_snapshot_get

    return Client(), content_snapshot_get().vocabulary


def _request_ms(client, body: bytes) -> float:
    def post():
        response = client.post(
            "/api/chat/", body, content_type="application/json", HTTP_HOST="localhost"
        )
        assert response.status_code == 200, response.content[:200]

    return cpu_ms(post, repeat=3, number=2)


def fuzz(vocabulary, *, examples: int) -> tuple[float, str]:
    """Hypothesis steering towards the slowest pipeline body; returns (ms, description)."""
    from hypothesis import given, settings, target
    from hypothesis import strategies as st

    alphabet = st.sampled_from(
        [
            *("a", "b", "?", " ", "'", "\n", "\u0301", "\u0316", "\u0334", "\u0f73", "\u0344"),
            *("\u200b", "\x00", "\ufdfa", "\u3000", "\u0378", "ｆ", "가", "\u1100", "\u1161"),
        ]
    )
    piece = st.tuples(alphabet, st.integers(1, 4000))
    worst = [0.0, "", b""]

    @settings(max_examples=examples, deadline=None, database=None)
    @given(st.lists(piece, min_size=1, max_size=8))
    def search(pieces):
        message = "".join(char * count for char, count in pieces)
        body = _body(message)
        if len(body) > CAP:
            return
        elapsed = cpu_ms(lambda: _new_pipeline(body, vocabulary), repeat=1, number=1)
        target(elapsed)
        if elapsed > worst[0]:
            shown = " + ".join(f"{char!r}x{count}" for char, count in pieces)
            worst[:] = [elapsed, shown, body]

    search()
    # Measure the winner properly (the search measured each body once).
    return cpu_ms(lambda: _new_pipeline(worst[2], vocabulary)), worst[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fuzz", type=int, default=300, help="hypothesis examples (0: none)")
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    client, vocabulary = _setup()
    normal_body = _body(NORMAL)
    normal_pipeline = cpu_ms(lambda: _new_pipeline(normal_body, vocabulary), number=50)
    normal_request = _request_ms(client, normal_body)
    print(
        f"normal guard reply ({NORMAL!r}): pipeline {normal_pipeline:.3f} ms, "
        f"request {normal_request:.2f} ms CPU"
    )
    print()
    print(
        "| body (<= 16 KiB) | pipeline before (ms) | pipeline now (ms) | request now (ms) "
        "| x normal guard request |"
    )
    print("|---|---|---|---|---|")
    worst = 0.0
    for name, message in hostile_messages().items():
        body = _body(message)
        assert len(body) <= CAP, (name, len(body))
        before = cpu_ms(lambda body=body: _old_pipeline(body, vocabulary), repeat=2, number=1)
        now = cpu_ms(lambda body=body: _new_pipeline(body, vocabulary))
        request = _request_ms(client, body)
        worst = max(worst, request / normal_request)
        print(
            f"| {name} | {before:.2f} | {now:.3f} | {request:.2f} "
            f"| {request / normal_request:.1f} |"
        )
    print()
    print(f"worst hand-built body: {worst:.1f}x a normal guard request (target: <= 10x)")
    if args.fuzz:
        slowest, shown = fuzz(vocabulary, examples=args.fuzz)
        print(
            f"fuzz ({args.fuzz} hypothesis bodies): slowest pipeline {slowest:.3f} ms "
            f"(steps 1-4 only) = {slowest / normal_request:.2f}x a normal guard request; "
            f"{shown}"
        )


if __name__ == "__main__":
    main()
