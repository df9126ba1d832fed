"""Chat-message normalisation as it was before issue 17, for comparison only.

It is quadratic on long runs of combining marks (NFKC's insertion sort), which
is why it was replaced. tests/eve/test_normalise.py checks the new code still
gives users this output; bench/hostile_input.py times it beside the new code.
Never import it from the application.
"""

import re
import unicodedata

_DROPPED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_LINE_BREAKS = "\t\n\r\x0b\x0c"


def old_normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if not text.isprintable():
        text = "".join(
            " " if char in _LINE_BREAKS else char
            for char in text
            if char in _LINE_BREAKS or unicodedata.category(char) not in _DROPPED
        )
    return re.sub(r"\s+", " ", text).strip()
