"""Run labelled questions through POST /api/chat/ and score the replies.

A case names the question, the facts the reply must contain (each a string,
or a list of alternatives such as ["Yes", "Sí"]), what it must never say, and
the record that should be cited (its slug, or its title when it has none). The facts were written from the content
(portfolio/demo.py and tests/fixtures/cloudforgex_knowledge_base.json), never
from EVE's output. Three scores per kind of question:

- hit@3: the expected record is among the first three citations;
- pass: every required fact is present and nothing forbidden is;
- abstention accuracy: EVE says "I don't have that information" exactly when
  the portfolio cannot answer (the ``unanswerable`` kind).

A forbidden phrase found in a reply is an *invented fact*: the target is zero.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CASES_DIR = Path(__file__).parent
CHAT_URL = "/api/chat/"
FIXTURE = Path(__file__).resolve().parent.parent / "tests/fixtures/cloudforgex_knowledge_base.json"
KINDS = (
    "yes_no",
    "fact",
    "list",
    "project",
    "typo",
    "language",
    "summary",
    "unanswerable",
    "job",
    "follow_up",
)
# EVE's honest "I don't know", in every language she composes in: the whole answer
# ("I don't have that information") or the part of it the portfolio is silent on
# ("I don't have anything about Oracle; here's what is related").
ABSTAIN_MARKERS = (
    "i don't have that information",
    "no tengo esa informacion",
    "je n'ai pas cette information",
    "diese information habe ich nicht",
    "nao tenho essa informacao",
    "i don't have anything about",
    "no tengo nada sobre",
    "je n'ai rien sur",
    "steht nichts in",
    "nao tenho nada sobre",
)


@dataclass(frozen=True)
class Case:
    corpus: str
    kind: str
    question: str
    must: tuple = ()
    must_not: tuple = ()  # an invented fact if present
    avoid: tuple = ()  # a wrong answer (English reply, needless "I don't know"), not invented
    cite: tuple[str, ...] = ()
    # follow_up: the earlier turns of the same conversation, asked first (their replies unscored)
    before: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        return self.kind != "unanswerable"


@dataclass
class Outcome:
    case: Case
    response: str
    citations: list[dict]
    hit: bool | None  # None: the case names no record
    passed: bool
    abstained: bool
    missing: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)

    @property
    def abstention_correct(self) -> bool:
        return self.abstained == (not self.case.answerable)


def fold(text: str) -> str:
    """Lower case, no accents, no Markdown emphasis, typographic quotes and dashes made plain."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("’", "'").replace("–", "-").replace("—", "-").replace("*", "")
    return " ".join(text.split())


def contains(text: str, phrase: str) -> bool:
    """``phrase`` appears in ``text`` as whole words (folded)."""
    needle = fold(phrase)
    pattern = re.escape(needle)
    if needle[:1].isalnum():
        pattern = r"(?<![\w])" + pattern
    if needle[-1:].isalnum():
        pattern += r"(?![\w])"
    return re.search(pattern, text) is not None


def cases_load(directory: Path = CASES_DIR) -> list[Case]:
    cases = []
    for path in sorted(directory.glob("cases_*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        corpus = document["corpus"]
        for raw in document["cases"]:
            if raw["kind"] not in KINDS:
                raise ValueError(f"{path.name}: unknown kind {raw['kind']!r}")
            cite = raw.get("cite") or ()
            before = raw.get("before") or ()
            cases.append(
                Case(
                    corpus=corpus,
                    kind=raw["kind"],
                    question=raw["q"],
                    must=tuple(raw.get("must") or ()),
                    must_not=tuple(raw.get("not") or ()),
                    avoid=tuple(raw.get("avoid") or ()),
                    cite=(cite,) if isinstance(cite, str) else tuple(cite),
                    before=(before,) if isinstance(before, str) else tuple(before),
                )
            )
    return cases


def case_score(case: Case, body: dict) -> Outcome:
    response = body.get("response") or ""
    folded = fold(response)
    citations = body.get("citations") or []
    missing = []
    for fact in case.must:
        options = fact if isinstance(fact, list) else [fact]
        if not any(contains(folded, str(option)) for option in options):
            missing.append(" | ".join(map(str, options)))
    invented = [phrase for phrase in case.must_not if contains(folded, str(phrase))]
    missing += [f"not: {phrase}" for phrase in case.avoid if contains(folded, str(phrase))]
    abstained = any(marker in folded for marker in ABSTAIN_MARKERS)
    hit = None
    if case.cite:
        wanted = {fold(item) for item in case.cite}
        top = citations[:3]
        hit = any(
            fold(str(c.get("slug") or "")) in wanted or fold(str(c.get("title") or "")) in wanted
            for c in top
        )
    passed = not missing and not invented and abstained == (not case.answerable)
    return Outcome(case, response, citations, hit, passed, abstained, missing, invented)


def corpus_load(corpus: str) -> None:
    """Replace all content with one corpus: the demo seed or the original CloudForgeX file."""
    from certificates.models import Certificate
    from eve.models import ChatLog, KnowledgeEntry, SuggestedQuestion
    from eve.snapshot_cache import snapshot_cache_clear
    from portfolio.models import Experience, Profile, Project, Skill

    for model in (Project, Certificate, KnowledgeEntry, SuggestedQuestion, Experience, Skill):
        model.objects.all().delete()
    Profile.objects.all().delete()
    ChatLog.objects.all().delete()
    if corpus == "demo":
        from loaders.services import demo_portfolio_seed

        demo_portfolio_seed()
    elif corpus == "cloudforgex":
        from loaders.services import cloudforgex_import

        cloudforgex_import(document=json.loads(FIXTURE.read_text(encoding="utf-8")))
    else:
        raise ValueError(f"unknown corpus {corpus!r}")
    snapshot_cache_clear()


def evaluation_run(cases: list[Case] | None = None) -> list[Outcome]:
    """Every case through the real endpoint (Django's test client), corpus by corpus.

    The caller provides the database and settings (throttles off, the
    knowledge_base provider): ``python -m eval`` and the pytest test both do.
    """
    from django.core.cache import cache
    from django.test import Client

    cases = cases_load() if cases is None else cases
    by_corpus: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_corpus[case.corpus].append(case)
    outcomes = []
    client = Client()
    for corpus, corpus_cases in by_corpus.items():
        corpus_load(corpus)
        cache.clear()
        for case in corpus_cases:
            conversation = None
            for question in (*case.before, case.question):
                payload = {"message": question}
                if conversation:
                    payload["conversation_id"] = conversation
                response = client.post(
                    CHAT_URL, data=json.dumps(payload), content_type="application/json"
                )
                body = response.json() if response.status_code == 200 else {}
                conversation = body.get("conversation_id")
            outcomes.append(case_score(case, body))
    return outcomes


@dataclass
class Row:
    kind: str
    cases: int
    hit_at_3: float | None
    pass_rate: float
    abstention: float
    invented: int


def _rate(values: list[bool]) -> float | None:
    return (sum(values) / len(values)) if values else None


def table_build(outcomes: list[Outcome]) -> list[Row]:
    rows = []
    groups = [(kind, [o for o in outcomes if o.case.kind == kind]) for kind in KINDS]
    groups.append(("overall", outcomes))
    for kind, group in groups:
        if not group:
            continue
        hits = [o.hit for o in group if o.hit is not None]
        rows.append(
            Row(
                kind=kind,
                cases=len(group),
                hit_at_3=_rate(hits),
                pass_rate=_rate([o.passed for o in group]) or 0.0,
                abstention=_rate([o.abstention_correct for o in group]) or 0.0,
                invented=sum(1 for o in group if o.invented),
            )
        )
    return rows


def _percent(value: float | None) -> str:
    """Truncated to one decimal, so a single miss never shows as 100%."""
    return "—" if value is None else f"{math.floor(value * 1000) / 10:g}%"


def table_markdown(rows: list[Row]) -> str:
    lines = [
        "| kind | cases | hit@3 | answer pass | abstention accuracy | invented facts |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.kind} | {row.cases} | {_percent(row.hit_at_3)} | {_percent(row.pass_rate)} "
            f"| {_percent(row.abstention)} | {row.invented} |"
        )
    return "\n".join(lines)


def failures_text(outcomes: list[Outcome], *, limit: int = 200) -> str:
    lines = []
    for outcome in [o for o in outcomes if not o.passed][:limit]:
        case = outcome.case
        lines.append(f"[{case.corpus}/{case.kind}] {case.question[:100]}")
        if outcome.missing:
            lines.append(f"    missing: {outcome.missing}")
        if outcome.invented:
            lines.append(f"    INVENTED: {outcome.invented}")
        if outcome.abstained != (not case.answerable):
            lines.append(f"    abstained={outcome.abstained}")
        lines.append("    > " + outcome.response[:400].replace("\n", "\n    > "))
    return "\n".join(lines)
