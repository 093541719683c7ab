"""Django's RedisCache, keeping one redis.Redis client per connection pool.

Django's client makes a new ``redis.Redis`` object for every cache call, and
redis-py fills about eighty response callbacks into each new one: that was
most of the time of a page-cache hit (two cache calls, ~1 ms in-process). The
clients share the pools Django already keeps, and redis.Redis is safe to
share between threads.
"""
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class NewsroomRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def validate_key(self, key):
        # BaseCache warns about keys memcached would refuse; Redis takes any
        # key, and a page-cache hit checks a few dozen of them.
        pass
