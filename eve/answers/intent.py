"""What kind of question it is: the shape of the answer EVE should lead with.

Deterministic patterns over the question as searched (typos corrected, folded)
and the raw text (for punctuation, accents and length). Order matters: a pasted
job description is a job description even when it starts with "Do you…".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eve import lexicon
from eve.text import fold

JOB = "job"
SUMMARY = "summary"
SUPERLATIVE = "superlative"
FACT = "fact"
LIST = "list"
YES_NO = "yes_no"
GENERAL = "general"

JOB_MIN_CHARS = 80  # with job-ad words ("Requirements:", "you will")
FIT_MIN_CHARS = 140  # with only "would he fit / match"


def _any(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_JOB = _any(
    r"\brequirements?\b",
    r"\bresponsibilities\b",
    r"\bmust[ -]haves?\b",
    r"\bnice to have\b",
    r"\bwe (are|re) (hiring|looking)\b",
    r"\bjob (description|spec|ad|posting)\b",
    r"\byou will\b",
    r"\bqualifications\b",
    r"\babout the role\b",
    r"\b\d\+? years\b",
)
_FIT = re.compile(r"\b(fit|match|suited|suitable|assess)\b")
# "Is Jordan a good fit for a data engineer role with Spark and Airflow?": short, but a fit question.
_FIT_WORD = (
    r"\b(?:fit|match|suited|suitable|qualified|encaja|adecuado|idoneo|convient|correspond"
    r"|passt|passen|geeignet|adequado)\b"
)
_ROLE_WORD = (
    r"\b(?:role|job|position|opening|vacancy|puesto|trabajo|poste|emploi|stelle|rolle|vaga"
    r"|cargo|funcao)\b"
)
_FIT_ROLE = re.compile(f"{_FIT_WORD}.*{_ROLE_WORD}|{_ROLE_WORD}.*{_FIT_WORD}")
_SUMMARY = _any(
    r"\bsummar\w*",
    r"\bsum (him|her|them|up)\b",
    r"\boverview\b",
    r"\bin brief\b",
    r"\bin (three|3|two|2|a few|five|5) (bullets?|points?|sentences?|lines?)\b",
    r"^who is\b",
    r"\bintroduce\b",
    r"\belevator pitch\b",
    r"\bwhy should (we|i) hire\b",
    r"\bresum[eo] de\b",
    r"\bzusammenfass\w*",
    r"\bresumo\b",
)
_SUPERLATIVE = _any(
    r"\b(biggest|greatest|best|strongest|proudest|top|key|main|largest)\s+"
    r"(achievement|accomplishment|result|impact|win|project|work|success)",
    r"\bmost (impressive|important|notable|significant|proud)\b",
    r"\bachievements?\b",
    r"\baccomplishments?\b",
)
_TIME_ZONE = _any(
    r"\btime ?zone\b", r"\bzona horaria\b", r"\bfuseau\b", r"\bzeitzone\b", r"\bfuso\b"
)
_WORK_OR_STUDY = re.compile(
    r"\b(work\w*|study|studied|stud\w*|university|trabaj\w*|travaill\w*|arbeit\w*|trabalh\w*"
    r"|estud\w*|use[sd]?|built|deploy\w*|run\w*)\b"
)
_LOCATION = _any(
    r"\bwhere\b",
    r"\bbased\b",
    r"\blives?\b",
    r"\bliving\b",
    r"\blocat\w*",
    r"\bcity\b",
    r"\btown\b",
    r"\bcountry\b",
    r"\bdonde\b",
    r"\bvive\b",
    r"\bubicad\w*",
    r"\bhabite\b",
    r"\bwo\b",
    r"\bwohnt\b",
    r"\blebt\b",
    r"\bonde\b",
    r"\bmora\b",
    r"\blocaliz\w*",
)
_GITHUB = re.compile(r"\bgithub\b(?! actions)")
_LINKEDIN = re.compile(r"\blinkedin\b")
_EMAIL = _any(
    r"\be ?mail (address|adress|addr)\b",  # "email spam filtering" is a topic, not a request
    r"\b(his|her|their|s|your) e ?mail\b",
    r"\be ?mail\s*$",
    r"\bcontact\w*",
    r"\breach\b",
    r"\bcorreo\b",
    r"\bcourriel\b",
    r"\bkontakt\w*",
    r"\bcontato\b",
)
_PHONE = re.compile(r"\b(phone|telephone|mobile|cell|whatsapp|telefono|telefone)\b")
# "What does he do?" in the languages EVE answers in, once greetings, filler, the
# owner's name and pronouns are dropped: it asks for the current role.
_WHAT_DOES_HE_DO = re.compile(
    r"^(?:"
    r"what (?:does|do) do(?: for (?:a )?(?:living|work))?(?: now| these days| currently)?"
    r"|(?:a )?que (?:se dedica|hace)(?: ahora| actualmente)?"
    r"|(?:qu est ce qu(?:e)? fait|que fait)(?: maintenant| actuellement)?"
    r"|was macht(?: beruflich)?(?: jetzt| derzeit)?"
    r"|(?:o )?que (?:o |a )?faz(?: agora| atualmente)?"
    r"|(?:cosa|che) fa(?: ora| adesso)?"
    r")$"
)
_OPENING_FILLER = frozenset(fold(w) for w in lexicon.GREETINGS) | {"eve", "so", "and"}
_OWNER_PRONOUNS = frozenset(fold(w) for w in lexicon.OWNER_PRONOUNS)
_CURRENT_ROLE = _any(
    r"\bcurrent(ly)? (role|rol|job|position|title|employer|company|work)\b",
    r"\bjob title\b",
    r"\bwork(s|ing)? (now|today|currently)\b",
    r"\bpresent (role|job)\b",
    r"\bwhere does \w+ work\b",
    r"\bwho does \w+ work for\b",
    r"\b(which|what) company does \w+ work (for|at)\b",
    r"\b(rol|puesto|trabajo|cargo|poste|emploi|funcao) (actual|actuel|atual)\b",
    r"\bwo arbeitet\b",
    r"\barbeitet \w+ (jetzt|derzeit|aktuell)\b",
    r"\bdonde trabaja\b",
    r"\bou travaille\b",
    r"\bonde (\w+ )?trabalha\b",
)
_BEFORE = re.compile(r"\b(before|prior to|previous(ly)?)\b")
_WORKED_WHERE = _any(
    r"\bwhere (has|have|did) \w+ (\w+ )?work",
    r"\bemployers\b",
    r"\bcompanies\b",
    r"\bwork history\b",
    r"\bwhich companies\b",
)
_YEARS = _any(
    r"\bhow many years\b",
    r"\byears? of experience\b",
    r"\banos de experiencia\b",
    r"\bans d experience\b",
    r"\bjahre\w* erfahrung\b",
    r"\bhow long\b",
    r"\bseniority\b",
    r"\bstart\w* (in|with|out in) (tech|it|cloud|the industry|his career|her career)\b",
)
_NOTICE = _any(r"\bnotice\b", r"\bpreaviso\b", r"\bpreavis\b", r"\bkundigungsfrist\b", r"\baviso\b")
_LANGUAGES = _any(
    r"\bspeak\w*",
    r"\bspoken\b",
    r"\bhabla\w*",
    r"\bidiomas?\b",
    r"\bparle\w*",
    r"\blangues\b",
    r"\bsprich\w*",
    r"\bsprachen\b",
    r"\bfala\b",
    r"\blinguas\b",
    r"\blanguages (does|do) \w+ speak",
)
_PROGRAMMING = re.compile(r"\b(programming|code|coding|program|scripting)\b")
_EDUCATION = _any(
    r"\bstudy\b",
    r"\bstudied\b",
    r"\bdegree\b",
    r"\buniversity\b",
    r"\bcollege\b",
    r"\beducation\b",
    r"\bschool\b",
    r"\bestudi\w*",
    r"\betudes\b",
    r"\bstudium\b",
    r"\bstudiert\b",
    r"\bformacao\b",
    r"\bformacion\b",
    r"\bformation\b",
    r"\bausbildung\b",
    r"\bgraduat\w*",
)
_LIST = _any(
    r"\b(which|what) (\w+ )?(projects|certifications|certificates|certs|skills|tools)\b",
    r"\blist\b",
    r"\ball (of )?(\w+ )?(projects|certifications|certificates|skills)\b",
    r"\bwhich (of his |of her |of their )?projects\b",
    r"\bquels? (sont )?(ses )?projets\b",
    r"\bquais\b",
    r"\bwelche\b",
)
_USES = re.compile(r"\b(use|uses|using|used|built with|run on|runs on|with)\b")

# Yes/no: the question opens with an auxiliary (after the owner's name or a comma).
_YES_NO_START = re.compile(
    r"^(does|dose|do|did|is|are|was|were|has|have|had|can|could|would|will"
    r"|tiene|sabe|ha|es|esta|habla|puede|trabaja|conoce|usa"
    r"|est ce|est il|est elle|a t il|a t elle|sait il|connait il|parle t il|a il"
    r"|hat|ist|kann|spricht|kennt|war|hatte|nutzt|arbeitet"
    r"|tem|e|fala|conhece|ja|trabalhou|usou)\b"
)
_NOT_YES_NO = re.compile(r"^(can|could|would|will) (you|i|we)\b")
_WH = re.compile(
    r"\b(what|which|where|when|who|how|why|que|cual|cuales|donde|cuando|como|cuantos|cuantas"
    r"|quel|quelle|quels|quelles|ou|comment|combien|welche|welcher|wo|wie|wann|warum"
    # German "was" ("Was macht er?"), not English "Was it deployed…?"
    r"|was(?! (?:it|he|she|this|that|there|they|his|her|the|a|an|jordan)\b)"
    r"|qual|quais|onde|quando|quanto|quantos)\b"
)


@dataclass(frozen=True)
class Intent:
    kind: str
    fact: str = ""  # for FACT (and LIST): location, github, current_role, worked_where...
    time_zone: bool = False
    yes_no: bool = False  # phrased as a yes/no question, whatever its kind


def _plain(text: str) -> str:
    """Folded words only: "¿Dónde vive?" -> "donde vive", "a-t-il" -> "a t il"."""
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


def question_intent(*, question: str, searched: str, owner_names=()) -> Intent:
    """The kind of ``question`` (raw text); ``searched`` is the corrected, folded form."""
    plain = _plain(question)
    corrected = _plain(searched)
    text = f"{plain} {corrected}"
    if (
        (len(question) >= JOB_MIN_CHARS and _JOB.search(text))
        or (len(question) >= FIT_MIN_CHARS and _FIT.search(text))
        or _FIT_ROLE.search(plain)
    ):
        return Intent(JOB)
    if _SUMMARY.search(text):
        return Intent(SUMMARY, fact="experience" if "experience" in text else "")
    if _SUPERLATIVE.search(text):
        return Intent(SUPERLATIVE, fact="project" if re.search(r"\bprojects?\b", text) else "")
    opening = _opening(plain, owner_names)
    yes_no = (
        bool(_YES_NO_START.match(opening))
        and not _NOT_YES_NO.match(opening)
        and not _WH.match(opening)
    )
    fact = _fact(text, corrected)
    if not fact and _asks_what_he_does(plain, owner_names):
        fact = "current_role"
    if fact:
        return Intent(FACT, fact=fact, time_zone=bool(_TIME_ZONE.search(text)), yes_no=yes_no)
    if _WORKED_WHERE.search(text) and not _BEFORE.search(text):
        return Intent(LIST, fact="worked_where")
    if _LIST.search(text) and not yes_no:
        uses = bool(_USES.search(text)) or bool(re.search(r"\b(ai|serverless|devops)\b", text))
        return Intent(LIST, fact="projects_using" if "project" in text and uses else "")
    if yes_no:
        return Intent(YES_NO, yes_no=True)
    return Intent(GENERAL)


def _opening(plain: str, owner_names) -> str:
    """The question without a leading owner name ("Jordan tiene…" -> "tiene…")."""
    words = plain.split()
    names = {fold(name) for name in owner_names}
    greeted = False
    while words and (
        words[0] in names
        or words[0] in _OPENING_FILLER
        or (greeted and words[0] in {"there", "everyone", "all", "guys", "folks"})
    ):
        greeted = greeted or words[0] in _OPENING_FILLER
        words = words[1:]
    if len(words) > 1 and words[0] in {"ele", "ela", "er", "sie", "il", "elle", "el", "ella"}:
        words = words[1:]
    return " ".join(words)


def _asks_what_he_does(plain: str, owner_names) -> bool:
    names = {fold(name) for name in owner_names}
    kept = [
        w
        for w in plain.split()
        if w not in names and w not in _OWNER_PRONOUNS and w not in _OPENING_FILLER
    ]
    return bool(_WHAT_DOES_HE_DO.match(" ".join(kept)))


def _fact(text: str, corrected: str) -> str:
    if _PHONE.search(text):
        return "phone"
    if _TIME_ZONE.search(text):
        return "location"
    if _GITHUB.search(corrected):
        return "github"
    if _LINKEDIN.search(corrected):
        return "linkedin"
    if _EMAIL.search(text):
        return "email"
    if _CURRENT_ROLE.search(text) and not _BEFORE.search(text):
        return "current_role"
    if _BEFORE.search(text) and re.search(r"\bwork", text):
        return "previous_job"
    if _YEARS.search(text):
        return "years"
    if _NOTICE.search(text):
        return "notice"
    if _LANGUAGES.search(text) and not _PROGRAMMING.search(text):
        return "languages"
    if _EDUCATION.search(text) and not re.search(r"\b(currently|learning|now)\b", text):
        return "education"
    if _LOCATION.search(text) and not _WORK_OR_STUDY.search(text):
        return "location"
    return ""
