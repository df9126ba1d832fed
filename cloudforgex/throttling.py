"""Per-client rate limits (burst, sustained, flood) for chat and certificate links.

Rates come from ``EVE_THROTTLE_RATES`` (e.g. ``burst=6/min,sustained=60/day``)
and are sliding windows, like DRF's SimpleRateThrottle. Counters live in the
default cache, which is Redis in production so every process enforces one
limit. On Redis a check is one atomic script call (read, decide and record
every scope together), so two processes racing for the last request cannot
both get it. Other caches (local memory in development, the database cache on
Lambda) get the same windows through the plain cache API, where two racing
requests may both pass: fine for a single process.

If the shared cache is unreachable the throttle keeps working per process
(a local memory cache) and logs a warning, rather than failing the request.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import BaseThrottle

from cloudforgex.clients import client_ip

logger = logging.getLogger(__name__)

# One sorted set per scope: members are requests, scores their times (Redis
# server time, so every pod shares one clock). KEYS are the scopes' sets;
# ARGV is the new member, then each scope's count and window in seconds.
# Returns {1, ""} when allowed (recorded in every scope) or {0, wait} refused.
_SLIDING_WINDOWS = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local refused, wait = false, 0
for i, key in ipairs(KEYS) do
  local count, window = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local used = redis.call('ZCARD', key)
  if used >= count then
    refused = true
    local remaining = window
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    if oldest[2] then remaining = window - (now - tonumber(oldest[2])) end
    wait = math.max(wait, remaining / math.max(count - used + 1, 1))
  end
end
if refused then return {0, tostring(wait)} end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[1])
  redis.call('EXPIRE', key, math.ceil(tonumber(ARGV[2 * i + 1])))
end
return {1, ''}
"""
_script = None  # redis-py Script (EVALSHA, loading the script when Redis lacks it)

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
    """Several rates for one client (burst and sustained), checked together.

    The same sliding windows as DRF's SimpleRateThrottle (a refused request is
    not recorded, and Retry-After is computed the same way), but all scopes in
    one step: one script call on Redis, else one ``get_many`` and one
    ``set_many``. Under load every round trip costs CPU and latency.
    """

    bucket = "chat"
    scopes = ("burst", "sustained")
    cache_alias = DEFAULT_CACHE_ALIAS
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
            return self._allow(caches[self.cache_alias], keys, limits)
        except Exception as exc:  # Redis down: degrade to a per-process limit
            _warn_degraded(exc)
            return self._allow(_local_cache, keys, limits)

    def _allow(self, cache, keys: dict, limits: list) -> bool:
        if isinstance(cache, RedisCache):
            return self._allow_redis(cache, keys, limits)
        return self._allow_cache(cache, keys, limits)

    def _allow_redis(self, cache: RedisCache, keys: dict, limits: list) -> bool:
        global _script
        client = cache._cache.get_client(write=True)
        if _script is None:
            _script = client.register_script(_SLIDING_WINDOWS)
        args = [uuid.uuid4().hex]
        for _, num_requests, duration in limits:
            args += [num_requests, duration]
        # Own key names: a sorted set, never confused with a history list stored by _allow_cache.
        names = [cache.make_and_validate_key(f"{keys[scope]}:log") for scope, _, _ in limits]
        allowed, wait = _script(keys=names, args=args, client=client)
        if not allowed:
            self._wait = float(wait)
        return bool(allowed)

    def _allow_cache(self, cache, keys: dict, limits: list) -> bool:
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

    def check(self, request) -> float | None:
        """None when ``request`` may go ahead (and is counted), else the seconds to wait."""
        if self.allow_request(request, None):
            return None
        return self.wait() or 0.0


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
