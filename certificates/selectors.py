"""Reads: which certificates visitors may see, and the admin's view counts."""

import re

from django.db.models import Count, QuerySet

from certificates.models import Certificate

# Slugs are ASCII [-a-zA-Z0-9_] and at most the field's 80 characters; anything
# else (path tricks, NUL bytes, absurd lengths) is refused before any query.
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}", re.ASCII)


def is_plausible_slug(slug: str) -> bool:
    return bool(_SLUG.fullmatch(slug))


def certificate_list() -> QuerySet[Certificate]:
    """Published certificates in display order."""
    return Certificate.objects.published().order_by(*Certificate._meta.ordering)


def certificate_get_viewable(*, slug: str, published_only: bool = True) -> Certificate | None:
    """The certificate with a PDF under this slug (published, unless an admin preview), or None."""
    if not is_plausible_slug(slug):
        return None
    certificates = Certificate.objects.published() if published_only else Certificate.objects
    return certificates.exclude(file="").filter(slug=slug).first()


def certificate_find(*, slug: str) -> Certificate | None:
    """The certificate under this slug, published or not, with or without a PDF; for the loaders."""
    return Certificate.objects.filter(slug=slug).order_by("pk").first()


def certificate_list_with_view_counts() -> QuerySet[Certificate]:
    """All certificates with ``view_count`` (links issued), in one query."""
    return Certificate.objects.annotate(view_count=Count("accesses"))
