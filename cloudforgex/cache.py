"""Django's Redis cache with one connection pool and one client per process.

Django builds a cache object per thread, and under gevent a thread is a
greenlet: gunicorn runs each client connection in its own greenlet, so with
Django's own backend every visitor's keep-alive connection would open (and
keep) its own Redis connection. Django's ``RedisCacheClient.get_client`` also
creates a ``redis.Redis`` object per call, and redis-py builds its table of
~170 response callbacks each time: about 0.3 ms of CPU per cache command.

Here every cache object for the same servers and options shares one
connection pool per server and one ``redis.Redis`` per pool, for the whole
process (both are thread-safe, and redis-py resets its pools after a fork).
Behaviour is otherwise Django's own.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

# config -> (pools by server index, clients by pool id), for the whole process.
# dict.setdefault is atomic, so threads racing here at worst build a spare pool.
_shared: dict[tuple, tuple[dict, dict]] = {}


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        config = (tuple(servers), repr(sorted(self._pool_options.items())))
        self._pools, self._clients = _shared.setdefault(config, ({}, {}))

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
