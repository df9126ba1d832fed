"""The visitor's language is detected, and EVE has every one of her sentences in each language."""

from __future__ import annotations

import pytest

from eve.answers.language import LANGUAGES, language_detect
from eve.answers.phrases import PHRASES


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Does he know Helm?", "en"),
        ("AWS Lambda?", "en"),
        ("¿Jordan habla afrikaans?", "es"),
        ("¿Cuántos años de experiencia tiene?", "es"),
        ("Quelles certifications a-t-il ?", "fr"),
        ("Est-ce qu'il connaît Azure ?", "fr"),
        ("Welche Projekte hat er gebaut?", "de"),
        ("Wo wohnt er?", "de"),
        ("Ele fala inglês?", "pt"),
        ("Quais são os projetos dele?", "pt"),
    ],
)
def test_language_detection(question, language):
    assert language_detect(question) == language


def test_every_language_has_every_sentence_with_the_same_placeholders():
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    english = PHRASES["en"]
    for language in LANGUAGES:
        assert set(PHRASES[language]) == set(english), language
        for key, text in PHRASES[language].items():
            assert fields(text) <= fields(english[key]) | {"name"}, (language, key)
