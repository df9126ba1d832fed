"""Project detail: the project a question names, and the sentence of it that answers.

"What was the order API's peak throughput?" names "Serverless order API" by two
of its title words; the answer is then searched in that project only, and a
question about results or amounts ("how much", "impact") prefers the
highlights that state them.
"""

from __future__ import annotations

import re

from eve.answers.sentences import HIGHLIGHT_WEIGHT, record_sentences
from eve.retrieval import STOPWORDS, Record, Retrieval, term_set, terms

_RESULTS = re.compile(
    r"\b(result|results|impact|outcome|outcomes|achieve\w*|how much|how many|how fast|"
    r"how often|numbers?|metrics?|saving|savings|find|found)\b",
    re.IGNORECASE,
)
_STACK = re.compile(r"\b(stack|tech|technolog\w*|built with|made with|tools)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def named_project(found: Retrieval) -> Record | None:
    """The project whose title the question names (two title words, or the whole title)."""
    asked = {term for term in terms(found.question) if term not in STOPWORDS}
    best, best_overlap = None, 0
    for record in found.records:
        if record.intent_group != "project":
            continue
        title = {term for term in terms(record.title) if term not in STOPWORDS}
        overlap = len(title & asked)
        if overlap and (overlap >= 2 or overlap == len(title)) and overlap > best_overlap:
            best, best_overlap = record, overlap
    return best


def project_quote(record: Record, found: Retrieval) -> str:
    """The sentence of ``record`` that answers, or its tech stack for a stack question."""
    question = found.question
    if _STACK.search(question) and record.data.get("tech"):
        return ", ".join(record.data["tech"]) + "."
    asked = {term for term in terms(question) if term not in STOPWORDS}
    wanted = asked - term_set(record.title)
    results = bool(_RESULTS.search(question))
    best, best_score = "", 0.0
    for sentence, weight in record_sentences(record):
        own = term_set(sentence)
        shared = own & wanted
        # title words the sentence repeats break ties ("Teams onboard with a pull request")
        score = len(shared) * weight + 0.5 * len(own & (asked - wanted)) * bool(shared)
        if results and _DIGIT.search(sentence):
            score += 0.5
        if results and weight == HIGHLIGHT_WEIGHT:
            score += 1.0
        if score > best_score:
            best, best_score = sentence, score
    highlights = record.data.get("highlights", [])
    if results and highlights and not any(term_set(item) & wanted for item in highlights):
        return "; ".join(highlights)  # "what were the results?": every result it states
    return best
