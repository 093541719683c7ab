"""The page cache's two backends, for its tests: the local-memory default and
Redis, production's (skipped when Redis is unreachable)."""

import uuid

import pytest
import redis
from django.core.cache import cache

from articles import page_cache

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(params=["locmem", "redis"])
def page_cache_backend(request, settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache._known_deps.clear()
    if request.param == "redis":
        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        except redis.ConnectionError as error:
            pytest.skip(f"Redis not reachable at {REDIS_URL}: {error}")
        # A prefix of its own rather than clear(): other tests share this db.
        prefix = f"test-{uuid.uuid4().hex}"
        settings.CACHES = {
            "default": {
                "BACKEND": "newsroom.redis_cache.NewsroomRedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": prefix,
            }
        }
        yield request.param
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    else:
        cache.clear()
        yield request.param
        cache.clear()
    page_cache._known_deps.clear()
