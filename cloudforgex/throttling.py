"""Per-client rate limits (burst, sustained, flood) for chat and certificate links.

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
from rest_framework.throttling import BaseThrottle

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


class ClientRateLimits(BaseThrottle):
    """Several rates for one client (burst and sustained), in one cache round trip each way.

    The same sliding windows as DRF's SimpleRateThrottle, but every scope's
    history is read with one ``get_many`` and written with one ``set_many``:
    under load each Redis round trip costs CPU, and a chat checks two rates.
    A refused request is not recorded, like DRF's.
    """

    bucket = "chat"
    scopes = ("burst", "sustained")
    cache = shared_cache
    timer = time.time
    _DURATIONS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

    def __init__(self):
        self._wait: float | None = None

    def allow_request(self, request, view):
        limits = [(scope, *self.parse_rate(self.rate(scope))) for scope in self.scopes]
        limits = [limit for limit in limits if limit[1] is not None]  # "0/min" refuses all
        if not limits:
            return True
        ident = client_ip(request)
        keys = {scope: f"throttle_{self.bucket}:{scope}_{ident}" for scope, _, _ in limits}
        try:
            return self._allow(self.cache, keys, limits)
        except Exception as exc:  # Redis down: degrade to a per-process limit
            _warn_degraded(exc)
            return self._allow(_local_cache, keys, limits)

    def _allow(self, cache, keys: dict, limits: list) -> bool:
        now = self.timer()
        stored = cache.get_many(list(keys.values()))
        histories, waits = {}, []
        for scope, num_requests, duration in limits:
            history = [stamp for stamp in stored.get(keys[scope], []) if stamp > now - duration]
            if len(history) >= num_requests:
                remaining = duration - (now - history[-1]) if history else duration
                waits.append(remaining / max(num_requests - len(history) + 1, 1))
            histories[keys[scope]] = [now, *history]
        if waits:
            self._wait = max(waits)
            return False
        cache.set_many(histories, timeout=max(duration for _, _, duration in limits))
        return True

    def rate(self, scope: str) -> str | None:
        """The rate for ``scope``, e.g. "6/min"; None means unlimited."""
        return settings.EVE_THROTTLE_RATES.get(scope)

    @classmethod
    def parse_rate(cls, rate: str | None) -> tuple[int | None, int | None]:
        """ "6/min" -> (6, 60), DRF's format."""
        if not rate:
            return None, None
        num, period = rate.split("/")
        return int(num), cls._DURATIONS[period[0]]

    def wait(self):
        return self._wait


class CertificateRateLimits(ClientRateLimits):
    bucket = "certificate"


FLOOD_RATE = "120/min"


class FloodRateLimits(ClientRateLimits):
    """A cheap, generous per-client cap on every chat request, guard blocks included.

    Guard blocks are free of the burst/sustained limits (they cost no tokens),
    but each still writes a ChatLog row; this stops a flood of junk from writing
    unlimited rows. Rate: ``EVE_THROTTLE_RATES["flood"]``; without one, 120/min or
    the burst rate if that is higher (a flood limit is never tighter than burst).
    """

    scopes = ("flood",)

    def rate(self, scope: str) -> str:
        rates = settings.EVE_THROTTLE_RATES
        if rates.get("flood"):
            return rates["flood"]
        count, seconds = self.parse_rate(rates.get("burst"))
        floor_count, floor_seconds = self.parse_rate(FLOOD_RATE)
        if count and count / seconds > floor_count / floor_seconds:
            return rates["burst"]
        return FLOOD_RATE
