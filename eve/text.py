"""Text primitives shared by the guard, canned answers, the cache and retrieval."""

import re
import unicodedata

# Cc (controls, NUL), Cf (format: zero-width, bidi overrides), Cs (lone surrogates
# that JSON can smuggle in and PostgreSQL refuses), Co/Cn (private, unassigned).
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_APOSTROPHES = re.compile(r"['’]")
# For match keys only: a word keeps a trailing + or # ("C++", "C#", "F#").
_KEY_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*[+#]*")


def normalise_message(text: str) -> str:
    """Step 2 of the pipeline: NFKC, control/format characters removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isprintable():
        text = "".join(
            " " if char in "\t\n\r\x0b\x0c" else char
            for char in text
            if char in "\t\n\r\x0b\x0c" or unicodedata.category(char) not in _DROPPED_CATEGORIES
        )
    return _WHITESPACE.sub(" ", text).strip()


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
