"""Transactions that write several stories at once, run at the same time over
the same stories in opposite orders (PostgreSQL): each takes the stories'
row locks in one order, lowest id first, so the second waits for the first
instead of the database aborting one of them ("deadlock detected")."""

import threading

import pytest
from django.contrib.auth.models import Group, User
from django.db import DatabaseError, connection
from django.db.models.signals import post_save, pre_save
from django.test import Client
from django.urls import reverse

from articles.models import Article
from review import steps
from review.models import Review
from review.rules import ReviewError
from tests.factories import make_article, make_user
from tests.safety.test_revisions import _form

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _editor(name):
    user = User.objects.create_user(name, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client = Client()
    client.force_login(user)
    return client


def _lock_waits() -> int:
    """How many sessions of this test database wait for a lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _until_waiting(thread) -> bool:
    """Whether ``thread`` came to wait for a lock (False: it ended first).
    Bounded: a thread that neither waits nor ends is let go anyway, and the
    test's assertions then say what happened."""
    for _ in range(200):
        if _lock_waits():
            return True
        if not thread.is_alive():
            return False
        thread.join(0.05)
    return False


class _Paused:
    """Holds the thread ``owner`` inside its transaction at the signal of its
    first story's save, until ``release()``."""

    def __init__(self):
        self.owner = None
        self.reached = threading.Event()
        self._go = threading.Event()

    def __call__(self, sender, instance, **kwargs):
        if threading.current_thread() is not self.owner or self.reached.is_set():
            return
        self.reached.set()
        self._go.wait(30)

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


def _in_opposite_orders(first, second, at=post_save):
    """``first`` and ``second`` run at once: ``first`` is held at the signal
    ``at`` of its first story's save until ``second`` waits for a lock.
    Their errors."""
    errors = []
    pause = _Paused()
    at.connect(pause, sender=Article, weak=False, dispatch_uid="lock-order-pause")
    try:
        one, two = _thread(first, errors), _thread(second, errors)
        pause.owner = one
        one.start()
        assert pause.reached.wait(30), errors
        two.start()
        waited = _until_waiting(two)
        pause.release()
        one.join()
        two.join()
    finally:
        pause.release()
        at.disconnect(sender=Article, dispatch_uid="lock-order-pause")
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
