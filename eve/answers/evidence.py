"""Retrieval read in the light of the question's kind: the records an answer needs, in order.

``evidence_gather`` is the pipeline's retrieval entry point (step 9). It runs
the BM25 lookup, then, by kind, puts the record that holds the answer first
(the profile for "What's his GitHub?", the current job for "current role",
every project whose stack lists the technology for "which projects use X",
the evidence per requirement for a pasted job description). Both providers
get the same records: Bedrock as context, the knowledge base to compose from.

``context`` is extra text read with the question (a conversation's earlier
turns), so a follow-up finds what the thread is about.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from eve.answers import intent as kinds
from eve.answers.jobfit import requirements_evidence
from eve.answers.language import language_detect
from eve.answers.projects import named_project
from eve.retrieval import STOPWORDS, BM25Index, Record, Retrieval, stem, term_set, terms
from eve.text import words

MAX_EVIDENCE = 6  # records behind a composed answer (summary, superlative, job description)
LIST_LIMIT = 12
_DIGIT = re.compile(r"\d")
# Words of a "which projects use X" question that are not X.
_LIST_NOISE = frozenset(
    terms(
        "which what project projects use uses using used built build with has have does "
        "did he she they his her their all any run runs on of the in"
    )
)


def evidence_gather(*, question: str, index: BM25Index, limit: int, context: str = "") -> Retrieval:
    """Records for ``question`` (and optional thread ``context``), with its kind and language."""
    language = language_detect(question)
    base = index.lookup(f"{question} {context}".strip(), limit=limit)
    intent = kinds.question_intent(
        question=question, searched=base.question, owner_names=index.owner_names
    )
    found = replace(
        base,
        kind=intent.kind,
        fact=intent.fact,
        yes_no=intent.yes_no,
        time_zone=intent.time_zone,
        language=language,
        weights=index.idf,
    )
    gather = _GATHERERS.get(intent.kind)
    if gather is None:
        return found
    return gather(found, index, question)


def _dedupe(records) -> list[Record]:
    seen, result = set(), []
    for record in records:
        if record is not None and id(record) not in seen:
            seen.add(id(record))
            result.append(record)
    return result


def _group(index: BM25Index, group: str) -> list[Record]:
    return [record for record in index.records if record.intent_group == group]


def _current_jobs(index: BM25Index) -> list[Record]:
    jobs = _group(index, "experience")
    return [job for job in jobs if job.status == "current"] or jobs[:1]


def _titled(index: BM25Index, *needles: str) -> list[Record]:
    """Knowledge entries whose title contains one of ``needles`` (folded)."""
    return [
        record
        for record in _group(index, "knowledge")
        if any(needle in record.title.casefold() for needle in needles)
    ]


def _mentioning(index: BM25Index, *needles: str) -> list[Record]:
    return [
        record
        for record in _group(index, "knowledge")
        if any(needle in record.search_text.casefold() for needle in needles)
    ]


def _job(found: Retrieval, index: BM25Index, question: str) -> Retrieval:
    requirements = requirements_evidence(question=question, index=index)
    records = _dedupe(record for _, record in requirements)[:MAX_EVIDENCE]
    if not records and index.default is not None:
        records = [index.default]  # nothing asked for is shown: say what the portfolio is about
    return replace(
        found, records=records, requirements=tuple(requirements), missing=(), listing=False
    )


def _summary(found: Retrieval, index: BM25Index, question: str) -> Retrieval:
    years = _titled(index, "year", "journey")
    if found.fact == "experience":
        records = _group(index, "experience") + years
    else:
        featured = [r for r in _group(index, "project") if r.data.get("featured")]
        records = [index.default, *_current_jobs(index), *years, *featured[:2]]
    return replace(found, records=_dedupe(records)[:MAX_EVIDENCE], missing=(), listing=False)


def _superlative(found: Retrieval, index: BM25Index, question: str) -> Retrieval:
    projects = _group(index, "project")
    if found.fact == "project":
        featured = [r for r in projects if r.data.get("featured")]
        return replace(found, records=(featured or projects)[:MAX_EVIDENCE], listing=False)
    with_numbers = [
        record
        for record in _current_jobs(index) + projects
        if any(
            _DIGIT.search(text)
            for text in [record.data.get("summary", ""), *record.data.get("highlights", [])]
        )
    ]
    return replace(found, records=_dedupe(with_numbers)[:MAX_EVIDENCE], missing=(), listing=False)


def _fact(found: Retrieval, index: BM25Index, question: str) -> Retrieval:
    fact, profile = found.fact, index.default
    first: list[Record] = []
    if fact == "location" and named_project(found) is not None:
        return replace(found, kind=kinds.GENERAL, fact="")  # "where do its reports go?"
    if fact == "location" and profile is not None and profile.data.get("location"):
        return replace(found, records=[profile], missing=())
    if fact == "github":
        named = _named_project(found)
        if named:
            return replace(found, records=[named])
        if profile is not None and profile.data.get("github"):
            return replace(found, records=[profile])
        coded = [r for r in _group(index, "project") if r.data.get("github")]
        return replace(found, records=coded[: limit_of(found)] or [])
    if fact in ("linkedin", "email"):
        key = "linkedin" if fact == "linkedin" else "email"
        has = profile is not None and profile.data.get(key)
        return replace(found, records=[profile, *_titled(index, "contact")] if has else [])
    if fact == "phone":
        mentions = [r for r in found.records if re.search(r"phone|\+\d", r.search_text, re.I)]
        return replace(found, records=mentions, missing=())
    if fact == "current_role":
        return replace(found, records=_current_jobs(index))
    if fact == "previous_job":
        previous = _previous_job(index, question)
        first = [previous] if previous else []
    elif fact == "years":
        first = _titled(index, "year", "journey") or _mentioning(index, "years")
    elif fact == "notice":
        first = _mentioning(index, "notice")
    elif fact == "languages":
        first = _titled(index, "language")
    elif fact == "education":
        first = _titled(index, "education", "degree")
    records = _dedupe(first + list(found.records))[: max(limit_of(found), len(first))]
    return replace(found, records=records)


def limit_of(found: Retrieval) -> int:
    return max(len(found.records), 4)


def _named_project(found: Retrieval) -> Record | None:
    """The top record when it is a project the question names by title."""
    if not found.records or found.records[0].intent_group != "project":
        return None
    record = found.records[0]
    asked = set(words(found.question))
    title = term_set(record.title)
    return record if title & set(terms(" ".join(asked))) else None


def _previous_job(index: BM25Index, question: str) -> Record | None:
    jobs = _group(index, "experience")
    asked = set(words(question))
    for position, job in enumerate(jobs):
        if set(words(job.data.get("company", ""))) & asked and position + 1 < len(jobs):
            return jobs[position + 1]
    return None


@lru_cache(maxsize=2048)
def _stack_stems(stack: str) -> frozenset[str]:
    return frozenset(stem(word) for word in words(stack))


def _list(found: Retrieval, index: BM25Index, question: str) -> Retrieval:
    if found.fact == "worked_where":
        return replace(found, records=_group(index, "experience")[:LIST_LIMIT], missing=())
    if found.fact != "projects_using":
        return found
    topic = {stem(word) for word in words(found.question)} - _LIST_NOISE - STOPWORDS
    topic = {term for term in topic if term in index.idf}  # "k8s" stays out, "kubernetes" in
    if not topic:
        return found
    matching = []
    for record in _group(index, "project"):
        if topic <= _stack_stems(" ".join([*record.data.get("tech", []), record.data["category"]])):
            matching.append(record)
    if not matching:
        return found
    return replace(found, records=matching[:LIST_LIMIT])


_GATHERERS = {
    kinds.JOB: _job,
    kinds.SUMMARY: _summary,
    kinds.SUPERLATIVE: _superlative,
    kinds.FACT: _fact,
    kinds.LIST: _list,
}
