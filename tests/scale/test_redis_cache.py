"""The Redis cache backend the project uses in production, against the real Redis."""

import uuid

import pytest
import redis
from django.core.cache.backends.redis import RedisCache

from newsroom.redis_cache import NewsroomRedisCache, own_keys_pattern

URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def cache(db):
    """The backend on the machine's Redis; ``db``: keys carry the cache generation read from the database."""
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=2).ping()
    except redis.ConnectionError as error:
        pytest.skip(f"Redis not reachable at {URL}: {error}")
    prefix = f"test-{uuid.uuid4().hex}"
    backend = NewsroomRedisCache(URL, {"KEY_PREFIX": prefix})
    yield backend
    # Its own keys only: clear() would flush the db under the page-cache tests
    # that use it in another xdist worker.
    client = redis.Redis.from_url(URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_it_stores_and_reads_like_djangos_redis_cache(cache):
    cache.set("pc:v:articles.article:1", (123, (1.5,)))
    cache.set_many({"a": 1, "b": [2]})
    assert cache.get("pc:v:articles.article:1") == (123, (1.5,))
    assert cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": [2]}
    assert isinstance(cache, RedisCache)


def test_one_client_serves_every_call(cache):
    client = cache._cache.get_client("x")
    assert cache._cache.get_client("y", write=True) is client


def test_clear_deletes_its_own_keys_only(cache):
    """Others share the Redis database: another cache (another test run's
    prefix, another site's) and Celery's queue, which an emptied cache must
    leave as they were."""
    neighbour_prefix = f"test-{uuid.uuid4().hex}"
    neighbour = NewsroomRedisCache(URL, {"KEY_PREFIX": neighbour_prefix})
    client = redis.Redis.from_url(URL)
    queue = f"{neighbour_prefix}-celery"  # no cache's key
    try:
        cache.set("page", "ours")
        neighbour.set("page", "theirs")
        client.rpush(queue, "a task")
        cache.clear()
        assert cache.get("page") is None
        assert neighbour.get("page") == "theirs" and client.lrange(queue, 0, -1) == [b"a task"]
    finally:
        client.delete(queue, *client.scan_iter(f"{neighbour_prefix}:*"))


def test_the_pattern_of_a_caches_keys_matches_its_prefix_literally():
    assert own_keys_pattern("newsroom") == "newsroom:*"
    assert own_keys_pattern("a*b?[c]\\d") == "a\\*b\\?\\[c\\]\\\\d:*"


def test_every_call_fails_open_when_nothing_listens():
    from bench.fault_servers import free_port

    down = NewsroomRedisCache(f"redis://127.0.0.1:{free_port()}/0", {"GENERATIONS": False, "RETRY_SECONDS": 0})
    assert down.get("a") is None and down.get("a", "default") == "default"
    assert down.get_many(["a", "b"]) == {}
    assert down.set("a", 1) is None and down.add("a", 1) is False and down.touch("a") is False
    assert down.set_many({"a": 1, "b": 2}) == ["a", "b"]  # Django's contract: the keys not stored
    assert down.delete("a") is False and down.delete_many(["a"]) is None and down.has_key("a") is False
    assert down.get_or_set("a", 5) == 5
    with pytest.raises(ValueError):
        down.incr("a")
    assert down.update_many(["a"], lambda found: {"a": 1}) == ["a"]


def test_keys_made_for_many_keys_are_the_keys_made_for_one(cache):
    cache.set("one", "a")
    cache.set("one", "b", version=2)
    cache.set_many({"two": (1, ()), "three": 3})
    assert cache.get_many(["one", "two", "three"]) == {"one": "a", "two": (1, ()), "three": 3}
    assert cache.get_many(["one"], version=2) == {"one": "b"}
    assert cache.get("two") == (1, ()) and cache.incr("three") == 4  # ints stay ints, for incr()
    assert cache.get_many(["three"]) == {"three": 4}


def test_many_keys_are_read_and_written_in_the_current_generation(cache):
    from caching import generation

    cache.set_many({"page": "old"})
    generation.advance("a write lost in a test")
    assert cache.get_many(["page"]) == {} and cache.get("page") is None
    cache.set_many({"page": "new"})
    assert cache.get("page") == "new"


def test_values_set_each_with_its_timeout_in_one_round_trip(cache):
    cache.set("gone", 1)
    cache.set_each({"page": ({"content": b"x"}, 60), "forever": ("f", None), "gone": ("x", 0)})
    assert cache.get_many(["page", "forever", "gone"]) == {"page": {"content": b"x"}, "forever": "f"}
    client = cache._cache.get_client(write=True)
    assert 0 < client.ttl(cache.make_key("page")) <= 60 and client.ttl(cache.make_key("forever")) == -1


def test_an_update_reads_again_when_a_key_it_read_was_written_before_its_write(cache):
    cache.set_many({"dues": (1,)})
    seen = []

    def add_two(found):
        seen.append(found)
        if len(seen) == 1:
            cache.set("dues", (1, 3))  # another process, between this read and this write
        return {"dues": (*found.get("dues", ()), 2), "clock": len(seen)}

    assert cache.update_many(["dues", "new"], add_two, timeout=None) == []
    assert seen == [{"dues": (1,)}, {"dues": (1, 3)}]
    assert cache.get_many(["dues", "clock"]) == {"dues": (1, 3, 2), "clock": 2}
    client = cache._cache.get_client(write=True)
    assert client.ttl(cache.make_key("dues")) == -1


def test_an_update_writes_with_its_timeout_in_the_current_generation(cache):
    from caching import generation

    cache.set("count", 1)
    generation.advance("a write lost in a test")
    cache.update_many(["count"], lambda found: {"count": found.get("count", 0) + 1}, timeout=60)
    assert cache.get("count") == 1  # the old generation's 1 was not read
    assert 0 < cache._cache.get_client(write=True).ttl(cache.make_key("count")) <= 60
