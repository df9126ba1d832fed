"""Template tags for the owner's EVE pages: a reply as the visitor saw it, its citations, and the
model-failure banner every admin page shows (see ``eve.alerts``)."""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from cloudforgex.markdown import render_markdown
from eve.alerts import provider_alert_get
from eve.links import PROJECT, site_link

register = template.Library()

# What a citation may link to: http(s), or a path on this site (never //host).
_SAFE_TARGET = re.compile(r"^(?:https?://[^\s]+|/(?![/\\])[^\s]*)$", re.IGNORECASE)


@register.filter
def reply_markdown(text: str) -> SafeString:
    """EVE's Markdown, escaped and rendered like the widget does (site paths stay on the site)."""
    return render_markdown(text or "", site_paths=True)


def citation_target(citation: dict) -> str | None:
    url = citation.get("url") or ""
    if not url and citation.get("kind") == "project" and citation.get("slug"):
        url = site_link(PROJECT, slug=citation["slug"]) or ""
    return url if isinstance(url, str) and _SAFE_TARGET.match(url) else None


@register.filter
def citation_links(citations) -> SafeString:
    """A reply's citations as a list of links (plain text where there is nothing safe to open)."""
    items = [item for item in citations or [] if isinstance(item, dict)]
    if not items:
        return format_html("{}", "–")
    rows = []
    for item in items:
        title, kind, target = (
            str(item.get("title") or "source"),
            str(item.get("kind") or ""),
            citation_target(item),
        )
        label = format_html('<a href="{}">{}</a>', target, title) if target else title
        rows.append((label, kind))
    return format_html(
        '<ul class="eve-citations">{}</ul>',
        format_html_join("", "<li>{} <small>({})</small></li>", rows),
    )


@register.simple_tag
def eve_provider_alert() -> dict | None:
    """The owner-fixable provider failure, if one is current (one cache read per admin page)."""
    return provider_alert_get()
