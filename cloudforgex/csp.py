"""Pieces of the Content-Security-Policy that depend on the deployment.

Imported by settings, so nothing here imports an app: a source that only an
app knows (where certificate PDFs live) is named by dotted path and read
lazily, per response, once apps are ready.
"""

from urllib.parse import urlsplit

from django.utils.functional import lazy
from django.utils.module_loading import import_string


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of an absolute URL, or "" for a relative or empty one."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def connect_src(api_base: str) -> str:
    """Our own origin, plus the API's when the site calls an API elsewhere."""
    origin = origin_of(api_base)
    return f"'self' {origin}" if origin else "'self'"


def _deferred_source_value(dotted_path: str) -> str:
    return import_string(dotted_path)()


_deferred = lazy(_deferred_source_value, str)


def deferred_source(dotted_path: str):
    """A lazy string: the function at ``dotted_path`` is called when the header is formatted."""
    return _deferred(dotted_path)
