"""Single facts: location, links, contact, current role, previous job, and quoted entries.

Each lead is built from one record's own fields. A fact the portfolio does
not hold returns None, and the caller falls back to the general answer or to
"I don't have that information".
"""

from __future__ import annotations

from eve.answers.phrases import phrase
from eve.answers.sentences import best_quote, record_sentences
from eve.retrieval import STOPWORDS, Record, Retrieval, terms

QUOTED_FACTS = ("years", "notice", "languages", "education", "previous_job", "phone")


def fact_lead(found: Retrieval, name: str, language: str) -> str | None:
    records = found.records
    first = records[0]
    fact = found.fact
    if fact == "location" and first.intent_group == "profile":
        location = first.data.get("location")
        if not location:
            return None
        key = "no_time_zone" if found.time_zone else "location"
        return phrase(language, key, name=name, location=location)
    if fact == "github":
        return _yes(found, language, _links(records, "github", "GitHub"))
    if fact == "linkedin":
        return _links(records[:1], "linkedin", "LinkedIn")
    if fact == "email" and first.data.get("email"):
        email = first.data["email"]
        lead = f"**Email:** [{email}](mailto:{email})"
        if first.data.get("linkedin"):
            lead += f"\n**LinkedIn:** {first.data['linkedin']}"
        return lead
    if fact == "current_role":
        return (
            "\n".join(
                phrase(
                    language,
                    "current_role",
                    name=name,
                    role=record.data.get("role", ""),
                    company=record.data.get("company", ""),
                    period=record.data.get("period", ""),
                )
                for record in records
                if record.intent_group == "experience"
            )
            or None
        )
    if fact == "previous_job" and first.intent_group == "experience":
        return f"**{first.title}** ({first.data.get('period', '')})"
    if fact in QUOTED_FACTS:
        return _yes(found, language, quoted(found, first))
    return None


def _yes(found: Retrieval, language: str, lead: str | None) -> str | None:
    if lead and found.yes_no:
        return f"{phrase(language, 'yes')} — {lead}"
    return lead


def _links(records: list[Record], key: str, label: str) -> str | None:
    lines = []
    for record in records:
        url = record.data.get(key)
        if not url:
            continue
        if record.intent_group == "profile":
            lines.append(f"**{label}:** {url}")
        else:
            lines.append(f"**{record.title}** — {label}: {url}")
    return "\n".join(lines) or None


def quoted(found: Retrieval, record: Record) -> str | None:
    wanted = {term for term in terms(found.question) if term not in STOPWORDS}
    quote = best_quote([record], question_terms=wanted, idf={}, exclude_titles=False)
    if quote is not None:
        return f"**{record.title}:** {quote.text}"
    sentences = record_sentences(record)
    return f"**{record.title}:** {sentences[0][0]}" if sentences else None
