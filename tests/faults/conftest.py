"""Fault tests: a redis-server of the test's own, and the app's cache
pointed at it (fresh outage state and cache generation, as in a new process)."""

import shutil
import time

import pytest

from articles import page_cache
from bench.fault_servers import RedisServer
from caching import generation
from newsroom import redis_cache


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.close()


def _fresh_process_state():
    redis_cache._outages.clear()
    generation.forget()
    page_cache.forget_held()


@pytest.fixture
def shared_cache(settings, redis_server):
    """This process's cache on ``redis_server``, as production configures it."""
    _fresh_process_state()
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.NewsroomRedisCache",
            "LOCATION": redis_server.url(),
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.25},
            "RETRY_SECONDS": 1,
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PAGE_CACHE_SECONDS = 600
    yield redis_server
    _fresh_process_state()


def outage():
    """The test's Redis outage record in this process."""
    (state,) = redis_cache._outages.values()
    return state


def until_redis_is_tried_again():
    """Wait out the pause after a failure, so the next call reaches Redis."""
    time.sleep(max(0.0, outage().retry_at - time.monotonic()) + 0.05)
