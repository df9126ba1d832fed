"""Only JSON from our own pages (or a listed origin) may make a POST that spends.

A browser sends a "simple" cross-site POST (``text/plain``, form encodings)
without a CORS preflight: another web page cannot read our answer, but the
model call (or the certificate view count) still happens. Requiring
``Content-Type: application/json`` forces a preflight that CORS refuses for
unlisted origins, and refusing a foreign ``Origin`` outright stops the request
before any work, even from a client that skips the preflight. Requests with
no ``Origin`` (curl, server-to-server REST clients) are not browsers on
someone else's page and pass.
"""

from http import HTTPStatus
from urllib.parse import urlsplit

from django.conf import settings
from rest_framework.permissions import BasePermission

from cloudforgex.errors import ApiError

JSON_MEDIA_TYPE = "application/json"


class UnsupportedMediaType(ApiError):
    """The body is not declared as JSON."""

    status_code = HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    code = "unsupported_media_type"
    message = "Send the request body as JSON (Content-Type: application/json)."


class ForeignOrigin(ApiError):
    """A page on another site asked; only this site and CORS_ALLOWED_ORIGINS may."""

    status_code = HTTPStatus.FORBIDDEN
    code = "origin_not_allowed"
    message = "Requests from this web page are not accepted. Please use the site itself."


def origin_allowed(request) -> bool:
    """No Origin, this site's own host, or a listed origin (CORS or CSRF trusted)."""
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return True
    if origin in settings.CORS_ALLOWED_ORIGINS or origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    parts = urlsplit(origin)
    # Host (with any non-default port) as the browser wrote it: an attacker's page
    # cannot send our host as its Origin. The scheme is not compared because TLS
    # may end at a proxy that tells Django nothing about it.
    return parts.scheme in {"http", "https"} and parts.netloc == request.get_host()


def json_media_type(request) -> bool:
    content_type = request.META.get("CONTENT_TYPE", "")
    return content_type.split(";", 1)[0].strip().lower() == JSON_MEDIA_TYPE


class SameSiteJson(BasePermission):
    """DRF permission for POSTs that cost money or count something: refuse before any work."""

    def has_permission(self, request, view) -> bool:
        if request.method != "POST":
            return True
        if not origin_allowed(request):
            raise ForeignOrigin()
        if not json_media_type(request):
            raise UnsupportedMediaType()
        return True
