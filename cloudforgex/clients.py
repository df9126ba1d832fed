"""Who is calling: the real client IP behind trusted proxies, and its privacy-safe hash."""

import hashlib
import hmac

from django.conf import settings


def client_ip(request) -> str:
    """The client's IP, trusting exactly ``NUM_PROXIES`` proxies in front of us.

    With N trusted proxies, the last N entries of X-Forwarded-For were written
    by them; the entry before those is the client as the outermost proxy saw
    it. Anything further left was sent by the client and is ignored, so a
    forged header cannot change who we throttle.
    """
    remote_addr = request.META.get("REMOTE_ADDR") or "unknown"
    num_proxies = settings.NUM_PROXIES
    if num_proxies <= 0:
        return remote_addr
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote_addr
    return addresses[-min(num_proxies, len(addresses))]


def client_hash(request) -> str:
    """A stable, non-reversible id for logs: HMAC of the client IP with the secret key."""
    digest = hmac.new(settings.SECRET_KEY.encode(), client_ip(request).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
