"""Which of EVE's languages (EN, ES, FR, DE, PT) a question is written in.

A vote of function words and spelling marks; English wins ties, so a short
question full of technology names ("AWS Lambda?") stays English.
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "es", "fr", "de", "pt")

_MARKERS = {
    "en": """the is are does do did has have what which who where when how his he him
        with of and in can could would tell about any ever know use used""",
    "es": """el los las es son tiene tienen sus su qué que cuál cuáles dónde donde cuándo
        cómo cuántos cuántas años con del por para habla sabe trabaja está vive hay
        experiencia proyectos certificaciones puede ha""",
    "fr": """est sont ses sa son il elle quel quelle quels quelles où habite connaît connait
        avec des les le du une un pour qui ce cette qu a-t-il t-il parle travaille
        projets expérience période préavis""",
    "de": """hat ist sind er sie wo wohnt welche welcher welches seine seinen mit und der
        die das ein eine kann was wie wann gebaut erfahrung projekte zertifikate spricht
        arbeitet gibt""",
    "pt": """ele ela dele dela tem têm onde mora quais qual são os as com do da dos das
        é o um uma sabe fala trabalha projetos inglês espanhol experiência certificações período
        aviso prévio""",
}
_WORDS = {lang: frozenset(listing.split()) for lang, listing in _MARKERS.items()}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Letters and marks only one language uses.
_SIGNS = {"es": "¿¡ñ", "de": "ßäöü", "pt": "ãõ", "fr": "èëîœùû"}


_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _vocabulary in _WORDS.items():
    for _word in _vocabulary:
        _LANGUAGES_OF[_word] = (*_LANGUAGES_OF.get(_word, ()), _lang)


def language_detect(text: str) -> str:
    """The question's language code; "en" when unsure."""
    lowered = text.casefold()
    tokens = set(_WORD.findall(lowered))
    tokens |= {piece for token in tokens for piece in re.split(r"['’-]", token)}
    scores = dict.fromkeys(LANGUAGES, 0.0)
    for token in tokens:
        for lang in _LANGUAGES_OF.get(token, ()):
            scores[lang] += 1
    for lang, signs in _SIGNS.items():
        if any(sign in lowered for sign in signs):
            scores[lang] += 2
    best = max(LANGUAGES, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] > scores["en"] else "en"
