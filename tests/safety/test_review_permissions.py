"""Every path that can make a story published asks for its sign-off, and the
review's own steps check who may take them, on the state they leave."""

import datetime as dt

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article
from review import steps
from review.models import Event, Review, WordListEntry
from tests.factories import make_user, sign_off
from tests.safety.test_revisions import _form

pytestmark = pytest.mark.django_db


def _reviewer(username, *groups):
    user = make_user("Editor", username)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def reporter(db):
    return make_user("Reporter", "reporter")


@pytest.fixture
def story(reporter):
    return Article.objects.create(headline="待审稿件", body="<p>正文。</p>", created_by=reporter, updated_by=reporter)


def _change(client, article, **fields):
    article.refresh_from_db()
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), _form(article, **fields))


def test_the_model_refuses_to_publish_without_a_sign_off(story):
    story.status = Article.Status.PUBLISHED
    with pytest.raises(workflow.PublishRefused):
        story.save()
    sign_off(story)
    story.save()
    assert Article.objects.get(pk=story.pk).status == "published"


def test_the_admin_status_field_needs_a_sign_off_that_covers_the_text(editor_client, story):
    response = _change(editor_client, story, status="published")
    assert response.status_code == 200 and "签发才能发布" in response.content.decode()
    assert Article.objects.get(pk=story.pk).status == "draft"
    sign_off(story)
    _change(editor_client, story, status="published", body="<p>签发后改过的正文。</p>")
    assert Article.objects.get(pk=story.pk).status == "draft"
    assert _change(editor_client, story, status="published").status_code == 302
    assert Article.objects.get(pk=story.pk).status == "published"


def test_a_new_story_cannot_be_added_published(editor_client):
    data = _form(Article(headline="新稿件", slug="xin-gao-jian"), status="published", loaded_version="")
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200 and not Article.objects.filter(headline="新稿件").exists()


def test_the_publish_action_skips_and_names_the_stories_without_a_sign_off(editor_client, story, reporter):
    signed = sign_off(Article.objects.create(headline="已签发", created_by=reporter))
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [story.pk, signed.pk]},
        follow=True,
    )
    statuses = dict(Article.objects.values_list("headline", "status"))
    assert statuses == {"待审稿件": "draft", "已签发": "published"}
    assert "待审稿件" in response.content.decode()


def test_restoring_a_published_revision_needs_a_sign_off(editor_client, story):
    sign_off(story)
    with reversion.create_revision():
        story.status = Article.Status.PUBLISHED
        story.save()
    workflow.unpublish(Article.objects.filter(pk=story.pk))
    Review.objects.filter(article=story).delete()
    published = next(v for v in Version.objects.get_for_object(story) if v.field_dict["status"] == "published")
    story.refresh_from_db()
    url = reverse("admin:articles_article_revision", args=[story.pk, published.pk])
    response = editor_client.post(url, _form(story, status="published", loaded_version=str(story.version)))
    assert response.status_code == 200
    assert Article.objects.get(pk=story.pk).status == "draft"


def test_a_reimport_keeps_an_unpublished_story_unpublished():
    args = ["import_print_page", "fixtures/shuozhou-page-2022-11.txt", "--date", "2022-11-21"]
    call_command(*args, verbosity=0)
    story = Article.objects.get(headline="连续奋战显担当")
    workflow.unpublish(Article.objects.filter(pk=story.pk))
    call_command(*args, verbosity=0)
    assert Article.objects.get(pk=story.pk).status == "draft"


def test_review_steps_need_a_login_and_a_post(client, story):
    url = reverse("admin:review_act", args=[story.pk])
    assert client.post(url, {"action": "pass"}).status_code == 302  # to the login page
    client.force_login(_reviewer("desk", "Desk editor"))
    assert client.get(url).status_code == 405


def test_a_reporter_cannot_pass_return_or_reject_or_override(client, story, reporter):
    steps.submit(story, reporter)
    WordListEntry.objects.create(word="正文", kind="banned")
    client.force_login(reporter)
    url = reverse("admin:review_act", args=[story.pk])
    for action in ("pass", "return", "reject", "override"):
        client.post(url, {"action": action, "reason": "理由"})
    review = Review.objects.get(article=story)
    assert (review.state, review.stage.name) == ("in_review", "初审")
    assert list(Event.objects.filter(article=story).values_list("action", flat=True)) == ["submit"]


def test_steps_only_act_on_a_story_waiting_at_a_stage(story, reporter):
    desk = _reviewer("desk", "Desk editor")
    with pytest.raises(steps.ReviewError):
        steps.pass_stage(story, desk)
    steps.submit(story, reporter)
    steps.reject(story, desk, "不用")
    for step in (
        lambda: steps.pass_stage(story, desk),
        lambda: steps.return_for_rework(story, desk, "再改"),
        lambda: steps.reject(story, desk, "不用"),
    ):
        with pytest.raises(steps.ReviewError):
            step()


def test_only_someone_who_may_edit_the_story_submits_it(client, story):
    steps.submit(story, story.created_by)
    steps.pass_stage(story, _reviewer("desk", "Desk editor"))
    other = make_user("Reporter", "other")
    client.force_login(other)
    client.post(reverse("admin:review_act", args=[story.pk]), {"action": "submit"})
    assert Event.objects.filter(action="submit").count() == 1


def test_signing_off_a_page_checks_each_story_like_one_by_one(client, story, reporter):
    from tests.factories import make_edition, make_print_page

    page = make_print_page(make_edition())
    story.print_page = page
    story.save()
    steps.submit(story, reporter)
    steps.pass_stage(story, _reviewer("desk", "Desk editor"))
    steps.pass_stage(story, _reviewer("head", "Department head"))
    client.force_login(reporter)
    client.post(reverse("admin:review_sign_off"), {"page": page.pk})
    assert Article.objects.get(pk=story.pk).status == "review"


def test_an_edit_that_brings_a_scheduled_story_forward_still_needs_a_sign_off(editor_client, story):
    # Signed off for 06:00 tomorrow (an embargo), as the text then stood.
    sign_off(story)
    story.status, story.publish_at = Article.Status.PUBLISHED, timezone.now() + dt.timedelta(hours=12)
    story.save()
    story.refresh_from_db()
    assert story.is_scheduled

    # One save: new text no one reviewed, and the time moved to a minute ago.
    now = timezone.localtime(timezone.now() - dt.timedelta(minutes=1))
    _change(
        editor_client,
        story,
        body="<p>无人审过的正文。</p>",
        publish_at_0=now.strftime("%Y-%m-%d"),
        publish_at_1=now.strftime("%H:%M:%S"),
    )

    story.refresh_from_db()
    assert story.body == "<p>无人审过的正文。</p>"  # the save itself went through
    assert not story.is_public


def test_the_sign_off_publishes_only_for_someone_the_table_lets_publish(client, story, reporter):
    # A senior reporter put in the sign-off stage's group: the stage groups
    # add only the right to act at their stage, never the publish right the
    # table gives editors alone.
    signer = make_user("Reporter", "signer")
    signer.groups.add(Group.objects.get(name="Editor-in-chief"))
    steps.submit(story, reporter)
    steps.pass_stage(story, _reviewer("desk", "Desk editor"))
    steps.pass_stage(story, _reviewer("head", "Department head"))

    client.force_login(signer)
    client.post(reverse("admin:review_act", args=[story.pk]), {"action": "pass"})

    assert Article.objects.get(pk=story.pk).status != Article.Status.PUBLISHED


def _scheduled(story):
    """``story`` signed off as it stands and scheduled for tomorrow (an embargo)."""
    sign_off(story)
    story.status, story.publish_at = Article.Status.PUBLISHED, timezone.now() + dt.timedelta(hours=12)
    story.save()
    story.refresh_from_db()
    assert story.is_scheduled
    return story


def _time_fields(when):
    local = timezone.localtime(when)
    return {"publish_at_0": local.strftime("%Y-%m-%d"), "publish_at_1": local.strftime("%H:%M:%S")}


def test_a_scheduled_story_brought_forward_with_a_new_byline_in_the_same_save_still_needs_a_sign_off(
    editor_client, story
):
    # The story's row is saved before its inlines: the byline, noted when the
    # form's edit ends, meets a story already brought forward. What readers
    # saw is what they saw before the save.
    _scheduled(story)
    byline = {
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-position": "0",
        "bylines-0-role": "credit",
        "bylines-0-credit": "无人审过的署名",
    }
    _change(editor_client, story, **_time_fields(timezone.now() - dt.timedelta(minutes=1)), **byline)

    story.refresh_from_db()
    assert story.bylines.get().credit == "无人审过的署名"  # the save itself went through
    assert not story.is_public


def test_restoring_a_revision_with_a_past_time_over_a_scheduled_story_still_needs_a_sign_off(editor_client, story):
    # Live yesterday with its first text (a revision of it kept), then taken
    # down, rewritten, signed off again and scheduled for tomorrow.
    sign_off(story)
    with reversion.create_revision():
        story.status, story.publish_at = Article.Status.PUBLISHED, timezone.now() - dt.timedelta(days=1)
        story.save()
    yesterday = Version.objects.get_for_object(story).first()
    workflow.unpublish(Article.objects.filter(pk=story.pk))
    story.refresh_from_db()
    story.body = "<p>重写后再次签发的正文。</p>"
    story.save()
    _scheduled(story)

    # The restore writes back yesterday's text and time: neither signed off now.
    url = reverse("admin:articles_article_revision", args=[story.pk, yesterday.pk])
    data = _form(story, body=yesterday.field_dict["body"], **_time_fields(yesterday.field_dict["publish_at"]))
    assert editor_client.post(url, data).status_code == 302

    story.refresh_from_db()
    assert story.body == "<p>正文。</p>"
    assert not story.is_public


def test_no_save_shows_readers_a_story_no_sign_off_covers(story):
    # Created scheduled with no review at all (as an archive import dated
    # ahead would be): bringing its time forward is showing it to readers.
    Article.objects.filter(pk=story.pk).update(
        status=Article.Status.PUBLISHED, publish_at=timezone.now() + dt.timedelta(hours=12)
    )
    story.refresh_from_db()
    story.publish_at = timezone.now() - dt.timedelta(minutes=1)
    with pytest.raises(workflow.PublishRefused):
        story.save()
    assert Article.objects.get(pk=story.pk).is_scheduled
    # Signed off as it stands, it goes out at once.
    sign_off(story)
    story.save()
    assert Article.objects.get(pk=story.pk).is_public


def test_a_stage_member_rejects_only_if_the_table_lets_them_archive(client, story, reporter):
    # A senior reporter put in the first stage's group: the reject archives
    # the story, which the table gives editors alone.
    desk = make_user("Reporter", "desk-reporter")
    desk.groups.add(Group.objects.get(name="Desk editor"))
    steps.submit(story, reporter)

    client.force_login(desk)
    response = client.post(
        reverse("admin:review_act", args=[story.pk]), {"action": "reject", "reason": "不用"}, follow=True
    )

    assert "只有编辑可以发布、撤回或归档稿件" in response.content.decode()
    assert Article.objects.get(pk=story.pk).status == Article.Status.REVIEW
    assert Review.objects.get(article=story).state == Review.State.IN_REVIEW
    assert not Event.objects.filter(article=story, action=Event.Action.REJECT).exists()
