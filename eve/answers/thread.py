"""A follow-up's knowledge-base answer: everything known about what the thread is about.

"What stack did it use?" after "Tell me about the serverless order API" has no
subject of its own: ``eve.conversations`` resolved "it" to the records the last
answer cited (``Retrieval.thread``), and this answers from their own fields:
a project's summary, stack, highlights and code link, a job's dates, a
certificate's status. Never more than those records hold.
"""

from __future__ import annotations

import re

from eve.answers.phrases import dont_know, listed, owner_label, phrase
from eve.answers.projects import project_quote
from eve.retrieval import STOPWORDS, Record, Retrieval, term_set, terms

# "How long was he there?", "When did he join?": a job's dates answer it.
_WHEN = re.compile(
    r"\b(how long|when|since|dates?|period|years?|start(ed)?|join(ed)?|leave|left)\b",
    re.IGNORECASE,
)


# The follow-up card's own words, in the visitor's language (record text stays as written).
_LABELS = {
    "en": {
        "stack": "Tech stack",
        "highlights": "Highlights",
        "when": "When",
        "code": "Code on GitHub",
        "without": "its tech stack is {stack}, without {missing}.",
        "no_mention": "it doesn't mention {missing}.",
    },
    "es": {
        "stack": "Tecnologías",
        "highlights": "Aspectos destacados",
        "when": "Cuándo",
        "code": "Código en GitHub",
        "without": "sus tecnologías son {stack}, sin {missing}.",
        "no_mention": "no menciona {missing}.",
    },
    "fr": {
        "stack": "Technologies",
        "highlights": "Points forts",
        "when": "Quand",
        "code": "Code sur GitHub",
        "without": "ses technologies sont {stack}, sans {missing}.",
        "no_mention": "il ne mentionne pas {missing}.",
    },
    "de": {
        "stack": "Technologien",
        "highlights": "Höhepunkte",
        "when": "Wann",
        "code": "Code auf GitHub",
        "without": "die Technologien sind {stack}, ohne {missing}.",
        "no_mention": "{missing} wird nicht erwähnt.",
    },
    "pt": {
        "stack": "Tecnologias",
        "highlights": "Destaques",
        "when": "Quando",
        "code": "Código no GitHub",
        "without": "as tecnologias são {stack}, sem {missing}.",
        "no_mention": "não menciona {missing}.",
    },
}


def _label(language: str, key: str, **values) -> str:
    return (_LABELS.get(language) or _LABELS["en"])[key].format(**values)


def thread_answer(*, found: Retrieval, owner) -> str:
    lines: list[str] = []
    if found.missing and not found.yes_no:
        name = owner_label(owner)
        topic = listed(found.language, found.missing)
        lines.append(phrase(found.language, "missing_some", topic=topic, name=name))
    lead = thread_lead(found)
    if lead:
        lines.append(lead)
    for record in found.thread:
        if lines:
            lines.append("")
        title = f"[{record.title}]({record.url})" if record.url else record.title
        lines.append(f"**{title}**")
        lines += [f"- {line}" for line in _details(record, found.language)]
    return "\n".join(lines) or dont_know(owner, found.language)


def thread_lead(found: Retrieval) -> str | None:
    """The direct answer about the thread's main record, as a first-turn answer would lead:
    a yes/no from its own fields, a job's dates, or the sentence that holds the fact."""
    main = found.thread[0]
    data = main.data or {}
    language = found.language
    if main.intent_group == "experience" and data.get("period") and _WHEN.search(found.question):
        return f"**{main.title}:** {data['period']}."
    asked = {t for t in terms(found.question) if t not in STOPWORDS} - term_set(main.title)
    if found.yes_no:
        # The topics the question names, each checked against this record's own text.
        named = [*found.topics, *found.missing]
        own = term_set(main.search_text)
        absent = [word for word in named if not (term_set(word) & own)]
        if not named:
            return None
        if absent:
            stack = data.get("tech")
            said = f"{phrase(language, 'no')} — **{main.title}**"
            missing = listed(language, absent, conjunction="or")
            if stack:
                return f"{said}: {_label(language, 'without', stack=', '.join(stack), missing=missing)}"
            return f"{said}: {_label(language, 'no_mention', missing=missing)}"
        quote = project_quote(main, found) if main.intent_group == "project" else ""
        return f"{phrase(language, 'yes')} — **{main.title}:** {quote or main.answer}"
    if main.intent_group == "project" and asked:
        quote = project_quote(main, found)
        if quote:
            return f"**{main.title}:** {quote}"
    return None


def _details(record: Record, language: str) -> list[str]:
    data = record.data or {}
    if record.intent_group == "project":
        details = [data["summary"]] if data.get("summary") else []
        if data.get("tech"):
            details.append(f"*{_label(language, 'stack')}:* {', '.join(data['tech'])}")
        if data.get("highlights"):
            details.append(f"*{_label(language, 'highlights')}:* {'; '.join(data['highlights'])}")
        if data.get("github"):
            details.append(f"[{_label(language, 'code')}]({data['github']})")
        return details or [record.answer]
    if record.intent_group == "experience" and data.get("period"):
        return [f"*{_label(language, 'when')}:* {data['period']}"] + (
            [data["summary"]] if data.get("summary") else []
        )
    if record.intent_group == "knowledge" and data.get("body"):
        return [data["body"]]
    return [record.answer]
