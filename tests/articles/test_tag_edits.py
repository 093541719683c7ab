"""A tag renamed or deleted in the admin: each story carrying it locked,
judged, reindexed and taken out of the page cache, in a fixed number of
statements (articles/tag_edits.py)."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse
from taggit.models import Tag

from articles import tag_edits
from articles.models import Article, TaggedArticle
from articles.page_cache.dependencies import read_versions
from articles.search.query import search_articles
from tests.factories import make_article
from tests.pg_waits import others_wait_for_lock

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "x"))
    return client


def test_deleting_a_tag_in_the_admin_reindexes_and_invalidates_each_of_its_stories(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        stories = [make_article(headline=f"今日要闻{n}", tags=["冬季供暖"]) for n in range(3)]
        other = make_article(headline="另一篇", tags=["疫情防控"])
    tag = Tag.objects.get(name="冬季供暖")
    assert sorted(search_articles("冬季供暖").hits) == sorted(story.pk for story in stories)
    names = [f"articles.article:{story.pk}" for story in stories] + [f"list:tag:{tag.pk}"]
    untouched = [f"articles.article:{other.pk}"]
    before = read_versions(names + untouched, fresh=True)

    page = admin_client.get(reverse("admin:taggit_tag_delete", args=[tag.pk]))
    assert page.status_code == 200
    # The stories' rows counted under the tag, not read one by one.
    counted = {str(model): count for model, count in page.context_data["model_count"]}
    assert counted == {str(Tag._meta.verbose_name_plural): 1, str(TaggedArticle._meta.verbose_name_plural): 3}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:taggit_tag_delete", args=[tag.pk]), {"post": "yes"})
    assert response.status_code == 302

    assert not Tag.objects.filter(pk=tag.pk).exists() and all(not story.tags.exists() for story in stories)
    assert search_articles("冬季供暖").hits == []
    after = read_versions(names + untouched, fresh=True)
    assert [name for name in names if after[name] == before[name]] == [], "a page showing the tag is still served"
    assert after[untouched[0]] == before[untouched[0]]


def test_a_story_tagged_after_the_lock_is_locked_too(monkeypatch):
    tag = Tag.objects.create(name="抗疫")
    first = make_article(tags=[tag])
    late = make_article()
    calls = []

    def lock_stories(*querysets, **still):
        locked = list(Article.objects.filter(pk__in=querysets[0].values("pk")).order_by("pk"))
        calls.append([story.pk for story in locked])
        if len(calls) == 1:
            # Tagged by another transaction that committed after this lock.
            late.tags.add(tag)
        return locked

    monkeypatch.setattr(tag_edits, "lock_stories", lock_stories)
    stories = tag_edits.lock_stories_of([tag])
    assert [story.pk for story in stories] == [first.pk, late.pk]
    assert calls == [[first.pk], [late.pk]]


def _locks_held_beyond_relations() -> dict[str, int]:
    """This session's locks other than on tables and indexes (whose number the
    schema bounds), by type: what may grow with the rows a transaction writes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT locktype, count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype <> 'relation' "
            "GROUP BY locktype"
        )
        return dict(cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's shared lock table")
@pytest.mark.django_db(transaction=True)  # the stories written and the delete in transactions of their own
def test_deleting_a_tag_holds_no_more_locks_for_more_stories(admin_client, monkeypatch):
    # PostgreSQL's lock table holds about 6,400 locks for every session
    # together: a lock per story held to the commit failed a tag on 7,000.
    # A few stories and ten times as many stand for them.
    held = {}
    delete_tag_rows = tag_edits.delete_tag_rows

    def counting(tags):
        delete_tag_rows(tags)
        held[len(stories)] = _locks_held_beyond_relations()

    monkeypatch.setattr(tag_edits, "delete_tag_rows", counting)
    for size in (3, 30):
        tag = Tag.objects.create(name=f"疫情{size}")
        stories = [make_article() for _ in range(size)]
        TaggedArticle.objects.bulk_create(TaggedArticle(tag=tag, content_object=story) for story in stories)
        response = admin_client.post(reverse("admin:taggit_tag_delete", args=[tag.pk]), {"post": "yes"})
        assert response.status_code == 302
        assert not TaggedArticle.objects.filter(content_object__in=stories).exists()
    assert "advisory" not in held[30]
    assert held[3] == held[30]


def _change_form(tag, **changed):
    from taggit.models import TaggedItem

    inline = TaggedItem._meta.get_field("tag").remote_field.get_accessor_name(model=False)
    return {"name": tag.name, "slug": tag.slug, f"{inline}-TOTAL_FORMS": 0, f"{inline}-INITIAL_FORMS": 0, **changed}


@pytest.fixture
def judged(monkeypatch):
    """The tags whose stories the admin locked and judged, one list a save."""
    calls, lock_and_judge = [], tag_edits.lock_and_judge

    def recording(user, tags, actions):
        calls.append([tag.pk for tag in tags])
        return lock_and_judge(user, tags, actions)

    monkeypatch.setattr(tag_edits, "lock_and_judge", recording)
    return calls


def test_a_tag_s_new_slug_locks_and_judges_none_of_its_stories_and_a_new_name_does(admin_client, judged):
    tag = Tag.objects.create(name="冬奥")
    make_article(tags=[tag])
    url = reverse("admin:taggit_tag_change", args=[tag.pk])

    assert admin_client.post(url, _change_form(tag, slug="dongao")).status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.slug, judged) == ("冬奥", "dongao", [])

    assert admin_client.post(url, _change_form(tag, name="北京冬奥")).status_code == 302
    assert judged == [[tag.pk]]


def test_a_save_writing_back_a_name_another_save_changed_is_a_rename(admin_client, judged):
    tag = Tag.objects.create(name="冬奥")
    make_article(tags=[tag])
    form = _change_form(tag, slug="dongao")  # loaded before the other save
    Tag.objects.filter(pk=tag.pk).update(name="北京冬奥")

    assert admin_client.post(reverse("admin:taggit_tag_change", args=[tag.pk]), form).status_code == 302
    assert Tag.objects.get(pk=tag.pk).name == "冬奥"
    assert judged == [[tag.pk]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks")
@pytest.mark.django_db(transaction=True)
def test_a_save_keeping_the_name_while_another_renames_the_tag_waits_and_is_a_rename(admin_client, judged):
    import threading

    from tests.articles.test_related_links_concurrency import _connect

    tag = Tag.objects.create(name="冬奥")
    make_article(tags=[tag])
    form = _change_form(tag, slug="dongao")
    renaming, watcher = _connect(), _connect()
    answers, errors = [], []

    def save():
        try:
            answers.append(admin_client.post(reverse("admin:taggit_tag_change", args=[tag.pk]), form).status_code)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    try:
        renaming.execute("UPDATE taggit_tag SET name = '北京冬奥' WHERE id = %s", [tag.pk])
        thread = threading.Thread(target=save)
        thread.start()
        others = [renaming.info.backend_pid, watcher.info.backend_pid]
        for _ in range(1200):  # bounded: a save that neither waits nor ends fails below
            if not thread.is_alive() or others_wait_for_lock(watcher, others):
                break
            thread.join(0.05)
        assert thread.is_alive()  # the save waits for the rename's commit
        renaming.commit()
        thread.join()
    finally:
        renaming.close()
        watcher.close()
    assert not errors, errors
    assert answers == [302]
    assert Tag.objects.get(pk=tag.pk).name == "冬奥"
    assert judged == [[tag.pk]]
