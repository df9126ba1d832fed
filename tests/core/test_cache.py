"""The shared Redis cache: Django's behaviour, one redis-py client per pool."""

from cloudforgex.cache import RedisCache


def test_redis_cache_round_trips_and_reuses_its_client(redis_url):
    """Values survive a round trip through a real Redis, and no client is built per command."""
    cache = RedisCache(redis_url, {"KEY_PREFIX": "cfx-test-cache"})
    cache.set("answer", {"source": "knowledge_base"}, timeout=30)
    assert cache.get("answer") == {"source": "knowledge_base"}
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=False) is client
    cache.delete("answer")
    assert cache.get("answer") is None


def test_cache_objects_of_every_thread_share_one_connection(redis_url):
    """Django builds a cache per thread (per greenlet under gevent); they share one pool."""
    import threading

    import redis

    probe = redis.Redis.from_url(redis_url)
    before = probe.info("clients")["connected_clients"]
    caches = [RedisCache(redis_url, {"KEY_PREFIX": "cfx-test-shared"}) for _ in range(8)]

    def use(cache, n):
        cache.set(f"k{n}", n, timeout=30)
        assert cache.get(f"k{n}") == n

    for n, cache in enumerate(caches):  # one thread after another, each with its own cache
        thread = threading.Thread(target=use, args=(cache, n))
        thread.start()
        thread.join()
    pools = {id(cache._cache._get_connection_pool(True)) for cache in caches}
    assert len(pools) == 1
    # Django's own backend opens one connection per cache object here (8); the
    # shared pool's one may already be open from an earlier test.
    assert probe.info("clients")["connected_clients"] - before <= 1
