"""Django's RedisCache, failing open, with one redis.Redis client per pool.

A cache is an accelerator: losing it must cost speed, never a page. Every
call of this backend (the page cache, fragments, sessions' cache, anything
using ``django.core.cache``) fails open: a read that cannot reach Redis is
a miss, a write is dropped. Connection and socket timeouts are short and set
in settings (``REDIS_CONNECT_TIMEOUT_MS``, ``REDIS_SOCKET_TIMEOUT_MS``); after
a failure, calls skip Redis for ``CACHE_RETRY_SECONDS`` instead of each
waiting for a timeout, then one call tries again. Failures are counted and
logged once per ``CACHE_ERROR_LOG_SECONDS`` (newsroom/outages.py).

A write or delete that did not reach Redis may have been an invalidation, so
the first one of each outage starts a new cache generation (caching/), and
every key carries the generation: what Redis kept from before is never read
again, not even after Redis returns with its data. Writes that only add a
copy (a page, inside ``generation.disposable_writes()``) start none.

Django's client makes a new ``redis.Redis`` object for every cache call, and
redis-py fills about eighty response callbacks into each new one: that was
most of the time of a page-cache hit. The clients share the pools Django
already keeps, and redis.Redis is safe to share between threads.

A page's reads ask for dozens of keys at once (a page or its fragments with
the versions they depend on). For those, each key's name is made from one
reading of the generation, and a pickled value is unpickled without first
being tried as an integer: per key, those two cost more CPU than the round
trip to Redis (with hiredis parsing the reply).
"""

from __future__ import annotations

import itertools
import pickle
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT, default_key_func
from django.core.cache.backends.redis import RedisCache, RedisCacheClient, RedisSerializer
from redis.commands.core import Script
from redis.exceptions import RedisError

from caching import generation
from newsroom.outages import OutageLog

CACHE_ERRORS = (RedisError, OSError)
# A key's value while ``update_many`` read it, compared before anything is
# written: a serialized value is never empty, so "" stands for a missing key.
_COMPARE_AND_SET = Script(
    None,
    b"""
local watched, expire = tonumber(ARGV[1]), tonumber(ARGV[2])
for i = 1, watched do
    if (redis.call('GET', KEYS[i]) or '') ~= ARGV[2 + i] then
        return 0
    end
end
for i = watched + 1, #KEYS do
    if expire > 0 then
        redis.call('SET', KEYS[i], ARGV[2 + i], 'EX', expire)
    else
        redis.call('SET', KEYS[i], ARGV[2 + i])
    end
end
return 1
""",
)
# Writers racing on the same keys: each failed attempt means another one's
# write landed, so running out of attempts takes a stream of them.
UPDATE_ATTEMPTS = 50
# Keys deleted per round trip by ``clear()``.
_CLEAR_BATCH = 1000
# What a Redis MATCH pattern reads as more than itself.
_GLOB_SPECIAL = frozenset("*?[]\\")
# ``update_many`` on a cache held in this process (local memory).
_local_update_lock = threading.Lock()


class GenerationUnknown(Exception):
    """The cache generation could be read neither from the database nor from Redis."""


def set_each(cache, items: dict) -> None:
    """``{key: (value, timeout)}`` written to ``cache``: in one round trip to
    Redis, one by one to any other backend."""
    if hasattr(cache, "set_each"):
        cache.set_each(items)
        return
    for key, (value, timeout) in items.items():
        cache.set(key, value, timeout=timeout)


def update_many(cache, keys, compute, timeout=DEFAULT_TIMEOUT) -> None:
    """Write ``compute(found)`` (``{key: value}``), ``found`` being what
    ``cache`` holds of ``keys``, with none of ``keys`` written by anyone else
    in between: read and write are atomic on Redis, and under a lock of this
    process on a cache held in it (local memory)."""
    if hasattr(cache, "update_many"):
        cache.update_many(keys, compute, timeout)
        return
    with _local_update_lock:
        cache.set_many(compute(cache.get_many(keys)), timeout=timeout)


class PickleFirstSerializer(RedisSerializer):
    """Django's serializer, reading a pickled value at once: Django's tries
    ``int()`` on every value first, and the ValueError it raises for each
    pickled one was a third of the CPU of reading sixty keys."""

    def loads(self, data):
        # Django's dumps() stores an int as its digits and anything else pickled
        # with its highest protocol, which opens with the PROTO opcode.
        if data[:1] == pickle.PROTO:
            return pickle.loads(data)
        return super().loads(data)


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, serializer=None, **kwargs):
        super().__init__(*args, serializer=serializer or PickleFirstSerializer, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class _Outage:
    """One per Redis location, shared by the threads of a process (Django
    makes a cache object per thread)."""

    def __init__(self, location: str, log_seconds: float):
        self.log = OutageLog(f"Redis cache at {location}", interval=log_seconds)
        self.retry_at = 0.0
        self.lost_write = False
        self.published: dict[str, int] = {}  # by key prefix
        self.lock = threading.Lock()


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def outage_for(location: str, log_seconds: float = 60.0) -> _Outage:
    with _outages_lock:
        if location not in _outages:
            _outages[location] = _Outage(location, log_seconds)
        return _outages[location]


class NewsroomRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._retry_seconds = float(params.get("RETRY_SECONDS", 1))
        self._generations = bool(params.get("GENERATIONS", True))
        self._outage = outage_for(
            server if isinstance(server, str) else ",".join(server), float(params.get("ERROR_LOG_SECONDS", 60))
        )

    def validate_key(self, key):
        # BaseCache warns about keys memcached would refuse; Redis takes any
        # key, and a page-cache hit checks a few dozen of them.
        pass

    # --- generations -------------------------------------------------------------

    @property
    def _generation_key(self):
        return f"{self.key_prefix}:cache-generation"

    def _current_generation(self) -> int:
        number = generation.current()
        if number is None:
            # A process started while the database is down: the copy in Redis.
            raw = self._cache.get_client(write=False).get(self._generation_key)
            if raw is None:
                raise GenerationUnknown("cache generation unknown: database unreachable and no copy in Redis")
            generation.learn(int(raw))
            number = generation.current()
        elif number != self._outage.published.get(self.key_prefix):
            self._publish_generation(number)
        return number

    def make_key(self, key, version=None):
        if self._generations:
            key = f"g{self._current_generation()}:{key}"
        return super().make_key(key, version=version)

    def _key_maker(self, version=None):
        """``make_key`` for many keys, the generation read once (what make_key makes, faster)."""
        if self.key_func is not default_key_func:
            return lambda key: self.make_key(key, version=version)
        generation = f"g{self._current_generation()}:" if self._generations else ""
        head = f"{self.key_prefix}:{self.version if version is None else version}:{generation}"
        return lambda key: head + key

    # --- failing open ------------------------------------------------------------

    def _guarded(self, operation, call, fallback, *, write):
        outage = self._outage
        if outage.log.failing and time.monotonic() < outage.retry_at:
            outage.log.failure(operation)
            return self._lost(operation, None, fallback, write)
        try:
            if outage.log.failing and self._generations:
                # Back from an outage: others may have lost writes meanwhile.
                generation.current(force=True)
            result = call()
        except GenerationUnknown:
            return fallback() if callable(fallback) else fallback
        except CACHE_ERRORS as error:
            outage.retry_at = time.monotonic() + self._retry_seconds
            outage.log.failure(operation, error)
            return self._lost(operation, error, fallback, write)
        if outage.log.recovered():
            outage.lost_write = False
            self._publish_generation(generation.current())
        return result

    def _lost(self, operation, error, fallback, write):
        outage = self._outage
        if write and self._generations and not generation.writes_are_disposable():
            with outage.lock:
                first, outage.lost_write = not outage.lost_write, True
            if first:
                generation.advance(f"cache {operation} lost: {type(error).__name__ if error else 'Redis skipped'}")
        return fallback() if callable(fallback) else fallback

    def _publish_generation(self, number):
        """Keep a copy of the generation in Redis for processes that start
        while the database is down."""
        if not self._generations or number is None:
            return
        self._outage.published[self.key_prefix] = number
        try:
            self._cache.get_client(write=True).set(self._generation_key, number)
        except CACHE_ERRORS:
            pass

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "add", lambda: super(NewsroomRedisCache, self).add(key, value, timeout, version), False, write=True
        )

    def get(self, key, default=None, version=None):
        return self._guarded(
            "get", lambda: super(NewsroomRedisCache, self).get(key, default, version), lambda: default, write=False
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "set", lambda: super(NewsroomRedisCache, self).set(key, value, timeout, version), None, write=True
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "touch", lambda: super(NewsroomRedisCache, self).touch(key, timeout, version), False, write=False
        )

    def delete(self, key, version=None):
        return self._guarded("delete", lambda: super(NewsroomRedisCache, self).delete(key, version), False, write=True)

    def get_many(self, keys, version=None):
        keys = list(keys)

        def get_many():
            made = dict(zip(map(self._key_maker(version), keys), keys))
            return {made[key]: value for key, value in self._cache.get_many(list(made)).items()}

        return self._guarded("get_many", get_many, dict, write=False)

    def has_key(self, key, version=None):
        return self._guarded(
            "has_key", lambda: super(NewsroomRedisCache, self).has_key(key, version), False, write=False
        )

    def incr(self, key, delta=1, version=None):
        def unavailable():
            raise ValueError(f"Key '{key}' not found (cache unavailable)")

        return self._guarded(
            "incr", lambda: super(NewsroomRedisCache, self).incr(key, delta, version), unavailable, write=True
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        def set_many():
            if data:
                make = self._key_maker(version)
                self._cache.set_many(
                    {make(key): value for key, value in data.items()}, self.get_backend_timeout(timeout)
                )
            return []

        # Django's contract: the keys that could not be stored.
        return self._guarded("set_many", set_many, lambda: list(data), write=True)

    def set_each(self, items: dict, version=None):
        """``{key: (value, timeout)}`` written in one round trip (a pipeline)."""

        def set_each():
            make, client = self._key_maker(version), self._cache.get_client(write=True)
            serializer = self._cache._serializer
            with client.pipeline(transaction=False) as pipeline:
                for key, (value, timeout) in items.items():
                    timeout = self.get_backend_timeout(timeout)
                    if timeout == 0:  # as Django's set(): a non-positive timeout deletes
                        pipeline.delete(make(key))
                    else:
                        pipeline.set(make(key), serializer.dumps(value), ex=timeout)
                pipeline.execute()
            return []

        return self._guarded("set_each", set_each, lambda: list(items), write=True)

    def update_many(self, keys, compute, timeout=DEFAULT_TIMEOUT, version=None):
        """``update_many(cache, ...)`` on Redis: ``keys`` read (one round trip),
        then everything written by one script only if each of ``keys`` still
        holds what was read (one more), read again on a conflict."""
        keys = list(keys)
        expire = self.get_backend_timeout(timeout)
        if expire is not None and expire <= 0:
            raise ValueError("update_many writes with a positive timeout or none")

        def update_many():
            client = self._cache.get_client(write=True)  # read where the write goes: no replica's lag
            serializer = self._cache._serializer
            for _ in range(UPDATE_ATTEMPTS):
                make = self._key_maker(version)
                made = list(map(make, keys))
                raw = client.mget(made)
                found = {key: serializer.loads(value) for key, value in zip(keys, raw) if value is not None}
                updates = {make(key): serializer.dumps(value) for key, value in compute(found).items()}
                expected = [b"" if value is None else value for value in raw]
                written = _COMPARE_AND_SET(
                    [*made, *updates], [len(made), expire or 0, *expected, *updates.values()], client=client
                )
                if written:
                    return []
            if self._generations:
                generation.advance(f"cache update_many: {len(keys)} keys changed under each of {UPDATE_ATTEMPTS} tries")
            return list(keys)

        return self._guarded("update_many", update_many, lambda: list(keys), write=True)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._guarded(
            "delete_many", lambda: super(NewsroomRedisCache, self).delete_many(keys, version), None, write=True
        )

    def clear(self):
        """Delete this cache's keys (those under its ``KEY_PREFIX``), never the
        whole Redis database as Django's ``clear()`` does (FLUSHDB): the
        database may hold other caches' keys (another prefix, as each test
        run's and each site's) and Celery's queue (``CELERY_BROKER_URL``
        defaults to ``REDIS_URL``)."""

        def clear():
            client = self._cache.get_client(write=True)
            names = client.scan_iter(match=own_keys_pattern(self.key_prefix), count=_CLEAR_BATCH)
            while batch := list(itertools.islice(names, _CLEAR_BATCH)):
                client.delete(*batch)
            return True

        return self._guarded("clear", clear, False, write=True)


def own_keys_pattern(key_prefix: str) -> str:
    """The Redis MATCH pattern of every key a cache with ``key_prefix`` makes
    (``prefix:version:key``, as Django's default key function makes them)."""
    return "".join("\\" + c if c in _GLOB_SPECIAL else c for c in key_prefix) + ":*"
