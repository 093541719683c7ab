"""A page's fragment cache calls gathered (``fragments.batched()``): fragments
read ahead with the page's first fetch, and written together at its end,
without serving anything a change has outdated."""

from unittest import mock

import pytest
from django.utils import timezone

from articles import fragments, page_cache
from articles.models import Article
from tests.scale.conftest import page_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragment_cache_on")]


def _calls(method):
    return mock.patch.object(fragments.cache, method, wraps=getattr(fragments.cache, method))


def test_a_fragment_expected_is_read_in_the_next_fetchs_cache_call():
    fragments.store({"a": ("<p>a</p>", {"list:a"}), "b": ("<p>b</p>", {"list:b"})})
    with _calls("get_many") as get_many, fragments.batched():
        fragments.expect("b")
        assert fragments.fetch(["a"]) == {"a": "<p>a</p>"}
        assert fragments.fetch(["b"]) == {"b": "<p>b</p>"}
    assert get_many.call_count == 1


def test_a_fragment_read_ahead_is_not_served_once_its_list_changed_before_the_read():
    fragments.store({"a": ("<p>a</p>", {"list:a"}), "b": ("<p>b</p>", {"list:b"})})
    page_cache.bump("list:b")
    with fragments.batched():
        fragments.expect("b")
        fragments.fetch(["a"])
        assert fragments.fetch(["b"]) == {}


def test_fragments_stored_in_a_batch_are_written_together_at_its_end_and_served_to_it_meanwhile():
    with _calls("set_many") as set_many, fragments.batched():
        fragments.store({"a": ("<p>a</p>", {"list:a"})})
        fragments.store({"b": ("<p>b</p>", {"list:b"})})
        assert set_many.call_count == 0
        assert fragments.fetch(["a"]) == {"a": "<p>a</p>"}
    assert set_many.call_count == 1
    assert fragments.fetch(["a", "b"]) == {"a": "<p>a</p>", "b": "<p>b</p>"}


def test_a_fragment_whose_list_changed_before_the_batch_ended_is_not_written():
    with fragments.batched():
        started = fragments.render_started()
        fragments.store({"a": ("<p>a</p>", {"list:a"}), "b": ("<p>b</p>", {"list:b"})}, started)
        page_cache.bump("list:a")  # after its data was read, before it is written
    assert fragments.fetch(["a", "b"]) == {"b": "<p>b</p>"}


def test_a_batch_that_fails_writes_nothing():
    with pytest.raises(RuntimeError), fragments.batched():
        fragments.store({"a": ("<p>a</p>", {"list:a"})})
        raise RuntimeError("the page failed")
    assert fragments.fetch(["a"]) == {}


def test_after_a_publish_the_home_page_reads_its_fragments_in_two_cache_calls_and_writes_them_in_one(client, site):
    for url in ["/", site["society"].get_absolute_url()]:
        page_html(client, url)
    Article.objects.create(
        headline="社会新稿", department=site["society"], status="published", publish_at=timezone.now()
    )
    with _calls("get_many") as get_many, _calls("set_many") as set_many:
        assert "社会新稿" in page_html(client, "/")
    # Cards, shell and sidebar in one read, the new story's versions in one
    # (none when a version was read already), all written in one.
    assert get_many.call_count <= 2 and set_many.call_count == 1


def test_with_the_page_cache_on_a_page_and_its_new_fragments_are_written_in_one_call(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_html(client, "/")
    Article.objects.create(
        headline="社会新稿", department=site["society"], status="published", publish_at=timezone.now()
    )
    with _calls("set") as set_one, _calls("set_many") as set_many:
        response = client.get("/")
    assert response.headers["X-Page-Cache"] == "miss" and "社会新稿" in response.content.decode()
    if hasattr(fragments.cache, "set_each"):  # Redis: one pipeline
        assert (set_one.call_count, set_many.call_count) == (0, 0)
    # Both kept: the page is served, and its new lead is reused by a page not yet cached.
    assert client.get("/").headers["X-Page-Cache"] == "hit"
    assert fragments.fetch([f"lead:{Article.objects.get(headline='社会新稿').pk}"])


def test_a_fragment_rendered_before_a_due_time_and_written_after_it_is_not_served():
    # A list with a story due (an embargo lifting) while the page that
    # rendered the list's fragment was still being made: its writes wait
    # for the page's end, and the fragment shows the list as before.
    import time

    due = time.time() + 0.2
    page_cache.bump("list:due", due=due)
    with fragments.batched():
        fragments.store({"due": ("<p>before</p>", {"list:due"})}, started=time.time_ns())
        time.sleep(0.3)
    assert fragments.fetch(["due"]) == {}
