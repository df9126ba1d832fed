"""The site's name in the page frame: the owner's name, even on pages rendered without a view."""

import logging

from django import template
from django.db import DatabaseError

from frontend import selectors

logger = logging.getLogger(__name__)
register = template.Library()

DEFAULT_SITE_NAME = "CloudForgeX"
_MEMO_KEY = "frontend.site_name"


@register.simple_tag(takes_context=True)
def site_name(context) -> str:
    """The profile's name, else "CloudForgeX".

    Pages from our views pass ``profile`` (None before one exists) and cost no
    query. Error pages (404, 400) get no context, so the profile is read once per
    render; a database that is down or not migrated yields the default, never an error.
    """
    if "profile" in context:
        profile = context["profile"]
        return profile.name if profile else DEFAULT_SITE_NAME
    memo = context.render_context
    if _MEMO_KEY not in memo:
        try:
            profile = selectors.profile_get_or_none()
        except DatabaseError as exc:
            logger.warning("site name: profile unavailable (%s)", type(exc).__name__)
            profile = None
        memo[_MEMO_KEY] = profile.name if profile else DEFAULT_SITE_NAME
    return memo[_MEMO_KEY]


@register.filter
def initials(name: str) -> str:
    """ "Jordan Reyes" -> "JR": the photo's stand-in until the owner uploads one."""
    words = [word for word in str(name or "").split() if word[:1].isalpha()]
    if not words:
        return "◆"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()
