"""A follow-up's knowledge-base answer: everything known about what the thread is about.

"What stack did it use?" after "Tell me about the serverless order API" has no
subject of its own: ``eve.conversations`` resolved "it" to the records the last
answer cited (``Retrieval.thread``), and this answers from their own fields:
a project's summary, stack, highlights and code link, a job's dates, a
certificate's status. Never more than those records hold.
"""

from __future__ import annotations

from eve.answers.phrases import dont_know, listed, owner_label, phrase
from eve.retrieval import Record, Retrieval


def thread_answer(*, found: Retrieval, owner) -> str:
    lines: list[str] = []
    if found.missing:
        name = owner_label(owner)
        topic = listed(found.language, found.missing)
        lines.append(phrase(found.language, "missing_some", topic=topic, name=name))
    for record in found.thread:
        if lines:
            lines.append("")
        title = f"[{record.title}]({record.url})" if record.url else record.title
        lines.append(f"**{title}**")
        lines += [f"- {line}" for line in _details(record)]
    return "\n".join(lines) or dont_know(owner, found.language)


def _details(record: Record) -> list[str]:
    data = record.data or {}
    if record.intent_group == "project":
        details = [data["summary"]] if data.get("summary") else []
        if data.get("tech"):
            details.append(f"*Tech stack:* {', '.join(data['tech'])}")
        if data.get("highlights"):
            details.append(f"*Highlights:* {'; '.join(data['highlights'])}")
        if data.get("github"):
            details.append(f"[Code on GitHub]({data['github']})")
        return details or [record.answer]
    if record.intent_group == "experience" and data.get("period"):
        return [f"*When:* {data['period']}"] + ([data["summary"]] if data.get("summary") else [])
    if record.intent_group == "knowledge" and data.get("body"):
        return [data["body"]]
    return [record.answer]
