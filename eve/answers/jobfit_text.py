"""The reply to a pasted job description: evidenced requirements, silent ones, an invitation."""

from __future__ import annotations

from eve.answers.phrases import contact_route, listed, phrase
from eve.retrieval import Record, Retrieval

MAX_SOURCES = 2
# None of the requirements is shown: say so plainly, then what the portfolio is about.
_INSTEAD = {
    "en": "The portfolio shows no evidence of {missing}. What it does show:",
    "es": "El portafolio no muestra experiencia con {missing}. Lo que sí muestra:",
    "fr": "Le portfolio ne montre rien sur {missing}. Ce qu'il montre :",
    "de": "Das Portfolio belegt {missing} nicht. Was es zeigt:",
    "pt": "O portfólio não mostra experiência com {missing}. O que mostra:",
}


def _source(record: Record) -> str:
    return f"[{record.title}]({record.url})" if record.url else record.title


def job_answer(*, found: Retrieval, owner, name: str, language: str) -> str:
    how = contact_route(owner, language)
    requirements = list(found.requirements)
    if not requirements:
        return "\n\n".join(
            [phrase(language, "job_none"), phrase(language, "job_close", name=name, how=how)]
        )
    shown = [(item, record) for item, record in requirements if record is not None]
    silent = [item for item, record in requirements if record is None]
    lines = [phrase(language, "job_lead", name=name, topic=len(requirements))]
    if shown:
        lines += ["", f"**{phrase(language, 'job_evidenced')}**"]
        for item, record in shown:
            lines.append(f"- **{item}** — {_source(record)}")
    if silent and not shown:
        instead = _INSTEAD.get(language, _INSTEAD["en"]).format(
            missing=listed(language, silent, conjunction="or")
        )
        profile = [r for r in found.records if r.intent_group == "profile"][:1]
        lines += ["", instead] + [f"- {record.answer}" for record in profile]
    elif silent:
        lines += ["", f"**{phrase(language, 'job_missing')}**", f"- {listed(language, silent)}"]
    lines += ["", phrase(language, "job_close", name=name, how=how)]
    return "\n".join(lines)
