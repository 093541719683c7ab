"""Transactions that write several stories at once, run at the same time over
the same stories in opposite orders (PostgreSQL): each takes the stories'
row locks in one order, lowest id first, so the second waits for the first
instead of the database aborting one of them ("deadlock detected")."""

import io
import threading
import time
from datetime import timedelta

import psycopg
import pytest
import reversion
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.models import F
from django.db.models.signals import post_save, pre_save
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles import workflow
from articles.models import Article
from imports import people_review
from imports.people_review import merge
from people import story_locks
from people.models import Mention, Person
from review import steps
from review.models import Review
from review.rules import ReviewError
from tests.articles.test_related_links_concurrency import _connect
from tests.factories import make_article, make_byline, make_mention, make_person, make_user, sign_off
from tests.safety.test_edit_conflicts import _editor
from tests.safety.test_permission_matrix import _person_form
from tests.safety.test_revisions import _form

# A printed page of two stories, small enough to import quickly.
PAGE = """市区新增十个核酸采样点

本报讯 为方便群众就近检测，市区新增十个核酸采样点，市卫健委副主任王志刚介绍，采样点每天早七点至晚九点开放。

朔城公安守护群众平安

本报讯 连日来，朔城分局巡逻民警张国强带领队员在街头执勤，帮助群众解决困难，社区主任李红梅说，民警辛苦了。
"""

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _lock_waits() -> int:
    """How many sessions of this test database wait for a lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


# Generous bounds, far above what a loaded machine takes, so that slowness
# never fails a test; the polls end as soon as the awaited thing happens.
WAIT_BOUND = 60


def _until_waiting(thread, count=1) -> bool:
    """Whether ``count`` sessions came to wait for a lock (False: ``thread`` ended first).
    Bounded: a thread that neither waits nor ends is let go anyway, and the
    test's assertions then say what happened."""
    end = time.monotonic() + WAIT_BOUND
    while time.monotonic() < end:
        if _lock_waits() >= count:
            return True
        if not thread.is_alive():
            return False
        thread.join(0.05)
    return False


class _Paused:
    """Holds the thread ``owner`` inside its transaction at the first signal
    it receives, until ``release()``."""

    def __init__(self):
        self.owner = None
        self.reached = threading.Event()
        self._go = threading.Event()

    def __call__(self, sender, instance, **kwargs):
        if threading.current_thread() is not self.owner or self.reached.is_set():
            return
        self.reached.set()
        # Longer than the poll for the other thread's wait, which releases it.
        self._go.wait(2 * WAIT_BOUND)

    def release(self):
        self._go.set()


def _thread(target, errors) -> threading.Thread:
    def run():
        try:
            target()
        except Exception as error:  # noqa: BLE001 - the test reports it
            errors.append(error)
        finally:
            connection.close()

    return threading.Thread(target=run)


def _in_opposite_orders(first, second, at=post_save, sender=Article):
    """``first`` and ``second`` run at once: ``first`` is held at the signal
    ``at`` of its first save of a ``sender`` until ``second`` waits for a
    lock. Their errors."""
    errors = []
    pause = _Paused()
    at.connect(pause, sender=sender, weak=False, dispatch_uid="lock-order-pause")
    try:
        one, two = _thread(first, errors), _thread(second, errors)
        pause.owner = one
        one.start()
        assert pause.reached.wait(WAIT_BOUND), errors
        two.start()
        waited = _until_waiting(two)
        pause.release()
        one.join()
        two.join()
    finally:
        pause.release()
        at.disconnect(sender=sender, dispatch_uid="lock-order-pause")
    # Else the two did not overlap and the test proves nothing.
    assert waited, errors
    return errors


def test_two_editors_unpublishing_the_same_stories_sorted_differently_do_not_deadlock():
    a = make_article(headline="甲稿 A")
    b = make_article(headline="乙稿 B")
    url = reverse("admin:articles_article_changelist")
    wang, li = _editor("wang"), _editor("li")
    action = {"action": "unpublish", "_selected_action": [a.pk, b.pk], "index": 0}
    statuses = []

    # The changelist's order is the action's: by headline up, and down.
    def unpublish(client, order):
        statuses.append(client.post(f"{url}?o={order}", action).status_code)

    errors = _in_opposite_orders(lambda: unpublish(wang, "1"), lambda: unpublish(li, "-1"))

    assert not errors, errors
    assert statuses == [302, 302], statuses
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}
    # Each story was unpublished once: the second editor found them drafts already.
    assert Article.objects.get(pk=a.pk).status_changes.count() == 2  # created, unpublished


def test_a_sign_off_while_an_editor_saves_the_story_does_not_deadlock():
    # The editor's save locks the story (the form's version check), then its
    # review (the edit sends it back a stage); the sign-off took the review
    # first and the story when it published.
    reporter = make_user("Reporter", "reporter")
    desk, head, chief = (make_user("Editor", name) for name in ("desk", "head", "chief"))
    for user, group in ((desk, "Desk editor"), (head, "Department head"), (chief, "Editor-in-chief")):
        user.groups.add(Group.objects.get(name=group))
    story = Article.objects.create(headline="终审时改稿", body="<p>原文</p>", created_by=reporter, updated_by=reporter)
    steps.submit(story, reporter)
    steps.pass_stage(story, desk)
    steps.pass_stage(story, head)
    story.refresh_from_db()
    editor = _editor("editor")
    url = reverse("admin:articles_article_change", args=[story.pk])
    statuses = []

    def edit():
        statuses.append(editor.post(url, _form(story, body="<p>终审前改了一句</p>")).status_code)

    # The editor is held with the story locked, before its save writes it.
    errors = _in_opposite_orders(edit, lambda: steps.pass_stage(story, chief), at=pre_save)

    assert not [e for e in errors if isinstance(e, DatabaseError)], errors
    assert statuses == [302], statuses
    # The edit came first: the passes of the old text are void, and the
    # sign-off, which then saw it, was refused rather than publishing it.
    assert [type(e) for e in errors] == [ReviewError], errors
    story.refresh_from_db()
    assert story.status == Article.Status.REVIEW and story.body == "<p>终审前改了一句</p>"
    assert Review.objects.get(article=story).stage.name == "初审"


@pytest.fixture
def page_file(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def _import(page_file):
    args = [page_file, "--date", "2022-11-21", "--page", "3", "--publication", "朔州日报"]
    call_command("import_print_page", *map(str, args), stdout=io.StringIO(), stderr=io.StringIO())


def _page_with_the_first_story_stored_last(page_file):
    """The page imported; its two stories. The first one's row is
    moved to the end of the table, as any update may move it: an import's
    statements visit the page's stories in the table's order, not by id."""
    _import(page_file)
    a, b = Article.objects.order_by("pk")
    Article.objects.filter(pk=a.pk).update(publish_at=F("publish_at") + timedelta(seconds=1))
    return a, b


def test_a_person_merge_while_the_page_is_imported_again_does_not_deadlock(page_file):
    a, b = _page_with_the_first_story_stored_last(page_file)
    source, target = make_person(name="王某"), make_person(name="王某某")
    make_mention(a, source), make_mention(b, source)

    # The merge is held after its first mention moved (the first story's).
    errors = _in_opposite_orders(lambda: merge(source, target), lambda: _import(page_file), sender=Mention)

    assert not errors, errors
    assert set(Mention.objects.filter(person=target).values_list("article_id", flat=True)) == {a.pk, b.pk}
    assert not Person.objects.filter(pk=source.pk).exists()
    assert Article.objects.count() == 2


def _locked_by_another_session(pk) -> bool:
    with _connect() as other:
        try:
            other.execute("SELECT id FROM articles_article WHERE id = %s FOR UPDATE NOWAIT", [pk])
        except psycopg.errors.LockNotAvailable:
            return True
        return False


def test_a_mention_committed_while_a_merge_locks_its_stories_moves_with_its_story_locked(monkeypatch):
    first, late = make_article(headline="先有的稿"), make_article(headline="后来的稿")
    source, target = make_person(name="王某"), make_person(name="王某某")
    make_mention(first, source)
    lock_stories, move = story_locks.lock_stories, people_review.move
    errors, unlocked, moved = [], [], []

    def lock_then_another_mention(*querysets, **still):
        locked = lock_stories(*querysets, **still)
        if not hasattr(lock_then_another_mention, "done"):
            lock_then_another_mention.done = True
            # Another transaction names the person in a story the merge's
            # lock did not see, and commits.
            other = _thread(lambda: make_mention(late, source), errors)
            other.start()
            other.join()
        return locked

    def move_checking_the_lock(mention, person, **how):
        moved.append(mention.article_id)
        if not _locked_by_another_session(mention.article_id):
            unlocked.append(mention.article_id)
        return move(mention, person, **how)

    monkeypatch.setattr(story_locks, "lock_stories", lock_then_another_mention)
    monkeypatch.setattr(people_review, "move", move_checking_the_lock)
    merge(source, target)

    assert not errors, errors
    assert set(Mention.objects.filter(person=target).values_list("article_id", flat=True)) == {first.pk, late.pk}
    # Each mention moved while the merge held its story's row.
    assert sorted(moved) == [first.pk, late.pk] and unlocked == []


def test_a_person_merge_holds_no_more_locks_for_more_stories(monkeypatch):
    # Each moved mention's story lock was an advisory one until the commit,
    # and PostgreSQL's lock table holds about 6,400 for every session.
    held, move = {}, people_review._merge

    def counting(source, target, mentions, bylines):
        merged = move(source, target, mentions, bylines)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT locktype, count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype <> 'relation' "
                "GROUP BY locktype"
            )
            held[len(mentions)] = dict(cursor.fetchall())
        return merged

    monkeypatch.setattr(people_review, "_merge", counting)
    for size in (3, 30):
        source, target = make_person(name=f"王{size}"), make_person(name=f"王某{size}")
        Mention.objects.bulk_create(Mention(article=make_article(), person=source) for _ in range(size))
        merge(source, target)
        assert Mention.objects.filter(person=target).count() == size
    assert "advisory" not in held[30]
    assert held[3] == held[30]


def test_an_admin_action_while_the_page_is_imported_again_does_not_deadlock(page_file):
    a, b = _page_with_the_first_story_stored_last(page_file)
    url = reverse("admin:articles_article_changelist")
    action = {"action": "unpublish", "_selected_action": [a.pk, b.pk], "index": 0}
    editor = _editor("wang")
    statuses, errors = [], []
    action_thread = _thread(lambda: statuses.append(editor.post(url, action).status_code), errors)
    import_thread = _thread(lambda: _import(page_file), errors)
    # Another session holds the first story, so that the action, started
    # first, and then the import queue for it in that order; the import's
    # own order then decides whether it holds the second story meanwhile.
    holder = _connect()
    try:
        holder.execute("SELECT id FROM articles_article WHERE id = %s FOR UPDATE", [a.pk])
        action_thread.start()
        assert _until_waiting(action_thread), errors
        import_thread.start()
        assert _until_waiting(import_thread, count=2), errors
        holder.commit()
        action_thread.join()
        import_thread.join()
    finally:
        holder.close()

    assert not errors, errors
    assert statuses == [302], statuses
    # The import came second and kept the status the editor gave each story.
    assert set(Article.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {"draft"}
    assert Article.objects.count() == 2


def test_a_revision_restored_while_an_editor_unpublishes_the_story_does_not_deadlock():
    # The restore deletes what the story gained since the revision (a
    # mention, which takes the story's related-links lock) before it writes
    # the story's row; the editor holds that row and then moves the story,
    # which needs the related-links lock.
    story = make_article(headline="恢复旧版", body="<p>第一版</p>")
    with reversion.create_revision():
        story.save()
    make_mention(story, make_person())
    first = Version.objects.get_for_object(story)[0]
    story.refresh_from_db()
    restorer, editor = _editor("restorer"), _editor("editor")
    restore_url = reverse("admin:articles_article_revision", args=[story.pk, first.pk])
    change_url = reverse("admin:articles_article_change", args=[story.pk])
    statuses = {}

    def unpublish():
        statuses["unpublish"] = editor.post(change_url, _form(story, status="draft")).status_code

    def restore():
        statuses["restore"] = restorer.post(restore_url, _form(story)).status_code

    # The editor is held with the story locked, before its save writes it.
    errors = _in_opposite_orders(unpublish, restore, at=pre_save)

    assert not errors, errors
    assert statuses["unpublish"] == 302, statuses
    # The restore came second: it would publish the story again, which takes
    # a sign-off, and says so in the form.
    assert statuses["restore"] == 200, statuses
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


def _archivist_and_a_story_to_publish(names):
    """An archivist's logged-in client, a person that ``names`` (make_byline,
    make_mention) puts in a signed-off draft, the draft, and an editor's
    publish of it."""
    archivist = User.objects.create_user("archivist", password="pw", is_staff=True)
    archivist.groups.add(Group.objects.get(name="Archivist"))
    desk = Client()
    desk.force_login(archivist)
    person = make_person(name="未见")
    story = make_article(status="draft", headline="待发稿件")
    names(article=story, person=person)
    sign_off(story)
    editor = make_user("Editor", "editor")

    def publish():
        workflow.publish(Article.objects.filter(pk=story.pk), user=editor)

    return desk, person, story, publish


def test_a_rename_while_an_editor_publishes_the_persons_story_is_judged_after_the_publish():
    """The rename waits for the story's row, which the publish holds, and
    then finds the person's story live: an archivist may not rename them."""
    desk, person, story, publish = _archivist_and_a_story_to_publish(make_byline)
    statuses = []

    def rename():
        url = reverse("admin:imports_person", args=[person.pk])
        statuses.append(desk.post(url, {"action": "rename", "name": "新名字"}).status_code)

    # The publish is held with the story locked, as it saves it published.
    errors = _in_opposite_orders(publish, rename)

    assert not errors, errors
    assert Article.objects.get(pk=story.pk).status == Article.Status.PUBLISHED
    assert statuses == [403]
    assert Person.objects.get(pk=person.pk).name == "未见"


@pytest.mark.parametrize("where", ["desk", "admin"])
def test_an_alias_added_while_an_editor_publishes_the_persons_story_is_judged_after_the_publish(where):
    """Adding an alias (the stories that mention the person are found under
    it) waits for the story's row, which the publish holds, and then finds
    the person's story live: an archivist may not add one."""
    desk, person, story, publish = _archivist_and_a_story_to_publish(make_mention)
    statuses = []

    def add_alias():
        if where == "desk":
            response = desk.post(reverse("admin:imports_person", args=[person.pk]), {"action": "alias", "name": "小未"})
        else:
            form = _person_form(person, [{"name": "小未"}])
            response = desk.post(reverse("admin:people_person_change", args=[person.pk]), form)
        statuses.append(response.status_code)

    # The publish is held with the story locked, as it saves it published.
    errors = _in_opposite_orders(publish, add_alias)

    assert not errors, errors
    assert Article.objects.get(pk=story.pk).status == Article.Status.PUBLISHED
    assert statuses == [403]
    assert not person.aliases.exists()
