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
