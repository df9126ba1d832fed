"""Pipeline step 9: rank the portfolio's published records against a question (BM25).

A small Okapi BM25 over an inverted index, written here rather than pulled in
as a dependency: it is ~100 lines, and owning it lets the tokeniser share the
guard's folding, synonyms (k8s -> kubernetes, cv -> resume, cert ->
certificate) and a light stemmer. The index is built once per content version
per process, so a question over 500 records scores in well under a millisecond.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from eve import lexicon
from eve.text import fold, words

K1 = 1.4
B = 0.75
MIN_SCORE = 0.3  # below this a record shares only a very common word with the question
RELATIVE_SCORE = 0.35  # keep records scoring at least this share of the best one

# Question verbs say nothing about which record answers ("what has he built with X").
_QUESTION_VERBS = frozenset(
    """
    build builds built building made make makes making create created done use used
    uses using know knows knew like likes want get got does doing work worked works
    working ever currently recently
    """.split()  # noqa: SIM905
)
# A domain word that is also a function word somewhere ("SES", French "ses") stays searchable.
_STOPWORDS = (
    frozenset(fold(word) for word in lexicon.STOPWORDS | lexicon.OWNER_PRONOUNS)
    - frozenset(fold(word) for word in lexicon.BUILTIN_TOPICS)
) | _QUESTION_VERBS
_PRONOUNS = frozenset(fold(word) for word in lexicon.OWNER_PRONOUNS)
_SYNONYMS = {
    fold(word): tuple(fold(s) for s in targets) for word, targets in lexicon.SYNONYMS.items()
}


@dataclass(frozen=True)
class Record:
    """One citable piece of the portfolio: what the model sees and what the visitor gets linked."""

    kind: str  # project | certificate | knowledge | profile
    title: str
    slug: str
    url: str | None
    context: str  # the compact text sent to the model
    answer: str  # the Markdown line the knowledge-base provider shows
    search_text: str = field(default="", repr=False)

    def citation(self) -> dict:
        return {"kind": self.kind, "title": self.title, "slug": self.slug, "url": self.url}


def stem(word: str) -> str:
    """A deliberately light stemmer: plurals and -ing/-ed, applied to questions and records alike."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 5 and word.endswith("ly"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """Searchable terms of a text: folded words minus function words, synonyms added, stemmed."""
    result = []
    for word in words(text):
        if word in _STOPWORDS:
            continue
        stemmed = stem(word)
        result.append(stemmed)
        for synonym in _SYNONYMS.get(word, ()) or _SYNONYMS.get(stemmed, ()):
            result.append(stem(synonym))
    return result


class BM25Index:
    """Okapi BM25 over records; ``search`` returns the best few above a relevance floor."""

    def __init__(self, records: list[Record], *, default: Record | None = None):
        self.records = records
        self.default = default
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths: list[int] = []
        for position, record in enumerate(records):
            counts = Counter(terms(record.search_text))
            self.lengths.append(sum(counts.values()))
            for term, count in counts.items():
                self.postings[term].append((position, count))
        total = len(records)
        self.average_length = (sum(self.lengths) / total) if total else 0.0
        self.idf = {
            term: math.log(1 + (total - len(posting) + 0.5) / (len(posting) + 0.5))
            for term, posting in self.postings.items()
        }

    def scores(self, question: str) -> dict[int, float]:
        scores: dict[int, float] = defaultdict(float)
        for term in set(terms(question)):
            idf = self.idf.get(term)
            if idf is None:
                continue
            for position, count in self.postings[term]:
                norm = K1 * (1 - B + B * self.lengths[position] / (self.average_length or 1))
                scores[position] += idf * count * (K1 + 1) / (count + norm)
        return scores

    def search(self, question: str, *, limit: int) -> list[Record]:
        """The best ``limit`` records that are really about the question (maybe none)."""
        ranked = sorted(self.scores(question).items(), key=lambda item: (-item[1], item[0]))
        if not ranked or ranked[0][1] < MIN_SCORE:
            return self._about_owner(question)
        floor = max(MIN_SCORE, ranked[0][1] * RELATIVE_SCORE)
        return [self.records[position] for position, score in ranked[:limit] if score >= floor]

    def _about_owner(self, question: str) -> list[Record]:
        """ "Tell me about him" names no topic but is about the owner: answer from the profile."""
        if (
            self.default
            and not terms(question)  # "favourite pizza" names a topic we simply lack
            and any(word in _PRONOUNS for word in words(question))
        ):
            return [self.default]
        return []
