"""Pages a worker holds in its memory (articles/page_cache/held.py): a hit
reads the cache's clock and epoch only, every bump moves the clock, and the
page cache's guarantees hold as for a page read from the cache, on the
local-memory default and on Redis (tests/scale/conftest.py)."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import fragments, page_cache
from articles.models import Article, Department
from articles.page_cache import held
from articles.page_cache.dependencies import CLOCK, LAST_BUMP
from articles.page_cache.middleware import page_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend(page_cache_backend):
    return page_cache_backend


@pytest.fixture
def society(backend):
    return Department.objects.create(name="社会")


@pytest.fixture
def story(society):
    return Article.objects.create(
        headline="朔城公安守护群众",
        department=society,
        status="published",
        publish_at=timezone.now() - timedelta(hours=1),
    )


class RecordingCache:
    """The cache, recording each call with its arguments."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def __getattr__(self, name):
        method = getattr(self.real, name)

        def recorded(*args, **kwargs):
            self.calls.append((name, args))
            return method(*args, **kwargs)

        return recorded


def _state(response):
    return response.headers.get("X-Page-Cache")


def _hold(client, url):
    """Stored, then checked once: from then on held with the clock."""
    assert _state(client.get(url)) == "miss"
    assert _state(client.get(url)) == "hit"


def test_a_hit_on_a_held_page_reads_the_clock_and_the_epoch_only(client, story, monkeypatch):
    url = story.get_absolute_url()
    _hold(client, url)
    recording = RecordingCache(page_cache.dependencies.cache)
    monkeypatch.setattr(page_cache.dependencies, "cache", recording)
    hit = client.get(url)
    assert _state(hit) == "hit" and "朔城公安守护群众" in hit.content.decode()
    assert recording.calls == [("get_many", ([CLOCK, held.EPOCH],))]


def test_every_bump_moves_the_clock_in_the_same_cache_call_as_the_versions(story, monkeypatch):
    before = cache.get(CLOCK)
    recording = RecordingCache(page_cache.dependencies.cache)
    monkeypatch.setattr(page_cache.dependencies, "cache", recording)
    page_cache.bump("list:tag:7")
    (write,) = [(name, args) for name, args in recording.calls if name in ("set_many", "update_many")]
    name, args = write
    # update_many (Redis) writes what its second argument makes of the keys read, in one script.
    written = args[0] if name == "set_many" else args[1]({})
    assert set(written) == {"pc:v:list:tag:7", CLOCK, LAST_BUMP}
    assert cache.get(CLOCK) not in (None, before)


@pytest.mark.parametrize("bumped_by", ["another process", "this process"])
def test_a_bump_of_something_else_checks_the_held_page_again_and_keeps_serving_it(
    client, story, monkeypatch, bumped_by
):
    url = story.get_absolute_url()
    _hold(client, url)
    checked_at = page_cache.dependencies.clock_seen[0]
    page_cache.bump("list:tag:999999")  # on no list this page shows
    if bumped_by == "another process":
        page_cache.dependencies.clock_seen[0] = checked_at  # this one has not seen the clock move
    recording = RecordingCache(page_cache.dependencies.cache)
    monkeypatch.setattr(page_cache.dependencies, "cache", recording)
    assert _state(client.get(url)) == "hit"
    # The clock asked first unless this process knows it moved; then the page with its versions.
    expected = ["get_many", "get_many"] if bumped_by == "another process" else ["get_many"]
    assert [name for name, _ in recording.calls] == expected
    recording.calls.clear()
    assert _state(client.get(url)) == "hit"
    assert recording.calls == [("get_many", ([CLOCK, held.EPOCH],))]


def test_an_edit_is_shown_at_once_though_the_old_page_is_held(client, story):
    url = story.get_absolute_url()
    _hold(client, url)
    story.summary = "警民一家亲"
    story.save()
    response = client.get(url)
    assert _state(response) == "miss" and "警民一家亲" in response.content.decode()


def test_a_story_joining_a_held_section_page_is_shown_at_once(client, story, society):
    url = society.get_absolute_url()
    _hold(client, url)
    Article.objects.create(
        headline="社区志愿者连夜值守", department=society, status="published", publish_at=timezone.now()
    )
    response = client.get(url)
    assert _state(response) == "miss" and "社区志愿者连夜值守" in response.content.decode()


def test_an_emptied_cache_makes_the_worker_forget_every_page_it_holds(client, story, society):
    story_url, section_url = story.get_absolute_url(), society.get_absolute_url()
    for url in (story_url, section_url):
        _hold(client, url)
    cache.clear()
    assert _state(client.get(story_url)) == "miss"  # rendered again, not served from memory
    assert held.get(page_key(section_url)) is None  # forgotten, though not asked for


def test_a_new_cache_generation_makes_the_worker_forget_every_page_it_holds(client, story, society, backend):
    if backend != "redis":
        pytest.skip("only the Redis backend keys the cache by generation")
    from caching import generation

    story_url, section_url = story.get_absolute_url(), society.get_absolute_url()
    for url in (story_url, section_url):
        _hold(client, url)
    generation.advance("test: a write may have been lost")
    assert _state(client.get(story_url)) == "miss"
    assert held.get(page_key(section_url)) is None


def test_memory_is_bounded_and_the_page_served_least_recently_is_dropped_first(client, story, society, settings):
    story_url, section_url = story.get_absolute_url(), society.get_absolute_url()
    _hold(client, story_url)
    one_page = held.held_bytes()
    settings.PAGE_LOCAL_CACHE_BYTES = int(one_page * 1.5)
    _hold(client, section_url)
    assert held.held_bytes() <= settings.PAGE_LOCAL_CACHE_BYTES
    assert held.get(page_key(story_url)) is None
    assert held.get(page_key(section_url)) is not None
    assert _state(client.get(story_url)) == "hit"  # from the cache, then held again


def test_the_memory_counted_for_held_pages_is_at_least_what_they_take(client, backend):
    # Small pages (each query string its own page) cost far more than their
    # bodies: the bound must count what they really take.
    import tracemalloc

    for i in range(5):
        client.get(f"/robots.txt?warm={i}")
    held.forget()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(300):
            assert client.get(f"/robots.txt?r={i}").status_code == 200
        counted = held.held_bytes()
        assert counted > 0
        with_pages = tracemalloc.get_traced_memory()[0]
        held.forget()
        freed = with_pages - tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert freed > 0 and with_pages > before
    assert counted >= 0.8 * freed, (counted, freed)


def test_a_page_larger_than_the_bound_is_not_held_but_still_cached(client, story, settings):
    settings.PAGE_LOCAL_CACHE_BYTES = 100
    url = story.get_absolute_url()
    _hold(client, url)
    assert held.held_bytes() == 0
    assert _state(client.get(url)) == "hit"


def test_a_held_page_is_not_served_after_its_freshness(client, story, settings):
    from unittest import mock

    url = story.get_absolute_url()
    _hold(client, url)
    later = timezone.now().timestamp() + settings.PAGE_CACHE_SECONDS + 1
    with mock.patch("articles.page_cache.time.time", return_value=later):
        assert _state(client.get(url)) == "miss"


def test_without_the_cache_a_held_page_is_not_served_and_the_page_renders(client, story, monkeypatch):
    url = story.get_absolute_url()
    _hold(client, url)

    class Down:
        def __getattr__(self, name):
            return {"get_many": lambda *a, **k: {}, "add": lambda *a, **k: False}.get(name, lambda *a, **k: None)

    monkeypatch.setattr(page_cache.dependencies, "cache", Down())
    response = client.get(url)
    assert response.status_code == 200 and _state(response) == "miss"


def test_the_first_hit_after_this_worker_stored_the_page_reads_the_clock_and_the_epoch_only(client, story, monkeypatch):
    url = story.get_absolute_url()
    assert _state(client.get(url)) == "miss"
    recording = RecordingCache(page_cache.dependencies.cache)
    monkeypatch.setattr(page_cache.dependencies, "cache", recording)
    assert _state(client.get(url)) == "hit"
    assert recording.calls == [("get_many", ([CLOCK, held.EPOCH],))]


@contextmanager
def _edited_while_rendering(story, monkeypatch):
    """In the block, the story page's view edits ``story`` (and bumps its version) after rendering it."""
    from articles.views import ArticleDetailView

    real = ArticleDetailView.get

    def edited_while_rendering(self, request, *args, **kwargs):
        response = real(self, request, *args, **kwargs)
        Article.objects.filter(pk=story.pk).update(summary="渲染时改过")
        page_cache.bump(page_cache.row_key(Article, story.pk))
        return response

    monkeypatch.setattr(ArticleDetailView, "get", edited_while_rendering)
    try:
        yield
    finally:
        monkeypatch.setattr(ArticleDetailView, "get", real)


def test_a_page_rendered_while_what_it_shows_changed_is_neither_stored_nor_held(client, story, monkeypatch):
    url = story.get_absolute_url()
    # A reader's worker, which did not save the story: its lookup reads no
    # version of it (the last bump, whose versions a lookup reads, is another
    # row's), so the first read of the story's version is the render's.
    fragments.forget_held()
    page_cache.bump("list:elsewhere")
    with _edited_while_rendering(story, monkeypatch):
        assert _state(client.get(url)) is None  # served, not stored
    assert held.get(page_key(url)) is None
    response = client.get(url)
    assert _state(response) == "miss" and "渲染时改过" in response.content.decode()


def test_a_page_rendered_from_a_lagging_replica_is_served_but_neither_stored_nor_held(client, story, monkeypatch):
    url = story.get_absolute_url()
    monkeypatch.setattr(page_cache.middleware, "read_lag_ns", lambda: 3600 * 10**9)
    assert _state(client.get(url)) is None  # the story's row changed within the lag: served, not stored
    assert held.get(page_key(url)) is None
    assert _state(client.get(url)) is None


def test_after_the_cache_is_emptied_a_clock_is_started_and_pages_are_held_with_it(client, story, monkeypatch):
    url = story.get_absolute_url()
    cache.clear()  # no clock until the next bump
    assert _state(client.get(url)) == "miss"
    assert cache.get(CLOCK) is not None
    recording = RecordingCache(page_cache.dependencies.cache)
    monkeypatch.setattr(page_cache.dependencies, "cache", recording)
    assert _state(client.get(url)) == "hit"
    assert recording.calls == [("get_many", ([CLOCK, held.EPOCH],))]
    monkeypatch.undo()
    story.summary = "清空之后又改"
    story.save()
    response = client.get(url)
    assert _state(response) == "miss" and "清空之后又改" in response.content.decode()


def test_a_page_whose_storys_version_was_read_at_its_lookup_never_outlives_an_edit_made_while_it_rendered(
    client, story, monkeypatch
):
    url = story.get_absolute_url()
    # The story was saved in this process: its version is read with the lookup,
    # before the render, so the page may be stored under the version before the edit.
    assert page_cache.row_key(Article, story.pk) in fragments.lookup_names()
    with _edited_while_rendering(story, monkeypatch):
        client.get(url)
    response = client.get(url)
    assert _state(response) == "miss" and "渲染时改过" in response.content.decode()
