"""Per-client burst and sustained throttles shared by chat and certificate links.

Rates come from ``EVE_THROTTLE_RATES`` (e.g. ``burst=6/min,sustained=60/day``)
and counters live in the default cache, which is Redis in production so every
process enforces one limit. DRF throttles are soft (two racing requests may
both pass); that is fine for cost protection.

If the shared cache is unreachable the throttle keeps working per process
(a local memory cache) and logs a warning, rather than failing the request.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.throttling import SimpleRateThrottle

from cloudforgex.clients import client_ip

logger = logging.getLogger(__name__)

_local_cache = LocMemCache("cfx-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
_last_warning = 0.0


def _warn_degraded(exc: Exception) -> None:
    global _last_warning  # one warning a minute per process is enough
    now = time.monotonic()
    if now - _last_warning > 60:
        _last_warning = now
        logger.warning(
            "throttle: shared cache unavailable (%s); limiting per process until it returns",
            type(exc).__name__,
        )


class ClientRateThrottle(SimpleRateThrottle):
    """Counts requests per real client IP in the shared cache, per scope."""

    cache = shared_cache
    # Counters are kept per bucket, so opening certificates never spends a
    # visitor's chat allowance (same rates, separate counts).
    bucket = "chat"

    def get_rate(self):
        return settings.EVE_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        scope = f"{self.bucket}:{self.scope}"
        return self.cache_format % {"scope": scope, "ident": client_ip(request)}

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception as exc:  # Redis down: degrade to a per-process limit
            _warn_degraded(exc)
            self.cache = _local_cache
            try:
                return super().allow_request(request, view)
            finally:
                self.cache = shared_cache


class BurstRateThrottle(ClientRateThrottle):
    scope = "burst"


class SustainedRateThrottle(ClientRateThrottle):
    scope = "sustained"


class CertificateBurstRateThrottle(BurstRateThrottle):
    bucket = "certificate"


class CertificateSustainedRateThrottle(SustainedRateThrottle):
    bucket = "certificate"


CLIENT_THROTTLES = [BurstRateThrottle, SustainedRateThrottle]
CERTIFICATE_THROTTLES = [CertificateBurstRateThrottle, CertificateSustainedRateThrottle]
