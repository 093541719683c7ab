"""A story readers saw and that is taken off the site (unpublished, archived,
restored to an unpublished revision, its publish time moved ahead, by hand
or by an import) loses its sign-off there: no path puts it back up until it
is signed off (签发) again, the queue shows it waiting for that, and the
history keeps who signed it off before."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
import reversion
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.importer import save as importer_save
from articles.importer.parse import parse_page
from articles.importer.plan import plan_page
from articles.importer.save import Placement, known_people, save_page
from articles.models import Article
from review import steps
from review.models import Event, Review
from review.queue import stage_counts, taken_down_count, waiting_for
from review.rules import publish_refusal
from tests.safety.test_revisions import _form

pytestmark = pytest.mark.django_db

PATHS = [
    "workflow.unpublish",
    "unpublish action",
    "workflow.archive",
    "change form: draft",
    "change form: archived",
    "change form: time moved ahead",
    "restore of a draft revision",
]


def _time_fields(when):
    local = timezone.localtime(when)
    return {"publish_at_0": local.strftime("%Y-%m-%d"), "publish_at_1": local.strftime("%H:%M:%S")}


def _live(draft, reporter, desk, head, chief):
    """``draft`` through the whole chain, live; and a revision of it as a draft."""
    with reversion.create_revision():
        draft.save()
    draft_version = Version.objects.get_for_object(draft).first()
    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    story = Article.objects.get(pk=draft.pk)
    assert story.is_public and publish_refusal(story) is None
    return story, draft_version


def take_down(client, path, story, editor, draft_version=None):
    """Take ``story`` off the site by ``path``, as ``editor``."""
    client.force_login(editor)
    return take_down_as(client, path, story, editor, draft_version)


def take_down_as(client, path, story, user, draft_version=None):
    """``take_down()`` by whoever ``client`` is logged in as (``user``)."""
    changelist = reverse("admin:articles_article_changelist")
    change = reverse("admin:articles_article_change", args=[story.pk])
    if path.startswith("workflow."):
        getattr(workflow, path.split(".")[1])(Article.objects.filter(pk=story.pk), user)
    elif path == "unpublish action":
        client.post(changelist, {"action": "unpublish", "_selected_action": [story.pk]})
    elif path.startswith("change form: time"):
        client.post(change, _form(story, **_time_fields(timezone.now() + dt.timedelta(days=1))))
    elif path.startswith("change form"):
        client.post(change, _form(story, status=path.split(": ")[1]))
    else:
        url = reverse("admin:articles_article_revision", args=[story.pk, draft_version.pk])
        client.post(url, _form(story, status="draft"))
    return Article.objects.get(pk=story.pk)


def put_back(client, story, editor):
    """Every way an editor publishes a story; whether one put it back up."""
    client.force_login(editor)
    story = Article.objects.get(pk=story.pk)
    client.post(reverse("admin:articles_article_changelist"), {"action": "publish", "_selected_action": [story.pk]})
    workflow.publish(Article.objects.filter(pk=story.pk), editor)
    story = Article.objects.get(pk=story.pk)
    client.post(
        reverse("admin:articles_article_change", args=[story.pk]),
        _form(story, status="published", **_time_fields(timezone.now() - dt.timedelta(minutes=1))),
    )
    story = Article.objects.get(pk=story.pk)
    later = timezone.now() + dt.timedelta(days=2)
    return story.is_public or Article.readers_see(story.status, story.publish_at, now=later)


@pytest.mark.parametrize("path", PATHS)
def test_a_story_taken_down_goes_back_up_only_after_a_new_sign_off(client, path, draft, reporter, desk, head, chief):
    story, draft_version = _live(draft, reporter, desk, head, chief)
    story = take_down(client, path, story, head, draft_version)
    assert not story.is_public, path
    review = Review.objects.get(article=story)
    assert (review.state, review.stage.name) == (Review.State.TAKEN_DOWN, "终审/签发"), path
    assert publish_refusal(story), path

    assert not put_back(client, story, head), f"{path}: back up on the old sign-off"
    assert not put_back(client, story, chief), f"{path}: back up on the old sign-off"

    # The history keeps who signed off before, and says who took it down.
    events = list(Event.objects.filter(article=story).order_by("at", "pk"))
    sign_off = [e for e in events if e.action == Event.Action.PASS and e.stage_id == review.stage_id]
    assert [(e.user, e.void) for e in sign_off] == [(chief, True)], path
    taken = [e for e in events if e.action == Event.Action.TAKEN_DOWN]
    assert [(e.user, e.stage_id) for e in taken] == [(head, review.stage_id)] and taken[0].reason, path

    # A new sign-off puts it back.
    assert waiting_for(chief).filter(article=story).exists(), path
    steps.pass_stage(Article.objects.get(pk=story.pk), chief, "复核后重新签发")
    story = Article.objects.get(pk=story.pk)
    assert Review.objects.get(article=story).state == Review.State.SIGNED_OFF, path
    assert story.status == Article.Status.PUBLISHED and publish_refusal(story) is None, path


def test_a_story_taken_down_by_moving_its_time_ahead_waits_in_review(client, draft, reporter, desk, head, chief):
    """Left published with a time ahead, it would come back at that time by
    itself, on the old sign-off: it goes back to review instead."""
    story, _ = _live(draft, reporter, desk, head, chief)
    story = take_down(client, "change form: time moved ahead", story, head)
    assert story.status == Article.Status.REVIEW and story.publish_at > timezone.now()
    steps.pass_stage(story, chief)
    story = Article.objects.get(pk=story.pk)
    # Signed off again, it goes out at the time it was given.
    assert story.is_scheduled


@pytest.mark.parametrize("when", ["never live", "scheduled"])
def test_a_story_readers_never_saw_keeps_its_sign_off(client, when, draft, reporter, desk, head, chief):
    if when == "scheduled":
        Article.objects.filter(pk=draft.pk).update(publish_at=timezone.now() + dt.timedelta(days=1))
    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    if when == "never live":
        # Signed off, then unpublished before anyone read it.
        Article.objects.filter(pk=draft.pk).update(publish_at=timezone.now() + dt.timedelta(days=1))
    story = take_down(client, "unpublish action", Article.objects.get(pk=draft.pk), head)
    assert story.status == Article.Status.DRAFT
    assert Review.objects.get(article=story).state == Review.State.SIGNED_OFF
    assert not Event.objects.filter(article=story, action=Event.Action.TAKEN_DOWN).exists()
    assert publish_refusal(story) is None


def test_the_queue_shows_a_story_taken_down_as_waiting_for_a_new_sign_off(client, draft, reporter, desk, head, chief):
    story, _ = _live(draft, reporter, desk, head, chief)
    take_down(client, "unpublish action", story, head)
    assert taken_down_count() == 1
    assert [(stage, n) for _, stage, n in stage_counts()] == [("终审/签发", 1)]
    client.force_login(chief)
    page = client.get(reverse("admin:review_queue_changelist"))
    assert page.status_code == 200
    assert story.headline in page.content.decode()
    assert f'<strong class="review-taken-down">{Review.State.TAKEN_DOWN.label}</strong>' in page.content.decode()
    index = client.get(reverse("admin:index")).content.decode()
    assert 'id="review-taken-down"' in index
    # Those who may not sign off do not see it waiting for them.
    client.force_login(desk)
    assert story.headline not in client.get(reverse("admin:review_queue_changelist")).content.decode()
    # The story's page says so, offers the sign-off, and lists the old one.
    client.force_login(chief)
    panel = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert str(Review.State.TAKEN_DOWN.label) in panel and 'id="review-pass"' in panel
    assert str(Event.Action.TAKEN_DOWN.label) in panel


def test_the_queue_says_it_in_chinese(client, draft, reporter, desk, head, chief):
    story, _ = _live(draft, reporter, desk, head, chief)
    take_down(client, "unpublish action", story, head)
    client.force_login(chief)
    page = client.get(reverse("admin:review_queue_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<strong class="review-taken-down">已撤下，须重新签发</strong>' in page


def test_an_edit_of_a_story_taken_down_goes_to_the_stages_it_skipped(client, draft, reporter, desk, head, chief):
    """Fixed by the reporter while down: 初审 and 复审 see the fix before the new sign-off."""
    story, _ = _live(draft, reporter, desk, head, chief)
    story = take_down(client, "unpublish action", story, head)
    client.force_login(reporter)
    response = client.post(
        reverse("admin:articles_article_change", args=[story.pk]), _form(story, body="<p>更正后的正文。</p>")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    review = Review.objects.get(article=story)
    assert (review.state, review.stage.name) == (Review.State.IN_REVIEW, "初审")
    assert publish_refusal(Article.objects.get(pk=story.pk))


PAGE = "市区新增核酸采样点\n\n本报记者 吕霞\n\n本报讯 市区新增十个核酸采样点，方便市民就近采样。\n"


def test_a_reimport_that_moves_a_live_story_s_time_ahead_takes_it_down(monkeypatch, reporter, desk, head, chief):
    """An import keeps a story's status, and writes the publish time its
    page's date gives (the page's own, so the same again on a re-import):
    should it ever write a later one (the edition's hour or the zone
    changed), a live story it rewrites goes off the site, and is taken down."""

    def imported():
        placement = Placement("朔州日报", dt.date(2022, 11, 21), 1)
        summary = save_page(plan_page(parse_page(PAGE), known_people()), placement, source_text=PAGE, as_drafts=True)
        return Article.objects.get(pk=summary.article_ids[0])

    story, _ = _live(imported(), reporter, desk, head, chief)
    ahead = timezone.now() + dt.timedelta(days=1)
    monkeypatch.setattr(importer_save, "_publish_time", lambda date: ahead)
    later = imported()
    assert later.pk == story.pk and later.publish_at == ahead and not later.is_public
    assert Review.objects.get(article=story).state == Review.State.TAKEN_DOWN
    assert not Article.readers_see(later.status, later.publish_at, now=ahead + dt.timedelta(days=1))


def test_stories_taken_down_before_the_migration_wait_for_a_new_sign_off(client, draft, reporter, desk, head, chief):
    """Review migration 0007: a signed-off story readers saw and that was
    unpublished since needs a new sign-off; one unpublished before its time
    keeps its sign-off."""
    story, _ = _live(draft, reporter, desk, head, chief)
    take_down(client, "unpublish action", story, head)
    # As a takedown left it before: signed off, the sign-off's pass standing.
    Event.objects.filter(article=story, action=Event.Action.TAKEN_DOWN).delete()
    Event.objects.filter(article=story, action=Event.Action.PASS).update(void=False)
    Review.objects.filter(article=story).update(state=Review.State.SIGNED_OFF, stage=None)
    scheduled = Article.objects.create(headline="预定稿件", body="<p>正文。</p>", created_by=reporter)
    Article.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() + dt.timedelta(days=1))
    steps.submit(scheduled, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(scheduled, reviewer)
    take_down(client, "unpublish action", Article.objects.get(pk=scheduled.pk), head)
    assert publish_refusal(Article.objects.get(pk=story.pk)) is None  # the defect, as stored

    migration = importlib.import_module("review.migrations.0007_taken_down")
    migration.forwards(apps, SimpleNamespace(connection=SimpleNamespace(alias="default")))

    review = Review.objects.get(article=story)
    assert (review.state, review.stage.name) == (Review.State.TAKEN_DOWN, "终审/签发")
    assert publish_refusal(Article.objects.get(pk=story.pk))
    assert Event.objects.get(article=story, action=Event.Action.TAKEN_DOWN).user == head
    assert Review.objects.get(article=scheduled).state == Review.State.SIGNED_OFF
    steps.pass_stage(Article.objects.get(pk=story.pk), chief)
    assert Article.objects.get(pk=story.pk).is_public
