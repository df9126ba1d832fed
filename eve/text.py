"""Text primitives shared by the guard, canned answers, the cache and retrieval."""

import re
import unicodedata

from eve.nonstarters import NON_STARTER_RANGES

# Cc (controls, NUL), Cf (format: zero-width, bidi overrides), Cs (lone surrogates
# that JSON can smuggle in and PostgreSQL refuses), Co/Cn (private, unassigned).
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_APOSTROPHES = re.compile(r"['’]")
# For match keys only: a word keeps a trailing + or # ("C++", "C#", "F#").
_KEY_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*[+#]*")


# NFKC sorts each run of combining marks by insertion sort: thousands of them
# in a row cost quadratic time (0.2 s for one 16 KB message). Unicode's
# stream-safe format (UAX #15) allows at most 30 non-starters in a row; no
# real text comes near it, so anything past 30 is dropped before NFKC.
MAX_NON_STARTERS = 30
_NON_STARTER_CLASS = "".join(
    f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in NON_STARTER_RANGES
)
_LONG_NON_STARTER_RUN = re.compile(f"[{_NON_STARTER_CLASS}]{{{MAX_NON_STARTERS + 1},}}")
_ASCII_SPACE_RUN = re.compile(r"[ \t\n\r\x0b\x0c]+")
# No real question needs more raw characters than this per character that is
# left after normalising (NFKC composes at most 3 into 1); only padding with
# invisible or dropped characters does.
RAW_CHARS_PER_CHAR = 4


def message_bound(text: str, *, max_chars: int) -> tuple[str, bool]:
    """Cut raw text to what ``max_chars`` normalised characters could come from.

    ASCII whitespace runs are collapsed first (what normalising would do
    anyway), so padding never counts. Returns the text to normalise and
    whether it was cut: a cut message is too long whatever is left of it.
    Linear time, before any Unicode work, so a 16 KiB body costs no more to
    refuse than a 4 KiB one.
    """
    text = _ASCII_SPACE_RUN.sub(" ", text).strip(" ")
    limit = max_chars * RAW_CHARS_PER_CHAR
    if len(text) <= limit:
        return text, False
    return text[:limit], True


def normalise_message(text: str) -> str:
    """Step 2 of the pipeline: NFKC, control/format characters removed, whitespace collapsed.

    Linear time on any input: runs of combining marks are capped at
    ``MAX_NON_STARTERS`` first (their excess carries no meaning).
    """
    text = _drop_invisible(text)
    if not text.isascii():
        text = _LONG_NON_STARTER_RUN.sub(_first_non_starters, text)
        text = unicodedata.normalize("NFKC", text)
        # Dropped before NFKC: its output can be 18x longer than its input
        # (U+FDFA) and the drop loop is per character. Again only if needed.
        text = _drop_invisible(text)
    return _WHITESPACE.sub(" ", text).strip()


def _drop_invisible(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(
        " " if char in "\t\n\r\x0b\x0c" else char
        for char in text
        if char in "\t\n\r\x0b\x0c" or unicodedata.category(char) not in _DROPPED_CATEGORIES
    )


def _first_non_starters(run: re.Match) -> str:
    return run.group()[:MAX_NON_STARTERS]


def fold(word: str) -> str:
    """Case- and accent-insensitive form of a word ("Grüß" -> "gruss", "Olá" -> "ola")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The folded words of a text; apostrophes inside a word are dropped ("what's" -> "whats")."""
    return [_APOSTROPHES.sub("", fold(match)) for match in _WORD.findall(text)]


def match_key(text: str) -> str:
    """What two messages share when they ask the same thing: words only, folded, single-spaced.

    "+" and "#" stay part of a word, so "C++?" and "C#?" are different questions.
    """
    return " ".join(_APOSTROPHES.sub("", fold(match)) for match in _KEY_WORD.findall(text))
