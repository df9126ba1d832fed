"""A pasted job description: the requirements it names, and the record that evidences each.

Requirements are the technologies and skills the text names, matched longest
first against the portfolio's own vocabulary (stacks, skills, certificates) and
a list of common ones (``lexicon.JOB_TERMS``). A requirement counts as evidenced
only when a record's own words contain it: a fuzzy or aliased match is not
evidence. Nothing is scored: the portfolio cannot support a number.
"""

from __future__ import annotations

from eve import lexicon
from eve.retrieval import STOPWORDS, BM25Index, Record, stem, stem_set
from eve.text import words

MAX_REQUIREMENTS = 14
MAX_PHRASE_WORDS = 5
# Words too broad to be a requirement on their own.
_TOO_BROAD = frozenset({"cloud", "engineer", "engineering", "platform", "experience", "code"})


def _phrases(index: BM25Index) -> dict[tuple[str, ...], str]:
    """Folded word tuple -> display form, the portfolio's spelling winning over the lexicon's."""
    phrases: dict[tuple[str, ...], str] = {}
    for term in lexicon.JOB_TERMS:
        key = tuple(words(term))
        if key:
            phrases[key] = term
    for record in index.records:
        names = list(record.data.get("tech", []))
        for group in record.data.get("groups", {}).values():
            names += group
        if record.intent_group == "certificate":
            names.append(record.title)
        for name in names:
            key = tuple(words(name))
            if key and len(key) <= MAX_PHRASE_WORDS:
                phrases[key] = name
    return phrases


def requirements_find(*, text: str, index: BM25Index) -> list[str]:
    """The requirements ``text`` names, in order, longest match first, no repeats."""
    phrases = _phrases(index)
    tokens = words(text)
    found: list[str] = []
    seen: set[tuple[str, ...]] = set()
    position = 0
    while position < len(tokens) and len(found) < MAX_REQUIREMENTS:
        for size in range(MAX_PHRASE_WORDS, 0, -1):
            key = tuple(tokens[position : position + size])
            if len(key) == size and key in phrases and key not in seen:
                if size == 1 and key[0] in _TOO_BROAD:
                    continue
                seen.add(key)
                found.append(phrases[key])
                position += size
                break
        else:
            position += 1
    return _without_parts(found)


def _without_parts(found: list[str]) -> list[str]:
    """ "AWS Lambda" makes a separate "Lambda" redundant."""
    keys = [set(words(item)) for item in found]
    return [
        item
        for item, key in zip(found, keys, strict=True)
        if not any(key < other for other in keys)
    ]


def _evidence(requirement: str, index: BM25Index) -> Record | None:
    """The best-ranked record whose own words (title, tags, stack, body) name ``requirement``.

    Synonyms and aliases help ranking but are not evidence: "Python" is not shown
    by "Languages spoken" because "languages" is a synonym of programming.
    """
    wanted = {stem(word) for word in words(requirement) if word not in STOPWORDS}
    if not wanted:
        return None
    ranked = index.lookup(requirement, limit=4).records
    for record in dict.fromkeys([*ranked, *index.records]):
        if wanted <= (stem_set(record.title) | stem_set(record.search_text)):
            return record
    return None


def requirements_evidence(*, question: str, index: BM25Index) -> list[tuple[str, Record | None]]:
    """Each requirement with the record that shows it, or None when the portfolio is silent."""
    return [
        (item, _evidence(item, index)) for item in requirements_find(text=question, index=index)
    ]
