"""Reads that compose the site's pages. Only published rows ever reach a template."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.urls import get_script_prefix, reverse

from certificates.models import Certificate
from eve.models import ChatLog, SuggestedQuestion
from portfolio.models import Experience, Profile, Project, Skill


class PageNotFound(Exception):
    """The page asked for does not exist or is not published."""


@dataclass(frozen=True)
class ChatStats:
    """EVE's live numbers, measured from the chat log rather than promised."""

    questions_answered: int
    median_latency_ms: int | None
    share_without_model: float | None

    @property
    def median_latency_display(self) -> str:
        """ "420 ms" below a second, "1.3 s" above; an em dash before the first answer."""
        if self.median_latency_ms is None:
            return "—"
        if self.median_latency_ms < 1000:
            return f"{self.median_latency_ms} ms"
        return f"{self.median_latency_ms / 1000:.1f} s"

    @property
    def share_without_model_percent(self) -> int | None:
        if self.share_without_model is None:
            return None
        return round(self.share_without_model * 100)


def chat_stats() -> ChatStats:
    """Questions EVE answered (guard blocks excluded), their median latency, and how many were free.

    "Free" means answered without a paid model call: canned, cached or from
    the knowledge base (``source != "model"``). The median is read with an
    ordered offset so it is one indexed query on SQLite and PostgreSQL alike.
    """
    answered = ChatLog.objects.filter(blocked="")
    total = answered.count()
    if total == 0:
        return ChatStats(questions_answered=0, median_latency_ms=None, share_without_model=None)
    latencies = answered.order_by("latency_ms").values_list("latency_ms", flat=True)
    if total % 2:
        median = latencies[total // 2]
    else:
        lower, upper = latencies[total // 2 - 1 : total // 2 + 1]
        median = (lower + upper) // 2
    free = answered.exclude(source=ChatLog.Source.MODEL).count()
    return ChatStats(
        questions_answered=total, median_latency_ms=median, share_without_model=free / total
    )


def profile_get_or_none() -> Profile | None:
    return Profile.objects.order_by("id").first()


def skill_groups() -> list[tuple[str, list[Skill]]]:
    """Published skills grouped by category, groups in the order their first skill appears."""
    groups: dict[str, list[Skill]] = {}
    for skill in Skill.objects.published().order_by("order", "category", "name"):
        groups.setdefault(skill.category, []).append(skill)
    return list(groups.items())


def featured_projects() -> QuerySet[Project]:
    return Project.objects.published().featured().order_by("order", "title")


def published_projects() -> QuerySet[Project]:
    return Project.objects.published().order_by("order", "title")


def certificate_list() -> QuerySet[Certificate]:
    return Certificate.objects.published().order_by("order", "-issued_on", "name")


def suggested_questions() -> QuerySet[SuggestedQuestion]:
    return SuggestedQuestion.objects.active().order_by("order", "id")


def widget_context() -> dict:
    """What the EVE widget needs on every page: the API base, its limit and its first chips."""
    return {
        # Same origin by default, under whatever prefix serves us (API Gateway's /dev stage).
        "api_base": settings.SITE_API_BASE or get_script_prefix().rstrip("/"),
        "eve_max_chars": settings.EVE_MAX_CHARS,
        "suggested_questions": list(suggested_questions()[:6]),
    }


def resume_url() -> str:
    """The résumé's address: the site's own path, or on the API's origin for the exported site.

    ``{% url %}`` already carries the script prefix (API Gateway's /dev stage), so
    only an absolute ``SITE_API_BASE`` (``export_site --api-base``) is put in front.
    """
    path = reverse("frontend:resume")
    base = settings.SITE_API_BASE
    if not base.startswith(("http://", "https://")):
        return path
    prefix = get_script_prefix()
    if path.startswith(prefix):
        path = "/" + path[len(prefix) :]
    return base.rstrip("/") + path


def home_page_data() -> dict:
    """Everything the home page shows, in one place.

    Featured projects get cards (the first six published ones when none is
    featured); every other published project is listed below them, so each
    published project is reachable from the home page.
    """
    published = list(published_projects())
    projects = [project for project in published if project.featured] or published[:6]
    shown = {project.pk for project in projects}
    return {
        "profile": profile_get_or_none(),
        "skill_groups": skill_groups(),
        "projects": projects,
        "other_projects": [project for project in published if project.pk not in shown],
        "resume_url": resume_url(),
        "experience": list(Experience.objects.published().order_by("order", "id")),
        "certificates": list(certificate_list()),
        "stats": chat_stats(),
        **widget_context(),
    }


def project_page_data(*, slug: str) -> dict:
    """One published project, every other published one, and the profile; PageNotFound otherwise."""
    project = Project.objects.published().filter(slug=slug).first()
    if project is None:
        raise PageNotFound(slug)
    others = published_projects().exclude(pk=project.pk)
    return {
        "profile": profile_get_or_none(),
        "project": project,
        "other_projects": list(others),
        **widget_context(),
    }
