"""Read and validate a CloudForgeX knowledge-base file before anything is written.

``import_document_parse`` turns the original format (see DESIGN.md "Content")
into plain records or raises ``ImportFileInvalid`` naming the first problem,
with its place in the file (``projects[2].tech_stack``). Writing happens in
``loaders.services.cloudforgex_import`` inside one transaction.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.text import slugify

from loaders.exceptions import ImportFileInvalid

KNOWN_PROFILE_KEYS = {
    "name",
    "location",
    "education",
    "tech_journey_start",
    "experience_years",
    "career_timeline",
    "certifications",
    "specialisations",
    "career_goals",
    "currently_learning",
}
# Contact details some files carry; they fill the profile when they are valid.
PROFILE_CONTACT_KEYS = {"email": "email", "linkedin": "linkedin_url", "github": "github_url"}
KNOWN_TOP_LEVEL_KEYS = {"personal_profile", "projects", "suggested_responses"}
# Keys of nested entries that map to a column; any other key is kept as text (never dropped).
KNOWN_PROJECT_KEYS = {
    "title",
    "summary",
    "description",
    "tech_stack",
    "highlights",
    "github",
    "category",
}
KNOWN_CAREER_KEYS = {"period", "company", "role", "roles", "duration"}
KNOWN_CERTIFICATE_KEYS = {"name", "date", "url", "issuer", "credential_id"}
_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Date texts that mean "not earned yet"; any other text is kept and the certificate counts as earned.
_IN_PROGRESS = re.compile(
    r"\b(in[\s-]*progress|pending|studying|expected|planned|ongoing)\b", re.IGNORECASE
)


@dataclass
class ParsedExperience:
    company: str
    role: str
    period: str
    summary: str
    where: str = ""


@dataclass
class ParsedCertificate:
    name: str
    slug: str
    issued_on: date | None
    in_progress: bool
    verify_url: str
    issuer: str | None = None
    credential_id: str | None = None
    where: str = ""


@dataclass
class ParsedProject:
    title: str
    slug: str
    summary: str
    description: str
    tech_stack: list[str]
    highlights: list[str]
    category: str
    github_url: str
    where: str = ""


@dataclass
class ParsedKnowledge:
    title: str
    body: str
    tags: list[str]
    where: str = ""


@dataclass
class ParsedImport:
    profile: dict
    experiences: list[ParsedExperience] = field(default_factory=list)
    certificates: list[ParsedCertificate] = field(default_factory=list)
    projects: list[ParsedProject] = field(default_factory=list)
    knowledge: list[ParsedKnowledge] = field(default_factory=list)
    questions: list[tuple[str, str]] = field(default_factory=list)


def import_file_read(*, path: str | Path) -> dict:
    """The file's JSON object, or ImportFileInvalid saying why it cannot be read."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportFileInvalid(f"{path}: no such file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFileInvalid(f"{path}: cannot be read as UTF-8 text ({exc}).") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileInvalid(
            f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})."
        ) from None
    return document


def import_document_parse(*, document) -> ParsedImport:
    """Validate a whole CloudForgeX document; raises ImportFileInvalid on the first problem."""
    if not isinstance(document, dict):
        raise ImportFileInvalid("The file must contain a JSON object at the top level.")
    for key in ("personal_profile", "projects"):
        if key not in document:
            raise ImportFileInvalid(f'Missing required top-level key "{key}".')
    raw_profile = _expect(document["personal_profile"], dict, "personal_profile")
    parsed = ParsedImport(profile=_parse_profile(raw_profile))
    parsed.experiences = [
        _parse_experience(item, f"personal_profile.career_timeline[{index}]")
        for index, item in enumerate(
            _expect(
                raw_profile.get("career_timeline", []), list, "personal_profile.career_timeline"
            )
        )
    ]
    certificate_knowledge = []
    for index, item in enumerate(
        _expect(raw_profile.get("certifications", []), list, "personal_profile.certifications")
    ):
        certificate, knowledge = _parse_certificate(
            item, f"personal_profile.certifications[{index}]"
        )
        parsed.certificates.append(certificate)
        if knowledge:
            certificate_knowledge.append(knowledge)
    parsed.projects = [
        _parse_project(item, f"projects[{index}]")
        for index, item in enumerate(_expect(document["projects"], list, "projects"))
    ]
    parsed.questions = _parse_questions(document.get("suggested_responses", {}))
    parsed.knowledge = (
        _profile_knowledge(raw_profile)
        + [
            _knowledge_from_key(key, value, where=key)
            for key, value in document.items()
            if key not in KNOWN_TOP_LEVEL_KEYS and value not in (None, "", [], {})
        ]
        + certificate_knowledge
    )
    _refuse_duplicates(parsed)
    return parsed


def _refuse_duplicates(parsed: ParsedImport) -> None:
    """Two entries that would land on the same row are refused rather than silently merged."""
    _refuse_duplicate_keys(
        [(item.slug, item.where, item.title) for item in parsed.projects],
        "both become the project address",
        "rename one of them",
    )
    _refuse_duplicate_keys(
        [(item.slug, item.where, item.name) for item in parsed.certificates],
        "both become the certificate address",
        "rename one of them",
    )
    _refuse_duplicate_keys(
        [
            ((item.company.casefold(), item.period.casefold()), item.where, item.company)
            for item in parsed.experiences
        ],
        "have the same company and period",
        "merge them or change one period",
    )
    _refuse_duplicate_keys(
        [(item.title, item.where, item.title) for item in parsed.knowledge],
        "both become the knowledge entry",
        "rename one of the keys",
    )


def _refuse_duplicate_keys(entries: list[tuple], clash: str, fix: str) -> None:
    seen: dict = {}
    for key, where, label in entries:
        if key in seen:
            first_where, first_label = seen[key]
            shown = key if isinstance(key, str) else " / ".join(key)
            raise ImportFileInvalid(
                f'{first_where} "{first_label}" and {where} "{label}" {clash} "{shown}"; '
                f"{fix} so neither overwrites the other."
            )
        seen[key] = (where, label)


def _parse_profile(raw: dict) -> dict:
    profile = {
        "name": _text(raw.get("name"), "personal_profile.name", max_length=120, required=True),
        "location": _text(raw.get("location"), "personal_profile.location", max_length=120),
    }
    specialisations = _string_list(
        raw.get("specialisations", []), "personal_profile.specialisations"
    )
    profile["headline"] = " · ".join(specialisations[:3])[:200]
    for key, field_name in PROFILE_CONTACT_KEYS.items():
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            profile[field_name] = _contact(value.strip(), field_name, f"personal_profile.{key}")
    return profile


def _parse_experience(item, where: str) -> ParsedExperience:
    item = _expect(item, dict, where)
    if "role" in item:
        role = _text(item["role"], f"{where}.role", max_length=160, required=True)
    elif "roles" in item:
        roles = _string_list(item["roles"], f"{where}.roles")
        if not roles:
            raise ImportFileInvalid(f"{where}.roles: list at least one role.")
        role = " / ".join(roles)
        if len(role) > 160:
            raise ImportFileInvalid(f"{where}.roles: together longer than 160 characters.")
    else:
        raise ImportFileInvalid(f'{where}: needs "role" (text) or "roles" (a list).')
    duration = _text(item.get("duration"), f"{where}.duration", max_length=80)
    summary = f"Duration: {duration}." if duration else ""
    return ParsedExperience(
        company=_text(item.get("company"), f"{where}.company", max_length=120, required=True),
        role=role,
        period=_text(item.get("period"), f"{where}.period", max_length=80, required=True),
        summary=_with_extras(summary, item, KNOWN_CAREER_KEYS),
        where=where,
    )


def _extras(item: dict, known: set[str]) -> list[tuple[str, object]]:
    """Keys of a nested entry with no column of their own, in file order (empty values skipped)."""
    return [
        (key, value)
        for key, value in item.items()
        if key not in known and value not in (None, "", [], {})
    ]


def _with_extras(text: str, item: dict, known: set[str]) -> str:
    """``text`` followed by an "Also:" section listing the entry's unknown keys as Markdown."""
    extras = _extras(item, known)
    if not extras:
        return text
    lines = ["**Also:**", ""]
    for key, value in extras:
        label = _label(key)
        if isinstance(value, dict | list):
            nested = "\n".join(f"  {line}" for line in _as_text(value).splitlines())
            lines.append(f"- {label}:\n{nested}")
        else:
            lines.append(f"- {label}: {_as_text(value)}")
    also = "\n".join(lines)
    return f"{text}\n\n{also}" if text else also


def _label(key) -> str:
    return (" ".join(re.split(r"[_\W]+", str(key))).strip().capitalize() or "Other")[:80]


def _parse_certificate(item, where: str) -> tuple[ParsedCertificate, ParsedKnowledge | None]:
    """The certificate, plus a knowledge entry keeping what has no column (else None)."""
    item = _expect(item, dict, where)
    name = _text(item.get("name"), f"{where}.name", max_length=200, required=True)
    slug = slugify(name)[:80].strip("-")
    if not slug:
        raise ImportFileInvalid(f"{where}.name: needs letters or digits.")
    issued_on, in_progress, unparsed_date = _certificate_date(item.get("date"), f"{where}.date")
    url = item.get("url")
    verify_url = "" if url in (None, "") else _url(url, f"{where}.url")
    certificate = ParsedCertificate(
        name=name,
        slug=slug,
        issued_on=issued_on,
        in_progress=in_progress,
        verify_url=verify_url,
        issuer=(
            _text(item["issuer"], f"{where}.issuer", max_length=120) if "issuer" in item else None
        ),
        credential_id=(
            _text(item["credential_id"], f"{where}.credential_id", max_length=120)
            if "credential_id" in item
            else None
        ),
        where=where,
    )
    lines = [f"Date as written in the imported file: {unparsed_date}"] if unparsed_date else []
    body = _with_extras("\n".join(lines), item, KNOWN_CERTIFICATE_KEYS)
    if not body:
        return certificate, None
    knowledge = ParsedKnowledge(
        title=f"Certificate: {name}"[:200],
        body=f"About the certificate {name}.\n\n{body}",
        tags=["certificate", "certification", *slug.split("-")[:4]],
        where=where,
    )
    return certificate, knowledge


def _certificate_date(value, where: str) -> tuple[date | None, bool, str]:
    """(issued on, in progress, text kept as written) for a certificate's ``date``.

    DD/MM/YYYY, YYYY-MM-DD, "Month YYYY" (first of the month) and YYYY (first of
    January) are issue dates. Text meaning "not earned yet" (in progress,
    pending, studying, expected, planned, ongoing) marks it in progress. Any
    other text (e.g. "Expired") leaves it earned with no date, and the text is
    returned so the importer keeps it in a knowledge entry.
    """
    if value is None or value == "":
        return None, False, ""
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        value = str(value)
    if not isinstance(value, str):
        raise ImportFileInvalid(f'{where}: expected text such as "31/01/2024" or "In Progress".')
    text = " ".join(value.split())
    if not text:
        return None, False, ""
    if _IN_PROGRESS.search(text):
        return None, True, ""
    day_month_year = None
    if match := _SLASH_DATE.match(text):
        day, month, year = (int(part) for part in match.groups())
        day_month_year, expected = (day, month, year), "DD/MM/YYYY"
    elif match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
        day_month_year, expected = (day, month, year), "YYYY-MM-DD"
    elif match := _YEAR.match(text):
        day_month_year, expected = (1, 1, int(match.group(1))), "YYYY"
    elif (match := _MONTH_YEAR.match(text.lower())) and match.group(1) in _MONTHS:
        day_month_year = (1, _MONTHS[match.group(1)], int(match.group(2)))
        expected = "Month YYYY"
    if day_month_year is None:
        return None, False, text
    day, month, year = day_month_year
    try:
        return date(year, month, day), False, ""
    except ValueError:
        raise ImportFileInvalid(
            f'{where}: "{value}" is not a real date (expected {expected}).'
        ) from None


def _parse_project(item, where: str) -> ParsedProject:
    item = _expect(item, dict, where)
    title = _text(item.get("title"), f"{where}.title", max_length=160, required=True)
    slug = slugify(title)[:80].strip("-")
    if not slug:
        raise ImportFileInvalid(f"{where}.title: needs letters or digits.")
    summary = _text(item.get("summary"), f"{where}.summary", required=True)
    github = item.get("github")
    description = _text(item.get("description"), f"{where}.description")
    if len(summary) > 300:
        # The card shows a short summary; the full text is kept as the description.
        description = description or summary
        summary = summary[:297].rsplit(" ", 1)[0] + "…"
    description = _with_extras(description, item, KNOWN_PROJECT_KEYS)
    return ParsedProject(
        title=title,
        slug=slug,
        summary=summary,
        description=description,
        tech_stack=_string_list(item.get("tech_stack", []), f"{where}.tech_stack"),
        highlights=_string_list(item.get("highlights", []), f"{where}.highlights"),
        category=_text(item.get("category"), f"{where}.category", max_length=80),
        github_url="" if github in (None, "") else _url(github, f"{where}.github"),
        where=where,
    )


def _parse_questions(raw) -> list[tuple[str, str]]:
    raw = _expect(raw, dict, "suggested_responses")
    questions = []
    for question, answer in raw.items():
        where = f'suggested_responses["{question[:40]}"]'
        question = " ".join(question.split())
        if not question:
            raise ImportFileInvalid("suggested_responses: a question is empty.")
        if len(question) > 200:
            raise ImportFileInvalid(f"{where}: questions must be under 200 characters.")
        questions.append((question, _text(answer, where, required=True)))
    return questions


def _profile_knowledge(raw: dict) -> list[ParsedKnowledge]:
    """Profile facts with no column of their own become knowledge entries for EVE."""
    entries = []
    for key, title, tags in [
        ("education", "Education", ["education", "degree", "study"]),
        ("specialisations", "Specialisations", ["specialisations", "skills", "expertise"]),
        ("career_goals", "Career goals", ["goals", "career", "future"]),
        ("currently_learning", "Currently learning", ["learning", "studying", "next"]),
    ]:
        if raw.get(key) not in (None, "", [], {}):
            entries.append(
                ParsedKnowledge(
                    title=title,
                    body=_as_text(raw[key]),
                    tags=tags,
                    where=f"personal_profile.{key}",
                )
            )
    journey = []
    if raw.get("tech_journey_start") not in (None, ""):
        journey.append(f"Started in tech: {_as_text(raw['tech_journey_start'])}.")
    if raw.get("experience_years") not in (None, ""):
        journey.append(f"Years of experience: {_as_text(raw['experience_years'])}.")
    if journey:
        entries.append(
            ParsedKnowledge(
                title="Tech journey",
                body=" ".join(journey),
                tags=["experience", "years", "journey"],
                where="personal_profile.tech_journey_start",
            )
        )
    for key, value in raw.items():
        if key in KNOWN_PROFILE_KEYS or key in PROFILE_CONTACT_KEYS:
            continue
        if value not in (None, "", [], {}):
            entries.append(_knowledge_from_key(key, value, where=f"personal_profile.{key}"))
    return entries


def _knowledge_from_key(key: str, value, *, where: str) -> ParsedKnowledge:
    title = (" ".join(re.split(r"[_\W]+", str(key))).strip().capitalize() or "Imported")[:200]
    tags = [word for word in title.lower().split() if len(word) > 2][:6]
    return ParsedKnowledge(
        title=title, body=_as_text(value), tags=tags or ["imported"], where=where
    )


def _as_text(value, depth: int = 0) -> str:
    """Readable text for any JSON value: lists become bullets, objects "Key: value" lines."""
    indent = "  " * depth
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            label = str(key).replace("_", " ").capitalize()
            if isinstance(item, dict | list):
                lines.append(f"{indent}{label}:\n{_as_text(item, depth + 1)}")
            else:
                lines.append(f"{indent}{label}: {_as_text(item)}")
        return "\n".join(lines)
    if isinstance(value, list):
        return "\n".join(
            f"{indent}- {_as_text(item, depth + 1).strip()}" for item in value if item is not None
        )
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()


def _expect(value, kind: type, where: str):
    if not isinstance(value, kind):
        names = {dict: "an object", list: "a list", str: "text"}
        raise ImportFileInvalid(
            f"{where}: expected {names.get(kind, kind.__name__)}, got {_json_type(value)}."
        )
    return value


def _text(value, where: str, *, max_length: int | None = None, required: bool = False) -> str:
    if value is None:
        if required:
            raise ImportFileInvalid(f"{where}: required.")
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    value = _expect(value, str, where).strip()
    if required and not value:
        raise ImportFileInvalid(f"{where}: must not be empty.")
    if max_length and len(value) > max_length:
        raise ImportFileInvalid(f"{where}: longer than {max_length} characters.")
    return value


def _string_list(value, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    items = _expect(value, list, where)
    result = []
    for index, item in enumerate(items):
        text = _text(item, f"{where}[{index}]")
        if text:
            result.append(text)
    return result


def _url(value, where: str) -> str:
    value = _expect(value, str, where).strip()
    if value and "://" not in value:
        value = f"https://{value}"
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ImportFileInvalid(f'{where}: "{value[:80]}" is not a web address.') from None
    if len(value) > 200:
        raise ImportFileInvalid(f"{where}: web addresses must be under 200 characters.")
    return value


def _contact(value: str, field_name: str, where: str) -> str:
    if field_name == "email":
        try:
            validate_email(value)
        except ValidationError:
            raise ImportFileInvalid(f'{where}: "{value[:80]}" is not an email address.') from None
        return value
    return _url(value, where)


def _json_type(value) -> str:
    if value is None:
        return "null"
    return {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)
