"""Who is calling: the real client behind trusted proxies, and its privacy-safe hash.

``client_ip`` is the one answer to "which client is this?" for the throttles,
django-axes' admin lockout (``AXES_CLIENT_IP_CALLABLE``) and the hashed client
id in logs, so all three count the same visitor the same way.
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings

# One IPv6 subscriber gets a whole /64 (RFC 6177 and every ISP and cloud): an
# attacker can rotate through 2**64 addresses in it, so the /64 is the client.
IPV6_CLIENT_PREFIX = 64


def client_ip(request) -> str:
    """The client's address, trusting exactly ``NUM_PROXIES`` proxies in front of us.

    With N trusted proxies, the last N entries of X-Forwarded-For were written
    by them; the entry before those is the client as the outermost proxy saw
    it. Anything further left was sent by the client and is ignored, so a
    forged header cannot change who we throttle. An IPv6 client is its /64
    network, named by its first address ("2001:db8:1:2::"); an IPv4-mapped
    IPv6 address is its IPv4.
    """
    remote_addr = request.META.get("REMOTE_ADDR") or ""
    candidate = remote_addr
    num_proxies = settings.NUM_PROXIES
    if num_proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            candidate = addresses[-min(num_proxies, len(addresses))]
    # A proxy writes a valid address; anything else came from the client
    # (NUM_PROXIES set higher than the real chain), so the proxy's own address is
    # the only thing we know. Axes stores this in an inet column: never garbage.
    # The unspecified address when the server gave none (never under gunicorn or Lambda).
    return _client_key(candidate) or _client_key(remote_addr) or "0.0.0.0"  # noqa: S104


def _client_key(text: str) -> str:
    try:
        address = ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return ""
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        network = ipaddress.IPv6Network((address, IPV6_CLIENT_PREFIX), strict=False)
        # Its first address, not "…/64": axes stores the client in an inet
        # column, which Django on PostgreSQL only fills with plain addresses.
        return str(network.network_address)
    return str(address)


def client_hash(request) -> str:
    """A stable, non-reversible id for logs: HMAC of the client IP with the secret key."""
    digest = hmac.new(settings.SECRET_KEY.encode(), client_ip(request).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
