"""What a render after a publish reuses: fragments this process holds in
memory (not read from the cache again, yet never served past a change or an
emptied cache), the home page's lists as one block each, and a lead filled
in from compiled markup."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import get_template
from django.utils import timezone

from articles import cards, fragments, page_cache, related_rows, views
from articles.cards import LEAD, Block, render_blocks
from articles.models import Article
from caching import generation
from tests.scale.conftest import page_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragment_cache_on")]


def _keys_read():
    """The cache keys each get_many asked for, as a list per call."""
    calls = []
    original = fragments.cache.get_many

    def get_many(keys, *args, **kwargs):
        keys = list(keys)
        calls.append(keys)
        return original(keys, *args, **kwargs)

    return calls, mock.patch.object(fragments.cache, "get_many", side_effect=get_many)


def test_a_fragment_this_process_holds_is_not_read_from_the_cache_again(client, site):
    page_html(client, site["society"].get_absolute_url())
    name = f"card:list:{site['police'].pk}"
    assert fragments.fetch([name])  # read once: now held
    calls, patch = _keys_read()
    with patch:
        assert fragments.fetch([name])
    assert not any(fragments._key(name) in keys for keys in calls)


def test_a_fragment_held_in_memory_is_not_served_after_a_change_to_what_it_shows(client, site):
    page_html(client, site["society"].get_absolute_url())
    name = f"card:list:{site['police'].pk}"
    assert fragments.held(name) and "朔城公安守护群众" in fragments.fetch([name])[name]
    police = Article.objects.get(pk=site["police"].pk)
    police.headline = "朔城公安昼夜守护群众"
    police.save()
    assert fragments.fetch([name]) == {}
    assert "朔城公安昼夜守护群众" in page_html(client, site["society"].get_absolute_url())


def test_an_emptied_cache_empties_what_every_process_holds(client, site):
    page_html(client, site["society"].get_absolute_url())
    name = f"card:list:{site['police'].pk}"
    assert fragments.fetch([name]) and fragments.held(name)
    if hasattr(cache, "set_each"):  # Redis: a test's keys carry its own prefix
        cache.delete_many([fragments._key(name), fragments.EPOCH])
    else:
        cache.clear()
    assert fragments.fetch([name]) == {}
    assert not fragments.held(name)


def test_a_cache_emptied_during_a_request_is_seen_before_a_held_fragment_is_served(site):
    # Emptied after the request read the epoch: the versions read next are
    # all 0 again, as when the held fragment was made before an edit.
    from django.core.signals import request_finished, request_started

    from articles import page_cache

    dep = "articles.article:999999"  # a row never changed yet: at version 0 when the fragment is made
    fragments.fetch(["card:probe:other"])  # this process reads the cache's epoch
    fragments.store({"card:probe": ("<p>改前</p>", [dep])})  # written with the epoch, and held
    page_cache.bump(dep)  # an edit
    request_started.send(sender=None)
    try:
        fragments.fetch(["card:probe:other"])  # this request's read of the epoch
        assert fragments.held("card:probe")
        if hasattr(cache, "set_each"):  # Redis: a test's keys carry its own prefix
            cache.delete_many([fragments.version_key(dep), fragments.EPOCH, fragments._key("card:probe")])
        else:
            cache.clear()
        page_cache.versions_seen().clear()
        assert fragments.fetch(["card:probe"]) == {}
    finally:
        request_finished.send(sender=None)


def test_a_fragment_outdated_while_the_memory_bound_is_reached_is_not_an_error(settings):
    settings.FRAGMENT_LOCAL_CACHE_CHARS = 100
    fragments._forget_local()
    fragments.fetch(["card:probe:any"])  # this process reads the cache's epoch (none: it starts one)
    fragments.store({"card:probe:b": ("b" * 60, ["articles.article:2"])})  # kept in memory too
    fragments.store({"card:probe:a": ("a" * 60, ["articles.article:1"])})  # over the bound: only "a" kept
    from articles import page_cache

    page_cache.bump("articles.article:1")  # "a" outdated
    assert list(fragments.fetch(["card:probe:b", "card:probe:a"])) == ["card:probe:b"]
    assert fragments._local_size[0] >= 0


def test_after_a_publish_the_home_page_joins_again_only_the_block_the_story_joined(client, site):
    wrapped = []

    def spy(blocks):
        wrapped.extend(block.about[0] for block, _ in blocks)
        return original(blocks)

    original = views._department_blocks
    page_html(client, "/")
    with mock.patch.object(views, "_department_blocks", spy):
        page_html(client, "/")
    assert wrapped == []  # every section's block reused
    Article.objects.create(
        headline="经济新稿", department=site["economy"], status="published", publish_at=timezone.now()
    )
    # The new story leads the page (so joins no section's block) and the
    # former lead, a society story, joins its section's block: that block
    # alone is joined again, the economy block is one fragment reused.
    with mock.patch.object(views, "_department_blocks", spy):
        home = client.get("/")
    assert "经济新稿" in home.content.decode()
    assert wrapped == [site["society"].pk]


def test_after_a_publish_the_home_page_reads_its_fragments_and_the_new_storys_version_in_one_call(client, site):
    for url in ["/", site["society"].get_absolute_url()]:
        page_html(client, url)
    Article.objects.create(
        headline="社会新稿", department=site["society"], status="published", publish_at=timezone.now()
    )
    calls, patch = _keys_read()
    with patch:
        assert "社会新稿" in page_html(client, "/")
    assert len(calls) == 1


def test_a_block_depends_on_a_story_whose_card_it_does_not_show(site):
    # A story in the list's ids but not published (yet) when its row was read.
    due = Article.objects.create(
        headline="待发稿件",
        department=site["society"],
        status="published",
        publish_at=timezone.now() + timedelta(seconds=0.6),
    )
    block = Block("test-block", ((site["police"].pk, "compact"), (due.pk, "compact")))
    [html], _ = render_blocks([block])
    assert "朔城公安守护群众" in html and "待发稿件" not in html
    time.sleep(0.7)
    [html], _ = render_blocks([block])
    assert "待发稿件" in html


def test_a_lead_without_photos_is_the_lead_templates_markup(site):
    cards._compiled_leads.cache_clear()
    pk = site["police"].pk
    _, singles = render_blocks([], [(pk, LEAD)])
    template = get_template(cards.LEAD_TEMPLATE)
    markup = cards._compiled_leads(template.template).markup
    assert markup and all(value is not None for value in markup.values())  # filled in, not rendered
    lead = Article.objects.for_cards().get(pk=pk)
    related_rows.set_prefetched(lead, "photos", [])
    assert singles[pk, LEAD] == template.render({"lead": lead})


def test_after_a_publish_the_home_page_runs_one_query_on_postgresql(client, site, settings, django_assert_num_queries):
    from django.db import connection

    settings.PAGE_CACHE_SECONDS = 600
    page_html(client, "/")
    Article.objects.create(
        headline="社会新稿", department=site["society"], status="published", publish_at=timezone.now()
    )
    # The lists' ids, the sidebar and the new story's rows in one round trip;
    # elsewhere the new story's rows are a query of their own.
    generation.current(force=True)  # not read again from the database during the render
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 4):
        assert "社会新稿" in page_html(client, "/")


@pytest.mark.parametrize("page", ["section", "tag"])
def test_after_a_publish_a_list_page_runs_one_query_on_postgresql(
    client, site, settings, django_assert_num_queries, page
):
    from django.db import connection

    settings.PAGE_CACHE_SECONDS = 600
    url = site["society"].get_absolute_url() if page == "section" else "/tag/抗疫/"
    page_html(client, url)
    story = Article.objects.create(
        headline="社会新稿", department=site["society"], status="published", publish_at=timezone.now()
    )
    story.tags.add("抗疫")
    fragments._forget_local()  # another process rendered the pages before: nothing held
    # The page's ids and its newest stories' rows in one round trip.
    generation.current(force=True)
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        assert "社会新稿" in page_html(client, url)


def test_a_list_page_reads_no_rows_with_its_ids_when_the_new_storys_card_is_held(client, site, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 600
    section, tag = site["society"].get_absolute_url(), "/tag/抗疫/"
    for url in (section, tag):
        page_html(client, url)
    story = Article.objects.create(
        headline="社会新稿", department=site["society"], status="published", publish_at=timezone.now()
    )
    story.tags.add("抗疫")  # the tag's list is bumped with the story's row
    assert "社会新稿" in page_html(client, section)  # renders the story's list card, held
    with CaptureQueriesContext(connection) as queries:
        assert "社会新稿" in page_html(client, tag)
    assert not any("articles_byline" in query["sql"] for query in queries.captured_queries)


def test_a_list_page_after_the_home_page_showed_its_new_story_runs_one_query_on_postgresql(
    client, site, settings, django_assert_num_queries
):
    # A story published in one save (as a sign-off publishes it): its row and
    # its lists are bumped together, and the home page's cards of it are held
    # at that version. They are not the section's card: its row is read with
    # the section's ids, not in a query after them.
    from django.db import connection

    section = _home_and_section_then_a_story_published(client, site, settings)
    generation.current(force=True)
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        assert "社会新稿" in page_html(client, section)


def test_a_fragment_held_of_one_kind_does_not_say_one_of_another_kind_is_held(site):
    story = site["bus"]
    token = time.time_ns()
    fragments.epoch_read("epoch")
    fragments._keep_local(f"card:compact:{story.pk}", {"deps": {f"articles.article:{story.pk}": token}, "html": "x"})
    assert fragments.holds_version(token, cards.card_kind("compact"))
    assert not fragments.holds_version(token, cards.card_kind("list"))


def test_the_rows_a_page_saw_change_moments_ago_are_named_for_the_page_caches_lookup(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_html(client, "/")
    story = Article.objects.create(
        headline="社会新稿", department=site["society"], status="published", publish_at=timezone.now()
    )
    assert "社会新稿" in page_html(client, "/")
    names = fragments.lookup_names()
    # The new story's row, whose version the home page read for its cards;
    # forgotten once it changed longer ago than RECENT_SECONDS.
    assert f"articles.article:{story.pk}" in names
    with mock.patch.object(fragments.time, "time", return_value=time.time() + fragments.RECENT_SECONDS):
        assert fragments.lookup_names() == []


def test_the_page_caches_lookup_is_named_a_few_rows_whatever_changed():
    now = time.time_ns()
    fragments._note_recent({f"articles.article:{pk}": (now, ()) for pk in range(50)}, now / 1e9)
    assert fragments.lookup_names() == [f"articles.article:{pk}" for pk in range(50 - fragments._RECENT_MAX, 50)]


def _events_after_the_lookup():
    """A block, and the list of what a page did in it, in order: "sql" (a
    query), "cache" (a fragment read). The page cache reads the versions of
    ``fragments.lookup_names()`` with the page's lookup."""
    from contextlib import ExitStack

    from django.db import connection

    events = []
    original = fragments.cache.get_many

    def get_many(keys, *args, **kwargs):
        events.append("cache")
        return original(keys, *args, **kwargs)

    def query(execute, *args):
        events.append("sql")
        return execute(*args)

    stack = ExitStack()
    stack.enter_context(mock.patch.object(fragments.cache, "get_many", side_effect=get_many))
    stack.enter_context(connection.execute_wrapper(query))
    return events, stack


def _home_and_section_then_a_story_published(client, site, settings) -> str:
    """Both pages rendered, then a story published in the section and the home
    page rendered with it: the section page's address."""
    settings.PAGE_CACHE_SECONDS = 600
    section = site["society"].get_absolute_url()
    for url in ("/", section):
        page_html(client, url)
    Article.objects.create(
        headline="社会新稿", department=site["society"], status="published", publish_at=timezone.now()
    )
    assert "社会新稿" in page_html(client, "/")
    return section


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL reads a new story's rows with the lists' ids"
)
def test_a_list_page_whose_new_storys_version_was_read_with_its_lookup_reads_no_fragment_after_its_list(
    client, site, settings
):
    # With the page cache reading the versions of lookup_names() with the
    # page, the section's new card (its row read with the ids) is rendered,
    # not asked of the cache in a call after the list's query.
    section = _home_and_section_then_a_story_published(client, site, settings)
    events, reading = _events_after_the_lookup()
    with reading:
        assert "社会新稿" in page_html(client, section)
    assert "sql" in events and "cache" not in events[events.index("sql") :]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL reads a new story's rows with the lists' ids"
)
@pytest.mark.parametrize("saved_here", [True, False], ids=["saved-in-this-process", "saved-in-another-process"])
def test_after_a_publish_the_home_page_reads_no_fragment_after_its_lists(client, site, settings, saved_here):
    # The story's version is known before the lists are read, so its lead,
    # cards and the blocks it joined are made from the rows read with the
    # lists and the blocks held: saved here, the story is named for the
    # lookup (lookup_names()); saved by an editor's request in another
    # process, its version comes with the last bump's, read with the lookup.
    settings.PAGE_CACHE_SECONDS = 600
    page_html(client, "/")
    story = Article.objects.create(
        headline="社会新稿", department=site["society"], status="published", publish_at=timezone.now()
    )
    if saved_here:
        assert f"articles.article:{story.pk}" in fragments.lookup_names()
    else:
        fragments._recent.clear()
    events, reading = _events_after_the_lookup()
    with reading:
        html = page_html(client, "/")
    assert "社会新稿" in html
    assert "sql" in events and "cache" not in events[events.index("sql") :]
    # The same page as one rendered with every fragment read from the cache.
    client.get("/")  # kept
    fragments.forget_held()
    page_cache._known_deps.clear()
    cache.clear()
    assert page_html(client, "/") == html


def test_the_last_bumps_versions_are_kept_beside_the_clock(site):
    from articles.page_cache.dependencies import LAST_BUMP, LAST_BUMP_MAX, read_versions

    page_cache.bump("articles.article:1", "list:all")
    assert cache.get(LAST_BUMP) == read_versions(["articles.article:1", "list:all"], fresh=True)
    # A bump of many names keeps none.
    page_cache.bump(*(f"articles.article:{pk}" for pk in range(LAST_BUMP_MAX + 1)))
    assert cache.get(LAST_BUMP) == {}
