"""Turn published portfolio content into retrieval records (context line + answer line each).

Only published rows reach here. Expired certificates say so in both the
model's context and the knowledge-base answer, so they are never presented as
current.
"""

from __future__ import annotations

from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.text import slugify

from eve.retrieval import Record

CONTEXT_CHARS = 360  # per record: four records plus the prompt stay under ~600 tokens


def clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _link(title: str, url: str | None) -> str:
    return f"[{title}]({url})" if url else title


def project_url(project) -> str:
    try:
        return project.get_absolute_url()
    except NoReverseMatch:  # the site's URLs are optional for the API-only deployments
        return f"/projects/{project.slug}/"


def project_record(project) -> Record:
    tech = ", ".join(str(item) for item in project.tech_stack or [])
    highlights = "; ".join(str(item) for item in project.highlights or [])
    url = project_url(project)
    context = clip(
        f"Project {project.title}"
        + (f" ({project.category})" if project.category else "")
        + f": {project.summary}"
        + (f" Tech: {tech}." if tech else "")
        + (f" Highlights: {highlights}." if highlights else ""),
        CONTEXT_CHARS,
    )
    answer = f"**{_link(project.title, url)}** — {clip(project.summary, 220)}"
    if tech:
        answer += f" *Tech:* {clip(tech, 160)}."
    if project.github_url:
        answer += f" [Code on GitHub]({project.github_url})."
    search = " ".join(
        [project.title] * 3
        + [project.summary, project.description, project.category]
        + [tech] * 2
        + [highlights]
    )
    return Record("project", project.title, project.slug, url, context, answer, search)


def certificate_status(certificate) -> str:
    today = timezone.now().date()
    if certificate.status == "in_progress":
        return "in progress (not yet earned)"
    parts = []
    if certificate.issued_on:
        parts.append(f"earned {certificate.issued_on:%B %Y}")
    if certificate.expires_on and certificate.expires_on < today:
        parts.append(f"EXPIRED on {certificate.expires_on:%d %B %Y}, so it is not current")
    elif certificate.expires_on:
        parts.append(f"valid until {certificate.expires_on:%B %Y}")
    return ", ".join(parts) or "earned"


def certificate_record(certificate) -> Record:
    status = certificate_status(certificate)
    issuer = f" from {certificate.issuer}" if certificate.issuer else ""
    context = clip(f"Certificate {certificate.name}{issuer}: {status}.", CONTEXT_CHARS)
    answer = f"**{certificate.name}**{issuer} — {status}."
    if certificate.verify_url:
        answer += f" [Verify at the issuer]({certificate.verify_url})."
    search = " ".join([certificate.name] * 2 + [certificate.issuer, "certificate", status])
    url = certificate.verify_url or None
    return Record("certificate", certificate.name, certificate.slug, url, context, answer, search)


def knowledge_record(entry) -> Record:
    tags = ", ".join(str(tag) for tag in entry.tags or [])
    context = clip(f"{entry.title}: {entry.body}", CONTEXT_CHARS)
    answer = f"**{entry.title}** — {clip(entry.body, 300)}"
    search = " ".join([entry.title] * 2 + [entry.body] + [tags] * 2)
    slug = slugify(entry.title)[:60] or "entry"
    return Record("knowledge", entry.title, f"{slug}-{entry.pk}", None, context, answer, search)


def profile_record(profile, *, skills: list, experiences: list) -> Record:
    contact = ", ".join(
        value for value in (profile.email, profile.linkedin_url, profile.github_url) if value
    )
    roles = "; ".join(f"{item.role} at {item.company} ({item.period})" for item in experiences[:3])
    context = clip(
        f"{profile.name}, {profile.headline}"
        + (f", based in {profile.location}" if profile.location else "")
        + f". {profile.bio}"
        + (f" Roles: {roles}." if roles else "")
        + (f" Contact: {contact}." if contact else ""),
        CONTEXT_CHARS + 80,
    )
    answer = f"**{profile.name}** — {profile.headline}"
    answer += f", based in {profile.location}." if profile.location else "."
    if profile.bio:
        answer += f" {clip(profile.bio, 260)}"
    search = " ".join(
        [profile.name, profile.headline, profile.location, profile.bio]
        + ["about profile contact reach location based lives"]
        + [contact]
        + [f"{item.role} {item.company}" for item in experiences]
        + [skill.name for skill in skills[:20]]
    )
    return Record("profile", profile.name, "profile", "/#about", context, answer, search)


def experience_record(item) -> Record:
    title = f"{item.role} at {item.company}"
    context = clip(f"Experience: {title} ({item.period}). {item.summary}", CONTEXT_CHARS)
    answer = f"**{title}** ({item.period})" + (
        f" — {clip(item.summary, 240)}" if item.summary else ""
    )
    search = " ".join([title] * 2 + [item.period, item.summary, "experience work career job"])
    return Record(
        "profile", title, f"experience-{item.pk}", "/#experience", context, answer, search
    )


def skills_record(skills: list) -> Record | None:
    if not skills:
        return None
    groups: dict[str, list[str]] = {}
    for skill in skills:
        groups.setdefault(skill.category or "Other", []).append(skill.name)
    listing = "; ".join(f"{category}: {', '.join(names)}" for category, names in groups.items())
    context = clip(f"Skills — {listing}.", CONTEXT_CHARS + 120)
    answer = f"**Skills** — {clip(listing, 400)}."
    search = " ".join(["skills skill stack technologies tools"] * 2 + [listing])
    return Record("profile", "Skills", "skills", "/#skills", context, answer, search)
