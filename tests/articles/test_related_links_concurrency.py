"""The related-links table under concurrent writers (PostgreSQL): the writer that comes
second waits for the first's commit where they touch one story's links, and only there."""

import threading

import psycopg
import pytest
from django.db import connection, transaction
from taggit.models import Tag

from articles import row_locks, tag_edits
from articles.models import Article
from people.models import Mention
from tests.articles.test_related_links import _table, assert_mirrored
from tests.factories import make_article, make_mention, make_person
from tests.pg_waits import waits_for_lock

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")


def _connect():
    s = connection.settings_dict
    info = {"dbname": s["NAME"], "user": s["USER"], "password": s["PASSWORD"], "host": s["HOST"], "port": s["PORT"]}
    return psycopg.connect(**{k: v for k, v in info.items() if v})


def _copy_row(model, pk, **replaced) -> tuple[str, list]:
    """An INSERT copying ``model``'s row ``pk`` under a new key, ``replaced`` columns as SQL expressions."""
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    values = ", ".join(replaced.get(c, c) for c in columns)
    table = model._meta.db_table
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {values} FROM {table} WHERE id = %s RETURNING id"
    return sql, [pk]


def _wait_until_blocked(watcher, pid, thread):
    for _ in range(200):
        if waits_for_lock(watcher, pid) or not thread.is_alive():
            return
        thread.join(0.05)


def _committing(conn, sql, params, errors, watcher) -> threading.Thread:
    """``sql`` run and committed on ``conn`` in a thread (its error in ``errors``), once it waits or has finished."""

    def run():
        try:
            conn.execute(sql, params)
            conn.commit()
        except psycopg.Error as error:
            errors.append(error)
            conn.rollback()

    thread = threading.Thread(target=run)
    thread.start()
    _wait_until_blocked(watcher, conn.info.backend_pid, thread)
    return thread


@pytest.mark.django_db(transaction=True)
def test_a_person_merge_and_an_import_of_two_stories_do_not_deadlock():
    # people_review.merge() re-points mentions story by story (Mention.save() -> UPDATE people_mention,
    # person_id only); an importer/admin transaction saves the same stories (UPDATE articles_article).
    # Before the triggers the mention UPDATE never locked a story row.
    a, b = make_article(), make_article()
    source, target = make_person(), make_person()
    ma, mb = make_mention(a, source), make_mention(b, source)
    importer, merger, watcher = _connect(), _connect(), _connect()
    errors = []
    try:
        importer.execute("UPDATE articles_article SET headline = headline || '!' WHERE id = %s", [b.pk])
        merger.execute("UPDATE people_mention SET person_id = %s WHERE id = %s", [target.pk, ma.pk])

        sql = "UPDATE articles_article SET headline = headline || '!' WHERE id = %s"
        thread = _committing(importer, sql, [a.pk], errors, watcher)
        try:
            merger.execute("UPDATE people_mention SET person_id = %s WHERE id = %s", [target.pk, mb.pk])
            merger.commit()
        except psycopg.Error as error:
            errors.append(error)
            merger.rollback()
        thread.join()
    finally:
        for c in (importer, merger, watcher):
            c.close()
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("guarded", [False, True], ids=["advisory", "story-rows"])
def test_a_tagging_written_while_its_story_is_being_inserted_elsewhere_waits_for_it_and_is_copied(guarded):
    # The story's insert not yet committed: neither side's statement sees the
    # other's row, so the tagging waits for the story's transaction to end;
    # guarded by story rows too, with no row to lock yet it takes the story's
    # advisory lock, as without the setting.
    tag = Tag.objects.create(name="并发插入")
    template = make_article()
    inserting, tagger, watcher = _connect(), _connect(), _connect()
    errors = []
    try:
        (story_id,) = inserting.execute(*_copy_row(Article, template.pk, slug="slug || '-2'")).fetchone()
        if guarded:
            _guarded_by_story_rows(tagger)
        sql = "INSERT INTO articles_taggedarticle (content_object_id, tag_id) VALUES (%s, %s)"
        thread = _committing(tagger, sql, [story_id, tag.pk], errors, watcher)
        assert thread.is_alive()  # waiting for the story's transaction
        inserting.commit()
        thread.join()
    finally:
        for c in (inserting, tagger, watcher):
            c.close()
    assert not errors, errors
    assert _table(f"SELECT kind, link_id FROM articles_related_link WHERE story_id = {story_id}") == [(1, tag.pk)]
    assert_mirrored()


@pytest.mark.django_db(transaction=True)
def test_a_story_unpublished_while_it_is_being_tagged_waits_for_the_tagging_and_moves_its_link():
    story = make_article()
    tag = Tag.objects.create(name="先打标签")
    tagging, unpublishing, watcher = _connect(), _connect(), _connect()
    errors = []
    try:
        tagging.execute(
            "INSERT INTO articles_taggedarticle (content_object_id, tag_id) VALUES (%s, %s)", [story.pk, tag.pk]
        )

        sql = "UPDATE articles_article SET status = 'draft' WHERE id = %s"
        thread = _committing(unpublishing, sql, [story.pk], errors, watcher)
        assert thread.is_alive()  # waiting for the tagging's transaction
        tagging.commit()
        thread.join()
    finally:
        for c in (tagging, unpublishing, watcher):
            c.close()
    assert not errors, errors
    assert _table(f"SELECT status FROM articles_related_link WHERE story_id = {story.pk}") == [("draft",)]
    assert_mirrored()


@pytest.mark.django_db(transaction=True)
def test_an_edit_that_moves_nothing_and_a_confirmed_mention_take_no_lock():
    story = make_article()
    person = make_person()
    mention = make_mention(story, person)
    editing, confirming = _connect(), _connect()
    try:
        editing.execute("UPDATE articles_article SET headline = '只改标题' WHERE id = %s", [story.pk])
        confirming.execute("SET lock_timeout = '2s'")
        confirming.execute("UPDATE people_mention SET confirmed = true WHERE id = %s", [mention.pk])
        confirming.execute(*_copy_row(Mention, mention.pk, person_id=str(make_person().pk)))
        confirming.commit()
        editing.commit()
    finally:
        editing.close()
        confirming.close()
    assert_mirrored()


@pytest.mark.django_db(transaction=True)
def test_an_editor_and_the_importer_adding_the_same_tag_do_not_deadlock():
    # The editor's save (UPDATE of the story, then taggit's add -> get_or_create) while the
    # importer tags the same story with its kicker. Before the triggers the importer's INSERT
    # went through (FK deferred) and the editor's get_or_create met the unique row and re-read it.
    story = make_article()
    tag = Tag.objects.create(name="同题")
    importer, watcher = _connect(), _connect()
    errors = []
    try:
        with transaction.atomic():
            Article.objects.filter(pk=story.pk).update(headline="编辑改了标题")

            sql = "INSERT INTO articles_taggedarticle (content_object_id, tag_id) VALUES (%s, %s)"
            thread = _committing(importer, sql, [story.pk, tag.pk], errors, watcher)
            try:
                Article.objects.get(pk=story.pk).tags.add(tag)
            except Exception as error:  # noqa: BLE001
                errors.append(error)
        thread.join()
    finally:
        importer.close()
        watcher.close()
    assert not errors, errors


def _guarded_by_story_rows(conn):
    """``conn``'s transaction told to guard its taggings by their stories' rows
    (articles.row_locks.links_guarded_by_story_rows(), as a bulk edit does)."""
    conn.execute("SELECT set_config(%s, %s, true)", [row_locks.LINK_LOCKS_SETTING, row_locks.BY_STORY_ROWS])


def _advisory_locks(conn) -> int:
    sql = "SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory'"
    return conn.execute(sql).fetchone()[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first", ["tagging", "unpublishing"])
def test_a_tagging_guarded_by_its_story_s_row_and_an_unpublish_wait_for_each_other(first):
    # Without an advisory lock the row lock is all that orders them: were
    # neither to wait, the tagging's link would keep the status it read.
    story = make_article()
    tag = Tag.objects.create(name="按行加锁")
    tagging, unpublishing, watcher = _connect(), _connect(), _connect()
    errors = []
    tag_sql = "INSERT INTO articles_taggedarticle (content_object_id, tag_id) VALUES (%s, %s)"
    unpublish_sql = "UPDATE articles_article SET status = 'draft' WHERE id = %s"
    try:
        _guarded_by_story_rows(tagging)
        if first == "tagging":
            tagging.execute(tag_sql, [story.pk, tag.pk])
            assert _advisory_locks(tagging) == 0
            thread, waiting_on = _committing(unpublishing, unpublish_sql, [story.pk], errors, watcher), tagging
        else:
            unpublishing.execute(unpublish_sql, [story.pk])
            thread, waiting_on = _committing(tagging, tag_sql, [story.pk, tag.pk], errors, watcher), unpublishing
        assert thread.is_alive()  # waiting for the other's transaction
        waiting_on.commit()
        thread.join()
    finally:
        for c in (tagging, unpublishing, watcher):
            c.close()
    assert not errors, errors
    assert _table(f"SELECT status FROM articles_related_link WHERE story_id = {story.pk}") == [("draft",)]
    assert_mirrored()


@pytest.mark.django_db(transaction=True)
def test_a_tag_deleted_from_its_locked_stories_holds_back_their_unpublish_and_leaves_the_links_exact():
    # The admin's path: stories locked, rows deleted under their row locks.
    tag, other = Tag.objects.create(name="删除中"), Tag.objects.create(name="留下")
    stories = [make_article(tags=[tag, other]) for _ in range(3)]
    unpublishing, watcher = _connect(), _connect()
    errors = []
    try:
        with transaction.atomic():
            tag_edits.lock_stories_of([tag])
            tag_edits.delete_tag_rows([tag])
            sql = "UPDATE articles_article SET status = 'draft' WHERE id = %s"
            thread = _committing(unpublishing, sql, [stories[1].pk], errors, watcher)
            assert thread.is_alive()  # waiting for the deletion's transaction
            assert _table("SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory'") == [
                (0,)
            ]
        thread.join()
    finally:
        unpublishing.close()
        watcher.close()
    assert not errors, errors
    assert _table(f"SELECT link_id, status FROM articles_related_link WHERE story_id = {stories[1].pk}") == [
        (other.pk, "draft")
    ]
    assert_mirrored()
