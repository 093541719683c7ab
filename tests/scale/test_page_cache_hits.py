"""What a page-cache hit costs and sends: one cache call, the ETag stored with
the page, the same headers as the miss, and still exact invalidation, on the
local-memory default and on Redis (production's backend; tests/scale/conftest.py)."""

import hashlib
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles import page_cache
from articles.models import Article, Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend(page_cache_backend):
    return page_cache_backend


@pytest.fixture
def story(backend):
    department = Department.objects.create(name="社会")
    return Article.objects.create(
        headline="朔城公安守护群众",
        department=department,
        status="published",
        publish_at=timezone.now() - timedelta(hours=1),
    )


class CountingCache:
    """The cache, counting the calls that reach it."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def __getattr__(self, name):
        method = getattr(self.real, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


def _state(response):
    return response.headers.get("X-Page-Cache")


def test_a_hit_sends_the_etag_stored_with_the_page_without_hashing_the_body(client, story):
    url = story.get_absolute_url()
    miss = client.get(url)
    assert _state(miss) == "miss"
    with mock.patch("django.middleware.http.set_response_etag", side_effect=AssertionError("hashed on a hit")):
        hit = client.get(url)
    assert _state(hit) == "hit" and hit.content == miss.content
    assert hit.headers["ETag"] == miss.headers["ETag"] == f'"{hashlib.md5(miss.content).hexdigest()}"'


def test_a_hit_answers_a_matching_if_none_match_with_304(client, story):
    url = story.get_absolute_url()
    etag = client.get(url).headers["ETag"]
    assert _state(client.get(url)) == "hit"
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.headers["ETag"] == etag


def test_a_hit_sends_the_headers_the_miss_sent(client, story):
    url = story.get_absolute_url()
    miss, hit = client.get(url), client.get(url)
    assert (_state(miss), _state(hit)) == ("miss", "hit")
    for header in ("Cache-Control", "Vary", "ETag", "Content-Type", "Content-Security-Policy"):
        assert hit.headers[header] == miss.headers[header], header
    assert "public" in hit.headers["Cache-Control"] and "Cookie" in hit.headers["Vary"]
    assert "Age" in hit.headers


def test_a_hit_is_one_cache_call(client, story, monkeypatch):
    url = story.get_absolute_url()
    client.get(url)
    counting = CountingCache(page_cache.dependencies.cache)
    monkeypatch.setattr(page_cache.dependencies, "cache", counting)
    assert _state(client.get(url)) == "hit"
    assert counting.calls == ["get_many"]  # one MGET on Redis


def test_a_process_that_has_not_seen_the_page_reads_its_dependencies_then_remembers_them(client, story, monkeypatch):
    url = story.get_absolute_url()
    client.get(url)
    page_cache.forget_held()  # as in another worker than the one that stored the page
    counting = CountingCache(page_cache.dependencies.cache)
    monkeypatch.setattr(page_cache.dependencies, "cache", counting)
    assert _state(client.get(url)) == "hit"
    assert counting.calls == ["get_many", "get_many"]
    counting.calls.clear()
    assert _state(client.get(url)) == "hit"
    assert counting.calls == ["get_many"]


@pytest.mark.parametrize("guess", ["none", "wrong", "right"])
def test_an_edit_clears_the_page_whatever_this_process_remembers_of_it(client, story, guess):
    url = story.get_absolute_url()
    client.get(url)
    assert _state(client.get(url)) == "hit"
    if guess == "none":
        page_cache.forget_held()
    elif guess == "wrong":
        page_cache.held.forget()
        for key in page_cache._known_deps:
            page_cache._known_deps[key] = ("list:tag:999999",)
    story.summary = "警民一家亲"
    story.save()
    response = client.get(url)
    assert _state(response) == "miss" and "警民一家亲" in response.content.decode()
    assert _state(client.get(url)) == "hit"


def test_a_scheduled_story_still_clears_its_lists_at_its_time(client, story):
    Article.objects.create(
        headline="定时发布的稿件",
        department=story.department,
        status="published",
        publish_at=timezone.now() + timedelta(hours=1),
    )
    url = story.department.get_absolute_url()
    client.get(url)
    assert _state(client.get(url)) == "hit"
    with mock.patch("articles.page_cache.time.time", return_value=timezone.now().timestamp() + 2 * 3600):
        assert _state(client.get(url)) != "hit"
