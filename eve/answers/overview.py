"""Summaries ("summarise him in three bullets") and superlatives ("his biggest achievement").

EVE does not rank what the owner did: a superlative gets the results the
portfolio itself states (sentences with numbers), or the featured projects,
with a plain note that the portfolio doesn't rank them.
"""

from __future__ import annotations

import re

from eve.answers.phrases import listed, phrase
from eve.answers.sentences import record_sentences
from eve.retrieval import Record, Retrieval

_DIGIT = re.compile(r"\d")
MAX_RESULTS = 5


def _first_sentence(record: Record) -> str:
    sentences = record_sentences(record)
    return sentences[0][0] if sentences else ""


def _numbers(record: Record) -> list[str]:
    return [text for text, _ in record_sentences(record) if _DIGIT.search(text)]


def summary_text(found: Retrieval, name: str, language: str) -> str:
    lines = [phrase(language, "summary", name=name), ""]
    for record in found.records:
        group = record.intent_group
        if group == "profile":
            lines.append(f"- {record.answer}")
        elif group == "experience":
            role = phrase(
                language,
                "current_role" if record.status == "current" else "worked_at",
                name=name,
                role=record.data.get("role", ""),
                company=record.data.get("company", ""),
                period=record.data.get("period", ""),
                items=f"{record.data.get('company', '')} ({record.data.get('period', '')})",
            )
            detail = _first_sentence(record)
            lines.append(f"- {role}" + (f" {detail}" if detail else ""))
        elif group == "knowledge":
            lines.append(f"- **{record.title}:** {_first_sentence(record)}")
        elif group == "project":
            highlight = (_numbers(record) or [_first_sentence(record)])[0]
            lines.append(f"- **[{record.title}]({record.url})** — {highlight}")
    return "\n".join(lines)


def superlative_text(found: Retrieval, name: str, language: str) -> str:
    if found.fact == "project":
        titles = [f"**[{r.title}]({r.url})**" for r in found.records]
        lead = phrase(language, "featured", items=listed(language, titles))
        return "\n".join([lead, ""] + [f"- {r.answer}" for r in found.records])
    lines = [phrase(language, "ranked_none"), ""]
    shown = 0
    for record in found.records:
        for sentence in _numbers(record)[:2]:
            if shown < MAX_RESULTS:
                lines.append(f"- **{record.title}:** {sentence}")
                shown += 1
    return "\n".join(lines)
