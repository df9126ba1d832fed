"""Read and validate a CloudForgeX knowledge-base file before anything is written.

``import_document_parse`` turns the original format (see DESIGN.md "Content")
into plain records or raises ``ImportFileInvalid`` naming the first problem,
with its place in the file (``projects[2].tech_stack``). Writing happens in
``portfolio.services.cloudforgex_import`` inside one transaction.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.text import slugify

from portfolio.exceptions import ImportFileInvalid

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
_SLASH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}\s*$")


@dataclass
class ParsedExperience:
    company: str
    role: str
    period: str
    summary: str


@dataclass
class ParsedCertificate:
    name: str
    slug: str
    issued_on: date | None
    in_progress: bool
    verify_url: str


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


@dataclass
class ParsedKnowledge:
    title: str
    body: str
    tags: list[str]


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
    parsed.certificates = [
        _parse_certificate(item, f"personal_profile.certifications[{index}]")
        for index, item in enumerate(
            _expect(raw_profile.get("certifications", []), list, "personal_profile.certifications")
        )
    ]
    parsed.projects = [
        _parse_project(item, f"projects[{index}]")
        for index, item in enumerate(_expect(document["projects"], list, "projects"))
    ]
    parsed.questions = _parse_questions(document.get("suggested_responses", {}))
    parsed.knowledge = _profile_knowledge(raw_profile) + [
        _knowledge_from_key(key, value)
        for key, value in document.items()
        if key not in KNOWN_TOP_LEVEL_KEYS and value not in (None, "", [], {})
    ]
    return parsed


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
    return ParsedExperience(
        company=_text(item.get("company"), f"{where}.company", max_length=120, required=True),
        role=role,
        period=_text(item.get("period"), f"{where}.period", max_length=80, required=True),
        summary=f"Duration: {duration}." if duration else "",
    )


def _parse_certificate(item, where: str) -> ParsedCertificate:
    item = _expect(item, dict, where)
    name = _text(item.get("name"), f"{where}.name", max_length=200, required=True)
    slug = slugify(name)[:80].strip("-")
    if not slug:
        raise ImportFileInvalid(f"{where}.name: needs letters or digits.")
    issued_on, in_progress = _certificate_date(item.get("date"), f"{where}.date")
    url = item.get("url")
    verify_url = "" if url in (None, "") else _url(url, f"{where}.url")
    return ParsedCertificate(
        name=name, slug=slug, issued_on=issued_on, in_progress=in_progress, verify_url=verify_url
    )


def _certificate_date(value, where: str) -> tuple[date | None, bool]:
    """DD/MM/YYYY is a date; free text such as "In Progress" means not earned yet."""
    if value is None or value == "":
        return None, False
    if not isinstance(value, str):
        raise ImportFileInvalid(f'{where}: expected text such as "31/01/2024" or "In Progress".')
    match = _SLASH_DATE.match(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day), False
        except ValueError:
            raise ImportFileInvalid(
                f'{where}: "{value}" is not a real date (expected DD/MM/YYYY).'
            ) from None
    if _ISO_DATE.match(value):
        raise ImportFileInvalid(f'{where}: "{value}" must be written as DD/MM/YYYY.')
    return None, True


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
    return ParsedProject(
        title=title,
        slug=slug,
        summary=summary,
        description=description,
        tech_stack=_string_list(item.get("tech_stack", []), f"{where}.tech_stack"),
        highlights=_string_list(item.get("highlights", []), f"{where}.highlights"),
        category=_text(item.get("category"), f"{where}.category", max_length=80),
        github_url="" if github in (None, "") else _url(github, f"{where}.github"),
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
            entries.append(ParsedKnowledge(title=title, body=_as_text(raw[key]), tags=tags))
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
            )
        )
    for key, value in raw.items():
        if key in KNOWN_PROFILE_KEYS or key in PROFILE_CONTACT_KEYS:
            continue
        if value not in (None, "", [], {}):
            entries.append(_knowledge_from_key(key, value))
    return entries


def _knowledge_from_key(key: str, value) -> ParsedKnowledge:
    title = (" ".join(re.split(r"[_\W]+", str(key))).strip().capitalize() or "Imported")[:200]
    tags = [word for word in title.lower().split() if len(word) > 2][:6]
    return ParsedKnowledge(title=title, body=_as_text(value), tags=tags or ["imported"])


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
