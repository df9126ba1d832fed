"""The knowledge-base provider's answer: the direct answer first, then the records behind it.

Deterministic and never inventing. The first sentence answers the kind of
question that was asked (yes/no, a fact, a list, a summary, a job
description's fit) in the visitor's language, built only from the records'
own fields; the records follow as linked bullet points. "No" is said only
when a record shows it (a certificate in progress or expired); when the
portfolio is silent EVE says she doesn't know and how to ask the owner.
"""

from __future__ import annotations

from eve import links
from eve.answers import intent as kinds
from eve.answers.facts import fact_lead, quoted
from eve.answers.jobfit_text import job_answer
from eve.answers.overview import summary_text, superlative_text
from eve.answers.phrases import dont_know, listed, owner_label, phrase
from eve.answers.projects import named_project, project_quote
from eve.answers.sentences import best_quote
from eve.answers.thread import thread_answer
from eve.retrieval import (
    KNOWN_NON_TOPICS,
    STOPWORDS,
    Record,
    Retrieval,
    stem_set,
    term_set,
    terms,
)
from eve.text import fold, words

MAX_BULLETS = 4
_STATUS_KEYS = (
    ("current", "heading_current"),
    ("in_progress", "heading_in_progress"),
    ("expired", "heading_expired"),
)


def answer_compose(*, found: Retrieval, owner) -> str:
    """The whole reply (Markdown) for what retrieval found."""
    language, name = found.language, owner_label(owner)
    if found.kind == kinds.JOB:
        return job_answer(found=found, owner=owner, name=name, language=language)
    if not found.records:
        return dont_know(owner, language)
    if found.thread:  # a follow-up ("What stack did it use?") about the thread's records
        return thread_answer(found=found, owner=owner)
    certificates = [r for r in found.records if r.intent_group == "certificate"]
    if found.listing and certificates and not found.missing:
        return _certificates(found, certificates, name, language)
    unknown = found.missing or (
        tuple(word for word in found.unknown if word not in KNOWN_NON_TOPICS)
        if found.yes_no
        else ()
    )
    if unknown:
        if not _topics_beyond(found, unknown):
            return dont_know(owner, language)
        lead = phrase(language, "missing_some", topic=listed(language, unknown), name=name)
        return _with_bullets(lead, found.records)
    lead, bullets = _lead(found, name, language, owner)
    if lead is None:
        return dont_know(owner, language)
    return _with_bullets(lead, bullets)


def records_listing(*, found: Retrieval, owner) -> str:
    """The plainest honest answer: the records found, or "I don't know" (the fallback's fallback)."""
    if not found.records:
        return dont_know(owner, found.language)
    return _with_bullets(phrase(found.language, "found", name=owner_label(owner)), found.records)


def _with_bullets(lead: str, records: list[Record]) -> str:
    lines = [lead]
    if records:
        lines.append("")
        lines += [f"- {record.answer}" for record in records[:MAX_BULLETS]]
    return "\n".join(lines)


def _topics_beyond(found: Retrieval, unknown) -> bool:
    """Whether the question asks about something the portfolio has besides ``unknown``."""
    return any(topic not in unknown for topic in found.topics)


def _question_terms(found: Retrieval) -> set[str]:
    return {term for term in terms(found.question) if term not in STOPWORDS}


def _lead(found: Retrieval, name: str, language: str, owner) -> tuple[str | None, list[Record]]:
    """(the first sentence(s), the records to list under them); None means "don't know"."""
    records = found.records
    if found.kind == kinds.SUMMARY:
        return summary_text(found, name, language), []
    if found.kind == kinds.SUPERLATIVE:
        return superlative_text(found, name, language), []
    if found.kind == kinds.FACT:
        lead = fact_lead(found, name, language)
        if lead is not None:
            return lead, records
    if found.kind == kinds.LIST:
        lead = _list_lead(found, name, language)
        if lead:
            return lead, records
    if found.yes_no:
        lead = _yes_lead(found, name, language)
        if lead:
            return lead, records
    named = named_project(found)
    if named is not None:
        quote = project_quote(named, found)
        ordered = [named] + [r for r in records if r is not named]
        if quote:
            return f"**{named.title}:** {quote}", ordered
        # "Tell me about the serverless order API": the record it names leads, by its summary
        summary = (named.data or {}).get("summary")
        if summary and not found.yes_no and found.kind != kinds.LIST:
            return f"**{named.title}:** {summary}", ordered
    if records[0].intent_group == "knowledge" and found.kind != kinds.LIST:
        # a knowledge entry is the owner's own answer to a question: it leads, quoted
        return quoted(found, records[0]), records
    quote = best_quote(records[:2], question_terms=_question_terms(found), idf=found.weights)
    quotable = quote is not None and quote.record.intent_group not in ("certificate", "profile")
    if quotable and found.kind != kinds.LIST:
        return f"**{quote.record.title}:** {quote.text}", records
    key = (
        "projects"
        if found.intent == "project" and records[0].intent_group == "project"
        else "found"
    )
    return phrase(language, key, name=name), records


def _list_lead(found: Retrieval, name: str, language: str) -> str:
    if found.fact == "worked_where":
        companies = [
            f"{r.data.get('company')} ({r.data.get('period')})"
            for r in found.records
            if r.data.get("company")
        ]
        return phrase(language, "worked_at", name=name, items=listed(language, companies))
    if found.fact == "projects_using" and all(r.intent_group == "project" for r in found.records):
        topic = _display_topic(found)
        titles = [f"**{r.title}**" for r in found.records]
        if topic:
            return phrase(
                language, "projects_using", name=name, topic=topic, items=listed(language, titles)
            )
    return ""


def _named_topics(found: Retrieval) -> list[str]:
    """The topics that name something (a stack item, skill or title), else every topic.

    "Does Jordan run Kubernetes in production?" is about Kubernetes, not "run".
    """
    topics = [w for w in found.topics if w not in {"project", "projects", "use", "uses"}]
    names: set[str] = set()
    for record in found.records:
        names.update(words(" ".join([record.title, *record.data.get("tech", [])])))
        for group in record.data.get("groups", {}).values():
            names.update(words(" ".join(group)))
    named = [w for w in topics if w in names]  # as written: "production" is not "product"
    return named or topics


def _display_topic(found: Retrieval) -> str:
    """The question's topics as the records spell them: "Docker and Terraform", "AWS Lambda"."""
    words_ = _named_topics(found)
    texts = [fold(" ".join([r.title, *r.data.get("tech", [])])) for r in found.records]
    phrases: list[list[str]] = []
    for word in words_:
        if phrases and any(f"{phrases[-1][-1]} {word}" in text for text in texts):
            phrases[-1].append(word)  # "aws lambda" is one name, not "AWS and Lambda"
        else:
            phrases.append([word])
    shown = [" ".join(_spelled(word, found.records) for word in phrase_) for phrase_ in phrases]
    return listed(found.language, shown)


def _spelled(word: str, records: list[Record]) -> str:
    for record in records:
        for token in " ".join([record.title, *record.data.get("tech", [])]).split():
            if fold(token.strip(",.;:()")) == word:
                return token.strip(",.;:()")
    return word


def _yes_lead(found: Retrieval, name: str, language: str) -> str:
    """ "Yes — …" when the records contain every topic of the question (else no yes/no lead)."""
    records = found.records
    top = records[0]
    topics = [word for word in found.topics if word]
    about_certificates = found.intent == "certificate" or found.validity
    if top.intent_group == "certificate" and about_certificates:
        return _certificate_verdict([top], name, language)
    if not topics:
        return ""
    if all(r.intent_group == "certificate" for r in records if _mentions(r, topics)):
        return _certificate_verdict([top], name, language) if _mentions(top, topics) else ""
    covering = [r for r in records if _mentions(r, topics) and r.intent_group != "certificate"] or [
        r for r in records if _mentions(r, topics)
    ]
    if not covering or not _all_covered(records, topics):
        return ""
    ordered = sorted(covering, key=lambda r: _EVIDENCE_ORDER.get(r.intent_group, 9))
    if len(ordered) > 1:
        ordered = [r for r in ordered if r.intent_group != "profile"] or ordered
    ordered = ordered[:3]
    items = listed(language, [_source(r) for r in ordered])
    lead = phrase(
        language, "yes_topic", topic=_display_topic(found) or topics[0], name=name, items=items
    )
    project = named_project(found)
    if project is not None:  # "Did the landing zone pass its audit?": quote that project
        text = project_quote(project, found)
        return lead + (f"\n\n> {text} — *{project.title}*" if text else "")
    named = set().union(*(term_set(word) for word in _named_topics(found)))
    quote = best_quote(ordered, question_terms=named, idf=found.weights) or best_quote(
        ordered, question_terms=_question_terms(found), idf=found.weights
    )
    if quote is not None:
        lead += f"\n\n> {quote.text} — *{quote.record.title}*"
    return lead


# Which records best show a skill: where it was used first, the profile's summary last.
_EVIDENCE_ORDER = {"experience": 0, "project": 1, "knowledge": 2, "skill": 3, "certificate": 4}


def _source(record: Record) -> str:
    period = record.data.get("period")
    return f"{record.title} ({period})" if period else record.title


def _record_terms(record: Record) -> frozenset[str]:
    """The record's own words, stemmed, without its synonyms: "Languages spoken" is not Python."""
    return stem_set(record.search_text)


def _mentions(record: Record, topics) -> bool:
    own = _record_terms(record)
    return any(term_set(topic) & own for topic in topics)


def _all_covered(records: list[Record], topics) -> bool:
    own = set().union(*(_record_terms(r) for r in records))
    return all(term_set(topic) & own for topic in topics)


def _certificate_verdict(certificates: list[Record], name: str, language: str) -> str:
    current = [r.title for r in certificates if r.status == "current"]
    if current:
        return phrase(language, "cert_held", name=name, items=listed(language, current))
    pending = [r.title for r in certificates if r.status == "in_progress"]
    if pending:
        return phrase(language, "cert_in_progress", items=listed(language, pending))
    expired = [r.title for r in certificates if r.status == "expired"]
    return phrase(language, "cert_expired", name=name, items=listed(language, expired))


def _best_certificates(found: Retrieval, certificates: list[Record]) -> list[Record]:
    """The certificates sharing the most words with the question ("Solutions Architect Pro…")."""
    asked = set(words(found.question))
    overlap = {id(r): len(asked & set(words(r.title))) for r in certificates}
    most = max(overlap.values())
    return [r for r in certificates if overlap[id(r)] == most]


def _certificates(found: Retrieval, certificates: list[Record], name: str, language: str) -> str:
    current = [r for r in certificates if r.status == "current"]
    if found.validity and not current:
        lines = [phrase(language, "certs_none_valid", name=name)]
    elif found.yes_no:
        lines = [_certificate_verdict(_best_certificates(found, certificates), name, language)]
    elif found.validity:
        lines = [phrase(language, "certs_valid", name=name)]
    else:
        lines = [phrase(language, "certs", name=name)]
    for status, key in _STATUS_KEYS:
        group = [r for r in certificates if r.status == status]
        if group:
            lines += ["", f"**{phrase(language, key)}**"] + [f"- {r.answer}" for r in group]
    if found.omitted:
        label = phrase(language, "certs_section")
        section = links.home_section_link(links.CERTIFICATIONS)
        where = f"[{label}]({section})" if section else label
        lines += ["", phrase(language, "more_certs", topic=found.omitted, where=where)]
    return "\n".join(lines)
