"""Conversations: the server-issued thread id, the thread's past turns, and what a follow-up is about.

A conversation is the ``ChatLog`` rows sharing a ``conversation_id``, so turns
live in the database: they survive restarts, are shared by every worker and
pod, and go with ``purge_chat_logs``.

The id is 128 random bits plus an HMAC of them under ``SECRET_KEY``. Only ids
this server issued verify, so a client cannot pick an id (a low-entropy "1" two
visitors both chose would otherwise merge their threads) and cannot guess
another visitor's; anything else starts a fresh conversation with a new id.
It is not bound to the client's IP on purpose: a phone changing networks
mid-conversation keeps its thread. It is a bearer token, kept only in the
tab's sessionStorage, and the API never returns a thread's past turns.
"""

from __future__ import annotations

import base64
import itertools
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from weakref import WeakKeyDictionary

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from eve.models import ChatLog
from eve.prompts import estimated_tokens
from eve.retrieval import BM25Index, Record, Retrieval
from eve.text import words

_SALT = "eve.conversation"
# Rows read per turn: more than any token allowance can carry, few enough to be one cheap query.
MAX_TURNS = 8
# A long past reply (a listing of 12 certificates) is clipped so the latest turn still fits.
PAST_MESSAGE_CHARS = 800

# Words that point back at what the thread was about. Singular ones mean its main
# record ("What stack did it use?", "How long was he there?"); plural ones mean
# everything the last answer cited ("Which of those are current?"). "they",
# "them" and "their" are left out: they are also how visitors speak of the owner.
_SINGULAR_REFERENCES = frozenset({"it", "its", "itself", "there"})
_PLURAL_REFERENCES = frozenset({"these", "those"})
# "What is he learning these days?": an idiom, not a reference.
_TIME_WORDS = frozenset({"days", "times", "years", "months", "weeks", "day"})
# "Is there a Go project?" / "there are": existential "there" points at nothing.
_BE = frozenset({"is", "are", "was", "were", "be", "isnt", "arent", "wasnt", "werent", "s"})
# "that"/"this" are too common to mean a reference on their own ("projects that
# use Terraform"); they do when they point at a thing ("that one", "this project").
_DEMONSTRATIVES = frozenset({"that", "this"})
_REFERENCED_NOUNS = frozenset(
    """
    one project projects job role position company employer certificate certification
    cert course app application system service platform
    """.split()  # noqa: SIM905
)


def conversation_id_issue() -> str:
    """A new opaque id: 22 random url-safe characters, a dot, and their 22-character signature."""
    token = secrets.token_urlsafe(16)
    return f"{token}.{_signature(token, settings.SECRET_KEY)}"


def conversation_id_verified(candidate: str) -> str:
    """``candidate`` if this server issued it (current or fallback secret key), else ""."""
    token, dot, signature = candidate.partition(".")
    if not dot or len(token) != 22 or len(signature) != 22:
        return ""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())]
    if any(constant_time_compare(signature, _signature(token, key)) for key in keys):
        return candidate
    return ""


def _signature(token: str, key: str) -> str:
    digest = salted_hmac(_SALT, token, secret=key, algorithm="sha256").digest()[:16]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass(frozen=True)
class Turn:
    """One past exchange: what the visitor asked, what EVE answered, what it cited."""

    question: str
    answer: str
    citations: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Thread:
    """A conversation's past turns, oldest first (guard blocks and throttled asks left out)."""

    conversation_id: str
    turns: tuple[Turn, ...] = ()

    @property
    def is_follow_up(self) -> bool:
        return bool(self.turns)

    def last_citations(self) -> tuple[dict, ...]:
        """What the latest answer that cited anything was about (a canned reply cites nothing)."""
        for turn in reversed(self.turns):
            if turn.citations:
                return turn.citations
        return ()


def conversation_thread_get(*, conversation_id: str) -> Thread:
    """The verified conversation's recent turns; one indexed query, none for a new conversation."""
    if not conversation_id:
        return Thread(conversation_id)
    rows = (
        ChatLog.objects.filter(conversation_id=conversation_id)
        .exclude(source=ChatLog.Source.GUARD)  # nudges and 429s do not break a thread
        .exclude(response="")
        .order_by("-created_at", "-id")
        .values_list("message", "response", "citations")[:MAX_TURNS]
    )
    turns = [
        Turn(message, response, tuple(c for c in citations or () if isinstance(c, dict)))
        for message, response, citations in rows
    ]
    return Thread(conversation_id, tuple(reversed(turns)))


def history_messages_build(*, thread: Thread, question: str, max_tokens: int) -> list[dict]:
    """Converse messages: past turns as user/assistant pairs within ``max_tokens``, then the question.

    Pairs are dropped oldest first, whole, so the messages always alternate and
    start with the visitor. The allowance is an estimate (characters / 4).
    """
    pairs: list[list[dict]] = []
    spent = 0
    for turn in reversed(thread.turns):
        asked, answered = _clip(turn.question), _clip(turn.answer)
        cost = estimated_tokens(asked, answered)
        if spent + cost > max_tokens:
            break
        spent += cost
        pairs.append([_message("user", asked), _message("assistant", answered)])
    history = [message for pair in reversed(pairs) for message in pair]
    return [*history, _message("user", question)]


def _message(role: str, text: str) -> dict:
    return {"role": role, "content": [{"text": text}]}


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PAST_MESSAGE_CHARS else text[: PAST_MESSAGE_CHARS - 1] + "…"


def thread_topic(*, question: str, thread: Thread, index: BM25Index) -> tuple[Record, ...]:
    """The records a follow-up points back at ("its", "there", "them"), or () for a new topic.

    Singular references resolve to the first record the last answer cited (the
    one it led with); plural ones to all of them. Records since unpublished are
    dropped, so a thread never resurrects hidden content.
    """
    if not thread.is_follow_up:
        return ()
    reference = _reference(question)
    if not reference:
        return ()
    citations = thread.last_citations()
    if reference == "singular":
        citations = citations[:1]
    known = _citation_map(index)
    records = (known.get(_citation_key(citation)) for citation in citations)
    return tuple(dict.fromkeys(record for record in records if record is not None))


def thread_retrieval(found: Retrieval, *, topic: tuple[Record, ...], limit: int) -> Retrieval:
    """``found`` read in the light of the thread: the records a follow-up points back at
    come first (and are what the knowledge-base answer is about), then its own matches."""
    if not topic:
        return found
    own = [record for record in found.records if record not in topic]
    return replace(
        found,
        records=[*topic, *own][: max(limit, len(topic))],
        thread=topic,
        listing=False,
        omitted=0,
    )


def topic_key(records: Sequence[Record]) -> str:
    """A stable text naming what a follow-up resolved to (part of its cache key)."""
    return ",".join(f"{record.kind}:{record.slug or record.title}" for record in records)


def _reference(question: str) -> str:
    said = words(question)
    padded = ["", *said, ""]
    for before, word, after in zip(padded, padded[1:], padded[2:], strict=False):
        if word == "there" and (before in _BE or after in _BE):
            continue
        if word in _SINGULAR_REFERENCES:
            return "singular"
    for word, following in itertools.pairwise([*said, ""]):
        if word in _PLURAL_REFERENCES and following not in _TIME_WORDS:
            return "plural"
    if "of them" in " ".join(said):
        return "plural"
    for word, following in itertools.pairwise(said):
        if word in _DEMONSTRATIVES and following in _REFERENCED_NOUNS:
            return "singular"
    if said and said[-1] in _DEMONSTRATIVES:  # "Tell me more about that"
        return "singular"
    return ""


def _citation_key(citation: dict) -> tuple[str, str]:
    return (
        str(citation.get("kind") or ""),
        str(citation.get("slug") or citation.get("title") or ""),
    )


_citation_maps: WeakKeyDictionary[BM25Index, dict[tuple[str, str], Record]] = WeakKeyDictionary()


def _citation_map(index: BM25Index) -> dict[tuple[str, str], Record]:
    """Citation -> the current record, built once per index (per content version)."""
    known = _citation_maps.get(index)
    if known is None:
        known = {}
        for record in [*index.records, *([index.default] if index.default else [])]:
            known.setdefault((record.kind, record.slug or record.title), record)
        _citation_maps[index] = known
    return known
