"""Pipeline steps 3 and 4: length limits and the wasteful-prompt filter.

The filter's rule of thumb: a message is waste only when, after removing
greetings, filler, test words, bot probes, function words and numbers,
nothing that could carry a question is left (or what is left is keyboard
mash, lorem ipsum, or one word repeated). Anything naming a topic from the
portfolio's own vocabulary passes, so "hi, what certs does he have?",
"Testing frameworks?" and "K8s?" always reach EVE. Pure functions over a
prebuilt ``GuardVocabulary`` so they cost microseconds per message.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from eve import lexicon
from eve.exceptions import EmptyMessage, InvalidJson, InvalidMessage, PayloadTooLarge
from eve.spam import spam_category
from eve.text import fold, normalise_message, words

TOO_SHORT = "too_short"
TOO_LONG = "too_long"
WASTEFUL = "wasteful"

_ELONGATION = re.compile(r"(.)\1{2,}")
# Words that only address the assistant itself ("hi EVE").
_ASSISTANT_WORDS = frozenset(
    """
    eve bot chatbot assistant there everyone chatgpt gpt openai claude gemini copilot
    siri alexa anybody anyone somebody someone
    """.split()  # noqa: SIM905
)
_CONVERSATIONAL = frozenset(
    """
    today now again doing well good fine great nice really ok okay sure right guys
    folks friend buddy mate man dude bro sir madam partner pal home sorry worries
    gday oops whoops apologies
    """.split()  # noqa: SIM905
)
# "What is EVE?" asks about the assistant (and this site's project); "hi EVE" does not.
_QUESTION_WORDS = frozenset(["what", "whats", "who", "whos", "how", "hows", "why"])
# A lone 2-5 letter token with a question mark ("SSO?", "PhD?", "US?") is a question,
# unless it is itself a question word or an interjection.
# One "?" then \W* (which also takes any further "?"): "\?+\W*$" could split a
# run of question marks n ways and was quadratic on "ab???...x".
_SHORT_QUESTION = re.compile(r"^\W*([^\W\d_][^\W_]{1,4})\s*\?\W*$")
_NOT_SHORT_QUESTIONS = frozenset(
    """
    what whats who why how when where which huh eh wat wut que quoi was wie wer
    you u me it this that so and or is are am
    """.split()  # noqa: SIM905
)
# Placeholder text people paste to see what happens.
_PLACEHOLDER = (
    ("sample", "text"),
    ("random", "text"),
    ("some", "text"),
    ("dummy", "text"),
    ("placeholder", "text"),
    ("quick", "brown", "fox"),
)
_STOPWORDS = frozenset(fold(word) for word in lexicon.STOPWORDS) | _CONVERSATIONAL
_PRONOUNS = frozenset(fold(word) for word in lexicon.OWNER_PRONOUNS)
_BUILTIN_TOPICS = frozenset(fold(word) for word in lexicon.BUILTIN_TOPICS)
_LOREM = lexicon.LOREM_WORDS


def _adjacent_pairs() -> frozenset[tuple[str, str]]:
    pairs = set()
    for row in lexicon.KEYBOARD_ROWS:
        for left, right in itertools.pairwise(row):
            pairs.update({(left, right), (right, left)})
    return frozenset(pairs)


_ADJACENT = _adjacent_pairs()


@dataclass(frozen=True)
class GuardVocabulary:
    """What the guard knows about this portfolio: its topics and the editable term list."""

    topics: frozenset[str] = _BUILTIN_TOPICS
    terms: dict[tuple[str, ...], str] = field(default_factory=dict)
    longest_term: int = 1

    @classmethod
    def build(
        cls, *, topic_texts: Iterable[str], terms: Iterable[tuple[str, str]]
    ) -> GuardVocabulary:
        """Topics from the content's own words; terms as (phrase, kind) pairs."""
        term_map: dict[tuple[str, ...], str] = {}
        for phrase, kind in terms:
            key = tuple(squeeze(word) for word in words(phrase))
            if key:
                term_map[key] = kind
        term_words = {key[0] for key in term_map if len(key) == 1}
        topics = set(_BUILTIN_TOPICS)
        for text in topic_texts:
            text_words = words(text)
            topics.update(
                word
                for word in text_words
                if len(word) > 1
                and not word.isdigit()
                # a one-word skill such as "SES" or "Go" is a topic even if it is a function word
                and (len(text_words) == 1 or word not in _STOPWORDS)
            )
        topics -= term_words | _ASSISTANT_WORDS | _CONVERSATIONAL
        longest = max((len(key) for key in term_map), default=1)
        return cls(topics=frozenset(topics), terms=term_map, longest_term=longest)


@dataclass(frozen=True)
class Verdict:
    """The guard's decision: ``blocked`` is None when the message may go on."""

    blocked: str | None
    category: str = ""


def squeeze(word: str) -> str:
    """Undo elongation: "hiiii" -> "hi", "heyyy" -> "hey", "helloooo" -> "hello"."""
    return _ELONGATION.sub(r"\1", word)


def check_message(
    message: str, *, vocabulary: GuardVocabulary, min_chars: int, max_chars: int
) -> Verdict:
    """Steps 3-4 for an already normalised message."""
    if len(message) > max_chars:
        return Verdict(TOO_LONG, "too_long")
    tokens = words(message)
    if _is_short_question(message, tokens, vocabulary):
        return Verdict(None)
    if len(message) < min_chars and not _names_a_topic(tokens, vocabulary):
        return Verdict(TOO_SHORT, "too_short")
    category = spam_category(message) or wasteful_category(tokens, vocabulary)
    if category:
        return Verdict(WASTEFUL, category)
    return Verdict(None)


def wasteful_category(tokens: list[str], vocabulary: GuardVocabulary) -> str | None:
    """Why these words are not worth a model call, or None if they may be a real question."""
    if not tokens:
        return "no_words"  # punctuation, emoji, symbols only
    if len(tokens) >= 2 and len(set(tokens)) == 1:
        return "repetition"
    if len(tokens) >= 6 and len(set(tokens)) * 3 <= len(tokens):
        return "repetition"
    squeezed = [squeeze(token) for token in tokens]
    if _is_placeholder(squeezed):
        return "test"
    remaining, kinds = _remove_terms(tokens, squeezed, vocabulary)
    if any(_is_topic(word, vocabulary) for _, word in remaining):
        return None
    if any(word == "eve" for _, word in remaining) and any(
        word in _QUESTION_WORDS for _, word in remaining
    ):
        return None  # "What is EVE?"
    if any(word in _PRONOUNS for _, word in remaining) and len(set(squeezed)) >= 2:
        return None  # "Who is he?", "Wer ist er?": about the owner
    content = [
        (original, word)
        for original, word in remaining
        if word not in _STOPWORDS and word not in _ASSISTANT_WORDS and not word.isdigit()
    ]
    if not content:
        return kinds[0] if kinds else "filler"
    lorem = sum(word in _LOREM for _, word in content)
    if lorem >= 2 and lorem * 2 >= len(content):
        return "lorem_ipsum"
    if all(_looks_like_mash(original) for original, _ in content):
        return "keyboard_mash"
    return None


def _is_short_question(message: str, tokens: list[str], vocabulary: GuardVocabulary) -> bool:
    if len(tokens) != 1 or not _SHORT_QUESTION.match(message):
        return False
    word = squeeze(tokens[0])
    return (
        (word,) not in vocabulary.terms
        and word not in _NOT_SHORT_QUESTIONS
        and word not in _CONVERSATIONAL
        and word not in _ASSISTANT_WORDS
        and not _looks_like_mash(tokens[0])
    )


def _is_placeholder(squeezed: list[str]) -> bool:
    for phrase in _PLACEHOLDER:
        size = len(phrase)
        if any(tuple(squeezed[i : i + size]) == phrase for i in range(len(squeezed) - size + 1)):
            return len(squeezed) <= 12
    return False


def _names_a_topic(tokens: list[str], vocabulary: GuardVocabulary) -> bool:
    return any(
        _is_topic(squeeze(token), vocabulary) and (squeeze(token),) not in vocabulary.terms
        for token in tokens
    )


def _is_topic(word: str, vocabulary: GuardVocabulary) -> bool:
    topics = vocabulary.topics
    if word in topics:
        return True
    for suffix in ("s", "es", "ing", "ed"):
        if (
            word.endswith(suffix)
            and len(word) - len(suffix) >= 2
            and word[: -len(suffix)] in topics
        ):
            return True
    return False


def _remove_terms(
    tokens: list[str], squeezed: list[str], vocabulary: GuardVocabulary
) -> tuple[list[tuple[str, str]], list[str]]:
    """Drop every wasteful term (longest phrase first); return what is left and the kinds seen."""
    remaining: list[tuple[str, str]] = []
    kinds: list[str] = []
    index = 0
    while index < len(squeezed):
        for size in range(min(vocabulary.longest_term, len(squeezed) - index), 0, -1):
            kind = vocabulary.terms.get(tuple(squeezed[index : index + size]))
            if kind:
                kinds.append(kind)
                index += size
                break
        else:
            remaining.append((tokens[index], squeezed[index]))
            index += 1
    return remaining, kinds


def _looks_like_mash(word: str) -> bool:
    """Keyboard mash or gibberish: "asdfgh", "jkjkjk", "zzzz", "sdkjfhskd". Latin letters only."""
    if not (word.isascii() and word.isalpha()):
        return False
    length = len(word)
    if length >= 3 and len(set(word)) == 1:
        return True
    for unit in (2, 3):
        if length >= 2 * unit and length >= 4 and (word[:unit] * length)[:length] == word:
            return True
    if length >= 3:
        adjacent = sum((a, b) in _ADJACENT for a, b in itertools.pairwise(word))
        if adjacent == length - 1 or (length >= 4 and adjacent >= 0.8 * (length - 1)):
            return True
    vowels = sum(char in lexicon.VOWELS for char in word)
    if length >= 5 and vowels == 0:
        return True
    # (no vowel-ratio rule: "Strengths" has one vowel in nine letters and is a real word)
    return _longest_consonant_run(word) >= 6


def _longest_consonant_run(word: str) -> int:
    longest = run = 0
    for char in word:
        run = 0 if char in lexicon.VOWELS else run + 1
        longest = max(longest, run)
    return longest


SESSION_ID_CHARS = 64
SESSION_ID_RAW_CHARS = SESSION_ID_CHARS * 4


@dataclass(frozen=True)
class ChatRequest:
    message: str
    session_id: str = ""
    conversation_id: str = ""  # as the client sent it; verified by eve.conversations


# What ``chat_request_parse`` accepts, as the OpenAPI schema publishes it (eve.api):
# edit the two together, they are the one description of a chat request.
CHAT_REQUEST_SCHEMA = {
    "type": "object",
    "properties": {
        "message": {
            "type": "string",
            "minLength": 1,
            "pattern": r"\S",
            "description": "The visitor's question. Over 1000 characters gets a too_long nudge.",
        },
        "conversation_id": {
            "type": "string",
            "description": "The conversation_id of an earlier reply, to ask a follow-up. "
            "An id this server did not issue starts a new conversation.",
        },
        "session_id": {
            "type": "string",
            "description": "Old clients' name for conversation_id (still accepted, and "
            "logged with control characters removed, first 64 characters kept).",
        },
    },
    "required": ["message"],
}


def chat_request_parse(body: bytes, *, max_bytes: int) -> ChatRequest:
    """Step 1, shape: a UTF-8 JSON object whose ``message`` is a non-empty string.

    Parsed by hand rather than by DRF so each problem gets its own code, and so
    nothing (invalid UTF-8, deep nesting, NaN, lone surrogates) can raise past here.
    """
    if len(body) > max_bytes:  # bodies sent without Content-Length reach here
        raise PayloadTooLarge()
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InvalidJson() from exc
    if not isinstance(payload, dict):
        raise InvalidJson()
    message = payload.get("message")
    if message is None:
        raise EmptyMessage()
    if not isinstance(message, str):
        raise InvalidMessage()
    if not message.strip():
        raise EmptyMessage()
    session_id = payload.get("session_id")
    # Cut before normalising: only 64 characters are kept, so never normalise 16 KB.
    raw_session = session_id[:SESSION_ID_RAW_CHARS] if isinstance(session_id, str) else ""
    session_id = normalise_message(raw_session)[:SESSION_ID_CHARS]
    # session_id is the old clients' name for it: accepted as the conversation id too.
    conversation_id = payload.get("conversation_id")
    if not isinstance(conversation_id, str) or not conversation_id:
        conversation_id = session_id
    return ChatRequest(message=message, session_id=session_id, conversation_id=conversation_id[:64])
