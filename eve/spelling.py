"""Typo tolerance against the portfolio's own vocabulary (rapidfuzz; no model, no download).

A question word that neither the content nor EVE's lexicon knows is replaced by
the closest word that one of them does, within a Damerau-Levenshtein distance
that grows with the word's length ("Terrafrom" -> "terraform", "certfications"
-> "certifications"). Known words are never touched, so a technology the
portfolio does not mention ("Azure", "Rust") stays itself and is still reported
as missing rather than bent into something that is there.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from eve.text import fold

MIN_LENGTH = 5  # shorter words are too often real ones the portfolio lacks ("HANA" is not "hand")


def max_distance(word: str) -> int:
    """Edits allowed: one (a transposition counts as one), two from nine letters on."""
    return 2 if len(word) >= 9 else 1


class Speller:
    """Corrects words against ``vocabulary``; ``weights`` breaks ties (more frequent wins)."""

    def __init__(self, vocabulary: dict[str, int], *, exclude=frozenset()):
        """``exclude``: known words that are never the correction (function words)."""
        self.weights = {fold(word): weight for word, weight in vocabulary.items() if word}
        self.choices = [
            word for word in self.weights if len(word) >= MIN_LENGTH - 1 and word not in exclude
        ]
        self.correct = lru_cache(maxsize=8192)(self._correct)

    def known(self, word: str) -> bool:
        return word in self.weights

    def _correct(self, word: str) -> str:
        """The closest known word, or ``word`` itself when it is known, short or too far off."""
        if len(word) < MIN_LENGTH or word in self.weights or not word.isalpha():
            return word
        limit = max_distance(word)
        candidates = process.extract(
            word,
            self.choices,
            scorer=DamerauLevenshtein.distance,
            score_cutoff=limit,
            limit=20,
        )
        if len(word) <= 5:
            # a short real word one insertion away from a content word ("drive", "driven")
            # is more likely a word the portfolio lacks than a typo: same length only
            candidates = [item for item in candidates if len(item[0]) == len(word)]
        if not candidates:
            return word
        best = min(
            candidates,
            key=lambda item: (
                item[1],  # fewest edits
                item[0][:1] != word[:1],  # a typo rarely hits the first letter
                abs(len(item[0]) - len(word)),
                -self.weights[item[0]],
                item[0],
            ),
        )
        return best[0]
