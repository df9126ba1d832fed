"""Pieces of the Content-Security-Policy that depend on the deployment.

Imported by settings, so nothing here touches apps or models at import time:
the certificate storage origin is read lazily, per response, once apps are
ready (S3 endpoint when CERTIFICATES_BUCKET is set, our own origin otherwise).
"""

from urllib.parse import urlsplit

from django.utils.functional import lazy


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of an absolute URL, or "" for a relative or empty one."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def connect_src(api_base: str) -> str:
    """Our own origin, plus the API's when the site calls an API elsewhere."""
    origin = origin_of(api_base)
    return f"'self' {origin}" if origin else "'self'"


def _certificate_frame_origin() -> str:
    from certificates.storage import certificate_frame_origin

    return certificate_frame_origin()


# A lazy string: evaluated when the CSP middleware formats the header.
certificate_frame_src = lazy(_certificate_frame_origin, str)()
