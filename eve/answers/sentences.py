"""Quotable sentences of a record, and the one that best answers a question.

A highlight, a summary sentence, a line of a knowledge entry: the answer is
quoted as the owner wrote it, never paraphrased. Words that only name the
record ("order API" in "What was the order API's peak throughput?") pick the
record, not the sentence, so they do not count when choosing within it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eve.retrieval import Record, stem_set, term_set

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(*])")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+\.)\s+")
SHORT_BODY = 260  # a knowledge entry this short is quoted whole
HIGHLIGHT_WEIGHT = 1.3  # results live in highlights: they win a tie with the summary


@dataclass(frozen=True)
class Quote:
    record: Record
    text: str
    score: float


def _clean(line: str) -> str:
    line = _BULLET.sub("", line).replace("**", "").strip()
    return "" if line.rstrip(":").casefold() in {"also", ""} else line


def split_sentences(text: str) -> list[str]:
    """Sentences and list items of ``text`` (Markdown bullets and "Also:" headings removed)."""
    sentences = []
    for line in (text or "").splitlines():
        line = _clean(line)
        if line:
            sentences += [part.strip() for part in _SENTENCE_END.split(line) if part.strip()]
    return sentences


def flatten(text: str) -> str:
    """A short multi-line entry as one line: "- A\\n- B" -> "A; B"."""
    lines = [_clean(line) for line in (text or "").splitlines()]
    return "; ".join(line for line in lines if line)


def record_sentences(record: Record) -> list[tuple[str, float]]:
    """(sentence, weight) pairs a reply may quote from ``record``."""
    data = record.data
    group = record.intent_group
    if group == "project":
        return (
            [(item, HIGHLIGHT_WEIGHT) for item in data.get("highlights", [])]
            + [(item, 1.0) for item in split_sentences(data.get("summary", ""))]
            + [(item, 0.9) for item in split_sentences(data.get("description", ""))]
        )
    if group == "experience":
        return [(item, 1.0) for item in split_sentences(data.get("summary", ""))]
    if group == "knowledge":
        body = data.get("body", "")
        if len(body) <= SHORT_BODY:
            return [(flatten(body), 1.0)]
        return [(item, 1.0) for item in split_sentences(body)]
    if group == "profile":
        # the bio is the owner's own first-person voice: never quoted as EVE's words
        return [(data.get("headline", ""), 1.0)]
    if group == "skill":
        return [
            (f"{category}: {', '.join(names)}", 1.0)
            for category, names in data.get("groups", {}).items()
        ]
    return [(record.answer.replace("**", ""), 1.0)]


def best_quote(
    records: list[Record], *, question_terms: set[str], idf: dict[str, float], exclude_titles=True
) -> Quote | None:
    """The sentence sharing the most (rarest) question words, records earlier in the list first."""
    best: Quote | None = None
    for rank, record in enumerate(records):
        wanted = question_terms
        if exclude_titles:
            own = term_set(record.title)
            narrowed = question_terms - own
            wanted = narrowed or question_terms
        for sentence, weight in record_sentences(record):
            shared = term_set(sentence) & wanted
            if not shared:
                continue
            # a word the sentence says counts fully, one it only implies (EKS -> Kubernetes) half
            literal = stem_set(sentence)
            score = sum(idf.get(t, 1.0) * (1.0 if t in literal else 0.5) for t in shared)
            score *= weight * (1 - 0.05 * rank)
            if best is None or score > best.score:
                best = Quote(record, sentence, score)
    return best
