"""Reads that compose the site's pages. Only published rows ever reach a template."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.urls import get_script_prefix, reverse

from certificates.selectors import certificate_list
from eve.models import ChatLog, SuggestedQuestion
from portfolio.exceptions import ProfileNotFound
from portfolio.models import Profile, Skill
from portfolio.selectors import experience_list, profile_get, project_get, project_list, skill_list

# The live stats change with every chat, but nobody needs them to the second:
# the home page reads them at most once a minute per cache.
CHAT_STATS_TTL = 60


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
    the knowledge base (``source != "model"``). Counts come from one aggregate,
    the median from an ordered offset (portable across SQLite and PostgreSQL).
    """
    answered = ChatLog.objects.filter(blocked="")
    counts = answered.aggregate(
        total=Count("id"), free=Count("id", filter=~Q(source=ChatLog.Source.MODEL))
    )
    total, free = counts["total"], counts["free"]
    if total == 0:
        return ChatStats(questions_answered=0, median_latency_ms=None, share_without_model=None)
    latencies = answered.order_by("latency_ms").values_list("latency_ms", flat=True)
    if total % 2:
        median = latencies[total // 2]
    else:
        lower, upper = latencies[total // 2 - 1 : total // 2 + 1]
        median = (lower + upper) // 2
    return ChatStats(
        questions_answered=total, median_latency_ms=median, share_without_model=free / total
    )


def profile_get_or_none() -> Profile | None:
    try:
        return profile_get()
    except ProfileNotFound:
        return None


def skill_groups() -> list[tuple[str, list[Skill]]]:
    """Published skills grouped by category, groups in the order their first skill appears."""
    groups: dict[str, list[Skill]] = {}
    for skill in skill_list():
        groups.setdefault(skill.category, []).append(skill)
    return list(groups.items())


def suggested_questions() -> QuerySet[SuggestedQuestion]:
    return SuggestedQuestion.objects.active().order_by("order", "id")


def widget_context() -> dict:
    """What the EVE widget needs on every page: the API base, its limit and its chips.

    Every active question is rendered; the widget folds those after the first
    ``SuggestedQuestion.CHIPS_SHOWN`` behind a "More questions" toggle.
    """
    return {
        # Same origin by default, under whatever prefix serves us (API Gateway's /dev stage).
        "api_base": settings.SITE_API_BASE or get_script_prefix().rstrip("/"),
        "eve_max_chars": settings.EVE_MAX_CHARS,
        "suggested_questions": list(suggested_questions()),
        "chips_shown": SuggestedQuestion.CHIPS_SHOWN,
    }


def served_url(route: str) -> str:
    """A file route's address: the site's own path, or on the API's origin for the exported site.

    ``{% url %}`` already carries the script prefix (API Gateway's /dev stage), so
    only an absolute ``SITE_API_BASE`` (``export_site --api-base``) is put in front.
    """
    path = reverse(route)
    base = settings.SITE_API_BASE
    if not base.startswith(("http://", "https://")):
        return path
    prefix = get_script_prefix()
    if path.startswith(prefix):
        path = "/" + path[len(prefix) :]
    return base.rstrip("/") + path


def resume_url() -> str:
    return served_url("frontend:resume")


def photo_url(profile: Profile | None) -> str:
    """The profile photo's address, versioned by the profile's last change; "" without a photo."""
    if not profile or not profile.photo:
        return ""
    return f"{served_url('frontend:photo')}?v={int(profile.updated_at.timestamp())}"


def frame_context(profile: Profile | None) -> dict:
    """What the page frame needs on every page: the profile, its photo and the EVE widget."""
    return {"profile": profile, "photo_url": photo_url(profile), **widget_context()}


def home_page_data() -> dict:
    """Everything the home page shows, in one place.

    Featured projects get cards (the first six published ones when none is
    featured); every other published project is listed below them, so each
    published project is reachable from the home page.
    """
    published = list(project_list())
    projects = [project for project in published if project.featured] or published[:6]
    shown = {project.pk for project in projects}
    return {
        **frame_context(profile_get_or_none()),
        "skill_groups": skill_groups(),
        "projects": projects,
        "other_projects": [project for project in published if project.pk not in shown],
        "resume_url": resume_url(),
        "experience": list(experience_list()),
        "certificates": list(certificate_list()),
        "stats": cache.get_or_set("frontend:chat-stats", chat_stats, CHAT_STATS_TTL),
    }


def project_page_data(*, slug: str) -> dict:
    """One published project, every other published one, and the profile (ProjectNotFound)."""
    project = project_get(slug=slug)
    others = project_list().exclude(pk=project.pk)
    return {
        **frame_context(profile_get_or_none()),
        "project": project,
        "other_projects": list(others),
    }
