"""Django's Redis cache, without building a new redis-py client for every command.

Django's ``RedisCacheClient.get_client`` creates a ``redis.Redis`` object per
call, and redis-py builds its table of ~170 response callbacks each time: about
0.3 ms of CPU per cache command, six commands per chat request (two throttles,
the response cache). A ``redis.Redis`` over a connection pool is thread-safe,
so one per pool is kept and reused; behaviour is otherwise Django's own.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
