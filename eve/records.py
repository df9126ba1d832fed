"""Turn published portfolio content into retrieval records (context line + answer line each).

Only published rows reach here. Expired certificates say so in both the
model's context and the knowledge-base answer, so they are never presented as
current.
"""

from __future__ import annotations

from collections import Counter

from django.utils import timezone
from django.utils.text import slugify

from eve import links
from eve.retrieval import Record

CONTEXT_CHARS = 360  # per record: four records plus the prompt stay under ~600 tokens


def clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _link(title: str, url: str | None) -> str:
    return f"[{title}]({url})" if url else title


def project_record(project, *, url: str | None) -> Record:
    tech = ", ".join(str(item) for item in project.tech_stack or [])
    highlights = "; ".join(str(item) for item in project.highlights or [])
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
        + ["project built portfolio"]
    )
    data = {
        "summary": project.summary,
        "description": project.description,
        "tech": [str(item) for item in project.tech_stack or []],
        "highlights": [str(item) for item in project.highlights or []],
        "category": project.category,
        "github": project.github_url,
        "live": project.live_url,
        "featured": project.featured,
    }
    return Record(
        "project",
        project.title,
        project.slug,
        url,
        context,
        answer,
        search,
        group="project",
        data=data,
    )


def certificate_state(certificate, *, today=None) -> str:
    """current | expired | in_progress: what a visitor may be told about the certificate."""
    today = today or timezone.now().date()
    if certificate.status == "in_progress":
        return "in_progress"
    if certificate.expires_on and certificate.expires_on < today:
        return "expired"
    return "current"


def certificate_status(certificate, *, state: str) -> str:
    """The sentence for ``state`` (from ``certificate_state``) that EVE says about it."""
    if state == "in_progress":
        return "in progress (not yet earned)"
    parts = []
    if certificate.issued_on:
        parts.append(f"earned {certificate.issued_on:%B %Y}")
    if state == "expired":
        parts.append(f"EXPIRED on {certificate.expires_on:%d %B %Y}, so it is not current")
    elif certificate.expires_on:
        parts.append(f"valid until {certificate.expires_on:%B %Y}")
    return ", ".join(parts) or "earned"


def certificate_record(certificate, *, url: str | None, today=None) -> Record:
    state = certificate_state(certificate, today=today)
    status = certificate_status(certificate, state=state)
    issuer = f" from {certificate.issuer}" if certificate.issuer else ""
    context = clip(f"Certificate {certificate.name}{issuer}: {status}.", CONTEXT_CHARS)
    answer = f"**{certificate.name}**{issuer} — {status}."
    if certificate.verify_url:
        answer += f" [Verify at the issuer]({certificate.verify_url})."
    # The status words ("valid", "expired") are not searchable: validity is a filter
    # (Record.status), so "valid Kubernetes certificate" cannot match an expired one's text.
    search = " ".join([certificate.name] * 2 + [certificate.issuer, "certificate"])
    # Only a certificate with a file can be opened in the site's viewer.
    slug = certificate.slug if certificate.file else None
    return Record(
        "certificate",
        certificate.name,
        slug,
        url,
        context,
        answer,
        search,
        group="certificate",
        status=state,
        data={
            "issuer": certificate.issuer,
            "status_text": status,
            "expires_on": certificate.expires_on,
            "issued_on": certificate.issued_on,
        },
    )


def knowledge_records(entries: list) -> list[Record]:
    """One record per entry, slugs from titles made unique in a stable order."""
    seen: Counter = Counter()
    records = []
    for entry in entries:
        base = slugify(entry.title)[:60] or "entry"
        seen[base] += 1
        slug = base if seen[base] == 1 else f"{base}-{seen[base]}"
        records.append(knowledge_record(entry, slug=slug))
    return records


def knowledge_record(entry, *, slug: str) -> Record:
    """``slug`` comes from the title (stable across environments, unlike the pk)."""
    tags = ", ".join(str(tag) for tag in entry.tags or [])
    context = clip(f"{entry.title}: {entry.body}", CONTEXT_CHARS)
    answer = f"**{entry.title}** — {clip(entry.body, 200)}"
    search = " ".join([entry.title] * 2 + [entry.body] + [tags] * 2)
    return Record(
        "knowledge",
        entry.title,
        slug,
        None,
        context,
        answer,
        search,
        group="knowledge",
        data={"body": entry.body, "tags": [str(tag) for tag in entry.tags or []]},
    )


def profile_record(profile, *, url: str | None, skills: list, experiences: list) -> Record:
    contact = ", ".join(
        value for value in (profile.email, profile.linkedin_url, profile.github_url) if value
    )
    roles = "; ".join(f"{item.role} at {item.company} ({item.period})" for item in experiences[:3])
    resume = (links.resume_link() or "") if profile.resume else ""
    first_name = (profile.name.split() or [""])[0]
    context = clip(
        f"{profile.name}, {profile.headline}"
        + (f", based in {profile.location}" if profile.location else "")
        + "."
        + (f" Résumé (PDF): {resume}." if resume else "")
        + (f" Roles: {roles}." if roles else "")
        + (f" Contact: {contact}." if contact else "")
        # the bio is the owner's own first-person voice: labelled so, never EVE's
        + (f" In {first_name}'s own words: {profile.bio}" if profile.bio else ""),
        CONTEXT_CHARS + 80,
    )
    answer = f"**{_link(profile.name, url)}** — {profile.headline}"
    answer += f", based in {profile.location}." if profile.location else "."
    if resume:
        answer += f" [Download {first_name}'s résumé (PDF)]({resume})."
    search = " ".join(
        [profile.name, profile.headline, profile.location, profile.bio]
        + ["about profile contact reach location based lives"]
        + (["resume resume cv curriculum vitae download pdf"] if resume else [])
        + [contact]
        + [f"{item.role} {item.company}" for item in experiences]
        + [skill.name for skill in skills[:20]]
    )
    data = {
        "name": profile.name,
        "headline": profile.headline,
        "location": profile.location,
        "bio": profile.bio,
        "email": profile.email,
        "linkedin": profile.linkedin_url,
        "github": profile.github_url,
        "website": profile.website_url,
        "resume": resume,
    }
    return Record(
        "profile",
        profile.name,
        "profile",
        url,
        context,
        answer,
        search,
        group="profile",
        data=data,
    )


def experience_record(item, *, url: str | None) -> Record:
    title = f"{item.role} at {item.company}"
    context = clip(f"Experience: {title} ({item.period}). {item.summary}", CONTEXT_CHARS)
    answer = f"**{title}** ({item.period})" + (
        f" — {clip(item.summary, 240)}" if item.summary else ""
    )
    current = any(word in item.period.casefold() for word in ("present", "now", "current"))
    search = " ".join(
        [title] * 2
        + [item.period, item.summary, "experience work career job role"]
        + (["current currently present now"] if current else [])
    )
    slug = "experience-" + (slugify(f"{item.role} {item.company}")[:60] or "role")
    return Record(
        "profile",
        title,
        slug,
        url,
        context,
        answer,
        search,
        group="experience",
        status="current" if current else "past",
        data={
            "role": item.role,
            "company": item.company,
            "period": item.period,
            "summary": item.summary,
        },
    )


def skills_record(skills: list, *, url: str | None) -> Record | None:
    if not skills:
        return None
    groups: dict[str, list[str]] = {}
    for skill in skills:
        groups.setdefault(skill.category or "Other", []).append(skill.name)
    listing = "; ".join(f"{category}: {', '.join(names)}" for category, names in groups.items())
    context = clip(f"Skills — {listing}.", CONTEXT_CHARS + 120)
    answer = f"**Skills** — {clip(listing, 400)}."
    search = " ".join(["skills skill stack technologies tools"] * 2 + [listing])
    return Record(
        "profile",
        "Skills",
        "skills",
        url,
        context,
        answer,
        search,
        group="skill",
        data={"groups": groups},
    )
