"""Pipeline step 9: rank the portfolio's published records against a question (BM25).

A small Okapi BM25 over an inverted index, written here rather than pulled in
as a dependency: it is ~100 lines, and owning it lets the tokeniser share the
guard's folding, synonyms (k8s -> kubernetes, cv -> resume, cert ->
certificate) and stemming (Snowball English, so "specialise" finds
"Specialisations"; technology names keep a light stemmer so "Kubernetes" is not
cut to "kubernet"). Before scoring, a question is rewritten: the owner's search
aliases add what a phrase means ("brushing up on" -> "currently learning") and
misspelt words are corrected against the content's own vocabulary
(``eve.spelling``). The index is built once per content version per process, so
a question over 500 records scores in well under a millisecond.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from eve import lexicon
from eve.spelling import Speller
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
    (
        frozenset(fold(word) for word in lexicon.STOPWORDS | lexicon.OWNER_PRONOUNS)
        - frozenset(fold(word) for word in lexicon.BUILTIN_TOPICS)
    )
    | _QUESTION_VERBS
    | frozenset(fold(word) for word in lexicon.GREETINGS)
)
# French/Italian elisions ("qu'il", "l'API", "d'AWS"): the elided article or
# pronoun is dropped before the words are folded, or "qu'il" becomes the unknown
# topic "quil" (and "c'est" must not search the C language). Only at a word's
# start, so English "don't" and "it's" are untouched.
_ELISION = re.compile(r"\b(?:qu|[ldcjnsmt])['’](?=[^\W\d_])", re.IGNORECASE)


def split_elisions(text: str) -> str:
    """ "Est-ce qu'il connaît l'AWS" -> "Est-ce il connaît AWS"."""
    return _ELISION.sub("", text)


STOPWORDS = _STOPWORDS  # for the answer composer: words that say nothing about a topic
_PRONOUNS = frozenset(fold(word) for word in lexicon.OWNER_PRONOUNS)
_SYNONYMS = {
    fold(word): tuple(fold(s) for s in targets) for word, targets in lexicon.SYNONYMS.items()
}
_INTENTS = {
    fold(word): kind for kind, listing in lexicon.INTENT_WORDS.items() for word in listing.split()
}
_VALIDITY = frozenset(fold(word) for word in lexicon.VALIDITY_WORDS)
_GENERIC = frozenset(fold(word) for word in lexicon.GENERIC_WORDS)
# A word naming a technology or topic: if the portfolio never mentions it, EVE says so.
_NAMED = (
    frozenset(fold(word) for word in lexicon.BUILTIN_TOPICS)
    - _GENERIC
    - set(_INTENTS)
    - frozenset(fold(word) for word in lexicon.STOPWORDS)  # French "ses" is not Amazon SES
)
_REPLACED = frozenset(fold(word) for word in lexicon.REPLACED_BY_SYNONYM)
_QUESTION_SYNONYMS = {
    fold(word): tuple(fold(s) for s in targets)
    for word, targets in lexicon.QUESTION_SYNONYMS.items()
}
GENERIC_WEIGHT = 0.25  # generic and intent words still order records, at a quarter weight


@dataclass(frozen=True)
class Record:
    """One citable piece of the portfolio: what the model sees and what the visitor gets linked."""

    kind: str  # project | certificate | knowledge | profile (the citation's kind)
    title: str
    slug: str | None  # None: nothing to open on this site (a certificate without a file)
    url: str | None
    context: str  # the compact text sent to the model
    answer: str  # the Markdown line the knowledge-base provider shows
    search_text: str = field(default="", repr=False)
    group: str = ""  # what a question can ask for: project|certificate|experience|skill|...
    status: str = ""  # certificates: current | expired | in_progress
    # The record's fields for composing direct answers (tech stack, highlights, location...).
    data: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def intent_group(self) -> str:
        return self.group or self.kind

    def citation(self) -> dict:
        return {"kind": self.kind, "title": self.title, "slug": self.slug, "url": self.url}


@dataclass(frozen=True)
class Retrieval:
    """What retrieval found for a question, and what the question asked for."""

    records: list[Record]
    intent: str = ""  # project | certificate | experience | skill | ""
    validity: bool = False  # "valid", "current", "still": a certificate status filter
    missing: tuple[str, ...] = ()  # named topics the portfolio never mentions
    listing: bool = False  # a list-type certificate answer (every matching certificate)
    omitted: int = 0  # matching certificates left out of a listing to keep the prompt small
    question: str = ""  # the question as searched: aliases added, typos corrected
    unknown: tuple[str, ...] = ()  # question words no record contains
    topics: tuple[str, ...] = ()  # question words some record contains (what it is about)
    kind: str = ""  # what kind of question (eve.answers.intent): yes_no, fact, list, job...
    fact: str = ""  # which fact or list it asks for: location, github, current_role...
    yes_no: bool = False  # phrased as a yes/no question
    time_zone: bool = False  # asks for a time zone (the portfolio states a location)
    language: str = "en"  # the visitor's language, for the sentences EVE composes
    # A job description's requirements, each with the record that evidences it (or None).
    requirements: tuple[tuple[str, Record | None], ...] = ()
    # The index's idf per term: a rare word ("Lambda") says more about a sentence than "AWS".
    weights: dict = field(default_factory=dict, repr=False, compare=False)
    thread: tuple[Record, ...] = ()  # a follow-up: the records the conversation was about


_SNOWBALL = snowballstemmer.stemmer("english")
# Names whose final "s" is not a plural: Snowball would cut "kubernetes" to "kubernet"
# and "jenkins" to "jenkin". They are searched as written.
_UNSTEMMED = frozenset(fold(word) for word in lexicon.UNSTEMMED)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball English ("specialise" and "Specialisations" meet), names left as written."""
    if word in _UNSTEMMED:
        return word
    if not word.isalpha():
        return light_stem(word)
    return _SNOWBALL.stemWord(word)


def light_stem(word: str) -> str:
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
    for word in words(split_elisions(text)):
        if word in _STOPWORDS:
            continue
        stemmed = stem(word)
        result.append(stemmed)
        if word in _REPLACED or stemmed in _REPLACED:
            continue  # "Started the company's first account" says nothing about availability
        for synonym in _SYNONYMS.get(word, ()) or _SYNONYMS.get(light_stem(word), ()):
            result.append(stem(synonym))
    return result


@lru_cache(maxsize=8192)
def term_set(text: str) -> frozenset[str]:
    """``terms(text)`` as a set, cached: composing an answer asks about the same records often."""
    return frozenset(terms(text))


@lru_cache(maxsize=8192)
def stem_set(text: str) -> frozenset[str]:
    """The stems of the words ``text`` itself contains (no synonyms added), cached."""
    return frozenset(stem(word) for word in words(text))


@dataclass(frozen=True)
class _Question:
    content: tuple[tuple[str, tuple[str, ...]], ...]  # (word, its terms) that must match
    generic: tuple[str, ...]  # terms scored at GENERIC_WEIGHT
    intent: str
    validity: bool
    owner_words: bool  # a pronoun or the owner's name


@lru_cache(maxsize=4096)
def _analyse(question: str, owner_names: frozenset[str]) -> _Question:
    raw = words(question)
    intent = ""
    for word in raw:
        kind = _INTENTS.get(word) or _INTENTS.get(stem(word))
        if kind and (not intent or intent in lexicon.WEAK_INTENTS):
            intent = kind
    validity = any(word in _VALIDITY for word in raw)
    content, generic = [], []
    owner_words = False
    for word in raw:
        if word in _PRONOUNS or word in owner_names or stem(word) in owner_names:
            owner_words = True
            continue
        if word in _QUESTION_SYNONYMS:
            content.append((word, tuple(stem(term) for term in _QUESTION_SYNONYMS[word])))
            continue
        if word in _STOPWORDS and word not in _VALIDITY:
            continue
        stemmed = stem(word)
        synonyms = [stem(s) for s in _SYNONYMS.get(word, ()) or _SYNONYMS.get(light_stem(word), ())]
        own = [] if synonyms and word in _REPLACED else [stemmed]
        expanded = tuple(dict.fromkeys(own + synonyms))
        if (
            word in _GENERIC
            or stemmed in _GENERIC
            or word in _INTENTS
            or stemmed in _INTENTS
            or word in _VALIDITY
        ):
            generic.extend(expanded)
        else:
            content.append((word, expanded))
    return _Question(tuple(content), tuple(generic), intent, validity, owner_words)


# A list-type certificate question ("which certifications does he hold?") gets
# every matching certificate, current first, but no more than this many: the
# model prompt stays within ~600 input tokens however many the owner adds.
LISTING_LIMIT = 12

_STATUS_ORDER = {"current": 0, "in_progress": 1, "expired": 2}


class BM25Index:
    """Okapi BM25 over records; ``lookup`` returns the best few above a relevance floor.

    Only words that say what the question is about qualify a record: generic
    words ("experience", "current", "role") and kind words ("projects") order
    the records but never select one on their own, and a named technology the
    portfolio never mentions ("Azure") is reported instead of padded with
    unrelated records.
    """

    def __init__(
        self,
        records: list[Record],
        *,
        default: Record | None = None,
        owner_names=(),
        aliases: tuple[tuple[str, str], ...] = (),
    ):
        self.records = records
        self.default = default
        self.owner_names = frozenset(fold(name) for name in owner_names if name)
        self.aliases = tuple(
            (" ".join(words(term)), means) for term, means in aliases if words(term) and means
        )
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths: list[int] = []
        vocabulary: Counter = Counter()
        for position, record in enumerate(records):
            vocabulary.update(words(record.search_text))
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
        self.by_group: dict[str, list[int]] = defaultdict(list)
        for position, record in enumerate(records):
            self.by_group[record.intent_group].append(position)
        self.speller = _speller(vocabulary, self.owner_names, self.aliases)

    def rewrite(self, question: str) -> str:
        """The question as searched: misspelt words corrected, then the aliases' meanings added."""
        corrected = []
        for word in words(split_elisions(question)):
            # a word whose stem the content has ("deploy" for "Deploys") is not a typo
            corrected.append(word if stem(word) in self.idf else self.speller.correct(word))
        text = " ".join(corrected)
        padded = f" {text} "
        extra = [
            means
            for term, means in self.aliases
            if f" {term} " in padded and fold(means) not in text
        ]
        return " ".join([text, *extra])

    def _aliased(self, question: str) -> frozenset[str]:
        """Words of the question an alias explains: never reported missing or unknown."""
        padded = f" {question} "
        found = set()
        for term, means in self.aliases:
            if f" {term} " in padded and any(t in self.idf for t in terms(means)):
                found.update(term.split())
        return frozenset(found)

    def _score_terms(self, scores: dict[int, float], query_terms, weight: float) -> set[int]:
        hit: set[int] = set()
        for term in query_terms:
            idf = self.idf.get(term)
            if idf is None:
                continue
            for position, count in self.postings[term]:
                norm = K1 * (1 - B + B * self.lengths[position] / (self.average_length or 1))
                scores[position] += weight * idf * count * (K1 + 1) / (count + norm)
                hit.add(position)
        return hit

    def search(self, question: str, *, limit: int) -> list[Record]:
        """The best ``limit`` records that are really about the question (maybe none)."""
        return self.lookup(question, limit=limit).records

    def _scores(self, q: _Question) -> tuple[dict[int, float], set[int]]:
        scores: dict[int, float] = defaultdict(float)
        content_terms = {term for _, expanded in q.content for term in expanded}
        matched = self._score_terms(scores, content_terms, 1.0)
        self._score_terms(scores, set(q.generic) - content_terms, GENERIC_WEIGHT)
        return scores, matched

    def relevance(self, question: str) -> dict[Record, float]:
        """Every record's BM25 score for the question (those scoring anything), for the owner's "why"."""
        scores, _ = self._scores(_analyse(self.rewrite(question), self.owner_names))
        return {self.records[position]: score for position, score in scores.items()}

    def lookup(self, question: str, *, limit: int) -> Retrieval:
        question = self.rewrite(question)
        aliased = self._aliased(question)
        q = _analyse(question, self.owner_names)
        scores, matched = self._scores(q)
        known = [word for word, expanded in q.content if any(t in self.idf for t in expanded)]
        missing = tuple(
            word
            for word, expanded in q.content
            if word in _NAMED and not any(t in self.idf for t in expanded) and word not in aliased
        )
        unknown_words = tuple(
            w for w, e in q.content if not any(t in self.idf for t in e) and w not in aliased
        )
        unknown = len(unknown_words)
        result = {
            "intent": q.intent,
            "validity": q.validity,
            "missing": missing,
            "question": question,
            "unknown": unknown_words,
            "topics": tuple(known),
        }
        if known:
            candidates = [p for p in matched if scores[p] >= MIN_SCORE]
            if not candidates and q.intent:
                # A term on every record of the kind ("AWS" on 40 certificates) scores
                # under the floor; the kind the question names still decides.
                candidates = [p for p in matched if self.records[p].intent_group == q.intent]
        elif missing or (unknown and not q.intent):
            return Retrieval([], **result)  # "Azure?", "favourite pizza": not in the portfolio
        elif q.intent:
            candidates = list(self.by_group.get(q.intent, ()))
        else:
            default = [self.default] if self.default and (q.owner_words or q.generic) else []
            return Retrieval(default, **result)
        if not candidates:
            return Retrieval([], **result)

        if q.intent == "certificate":
            certificates = [p for p in candidates if self.records[p].intent_group == "certificate"]
            if certificates and (not known or len(certificates) > 1 or q.validity):
                # a list or a status question: every matching certificate, current first
                certificates.sort(
                    key=lambda p: (_STATUS_ORDER.get(self.records[p].status, 3), -scores[p], p)
                )
                shown = certificates[:LISTING_LIMIT]
                return Retrieval(
                    [self.records[p] for p in shown],
                    listing=True,
                    omitted=len(certificates) - len(shown),
                    **result,
                )

        if not known and not q.validity:
            # "Show me his projects": every record of the kind, in the owner's order
            return Retrieval([self.records[p] for p in sorted(candidates)[:limit]], **result)
        if not known and q.intent == "experience":
            # "What is his current role?": the current one(s) only, when there is one
            current = [p for p in candidates if self.records[p].status == "current"]
            candidates = current or candidates
        ranked = sorted(candidates, key=lambda p: (-scores[p], p))
        best = scores[ranked[0]]
        floor = max(MIN_SCORE, best * RELATIVE_SCORE) if known else 0.0
        kept = [p for p in ranked if scores[p] >= floor]
        if q.intent and (q.intent not in lexicon.WEAK_INTENTS or not known):
            wanted = [p for p in ranked if self.records[p].intent_group == q.intent]
            others = [p for p in kept if self.records[p].intent_group != q.intent]
            kept = wanted + others
        return Retrieval([self.records[p] for p in kept[:limit]], **result)


# Words EVE's lexicon knows: never "corrected", and (minus function words) valid corrections.
_LEXICON_WORDS = frozenset(
    fold(word)
    for word in (
        lexicon.STOPWORDS
        | lexicon.OWNER_PRONOUNS
        | lexicon.BUILTIN_TOPICS
        | lexicon.GENERIC_WORDS
        | lexicon.VALIDITY_WORDS
        | set(lexicon.SYNONYMS)
        | set(lexicon.QUESTION_SYNONYMS)
        | {word for listing in lexicon.INTENT_WORDS.values() for word in listing.split()}
        | lexicon.QUESTION_WORDS
        | lexicon.GREETINGS
    )
)
# Corrections land on words that say what a question is about, never on function words.
_NOT_A_CORRECTION = frozenset(
    fold(word) for word in lexicon.STOPWORDS | lexicon.QUESTION_WORDS | lexicon.GREETINGS
)
# Words EVE's lexicon knows that say nothing about a topic: not "unknown" to a yes/no answer.
KNOWN_NON_TOPICS = frozenset(fold(word) for word in lexicon.QUESTION_WORDS)


def _speller(vocabulary: Counter, owner_names, aliases) -> Speller:
    targets: dict[str, int] = {word: count for word, count in vocabulary.items() if word.isalpha()}
    for word in _LEXICON_WORDS | set(owner_names):
        targets[word] = targets.get(word, 0) + 1
    for term, _ in aliases:
        for word in term.split():
            targets[word] = targets.get(word, 0) + 1
    return Speller(targets, exclude=_NOT_A_CORRECTION)
