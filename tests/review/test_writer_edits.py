"""An author's own edit after a pass is never the current reviewer's edit."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article
from review import signals, steps
from review.models import Event, Review
from tests.review.conftest import make_reviewer
from tests.safety.test_revisions import _form

pytestmark = pytest.mark.django_db


def test_the_writer_in_the_current_stage_group_editing_after_passes_sends_it_back(desk, head):
    writer = make_reviewer("commentator", "Editor-in-chief")
    story = Article.objects.create(
        headline="评论员文章：把好事办好", body="<p>原稿。</p>", created_by=writer, updated_by=writer
    )
    steps.submit(story, writer)
    steps.pass_stage(story, desk)
    steps.pass_stage(story, head)
    assert Review.objects.get(article=story).stage.name == "终审/签发"

    # The writer, who may not pass any stage of it, rewrites it while it waits for the sign-off.
    story.refresh_from_db()
    story.body = "<p>初审、复审都没有看过的全新文字。</p>"
    story.updated_by = writer
    story.save()

    review = Review.objects.get(article=story)
    assert review.stage.name == "初审"
    assert not Event.objects.filter(article=story, action="pass", void=False).exists()


def _written_by(user, headline="评论员文章：把好事办好"):
    return Article.objects.create(headline=headline, body="<p>原稿。</p>", created_by=user, updated_by=user)


def _valid_passes(story):
    return list(Event.objects.filter(article=story, action="pass", void=False).values_list("stage__name", flat=True))


def _edited(story, user, **fields):
    story.refresh_from_db()
    for name, value in fields.items():
        setattr(story, name, value)
    story.updated_by = user
    story.save()
    return Review.objects.get(article=story)


def test_a_department_head_editing_their_own_story_at_their_own_stage_sends_it_back_to_the_first(desk, head):
    writer = make_reviewer("head-writer", "Department head")
    story = _written_by(writer, "部门主任的调研文章")
    steps.submit(story, writer)
    steps.pass_stage(story, desk)
    # Waiting at 复审, the stage of the writer's group: not the reviewer editing as part of the review.
    review = _edited(story, writer, body="<p>初审没有看过的文字。</p>")
    assert review.stage.name == "初审" and _valid_passes(story) == []
    edited = Event.objects.get(article=story, action="edited")
    assert (edited.user, edited.stage.name) == (writer, "初审")
    assert edited.reason == (
        "初审通过后，稿件作者（撰稿或送审的人）作了修改：此前各环节的通过全部作废，须从初审起重新走审稿流程。"
    )


def test_a_writer_in_an_earlier_stage_group_goes_back_to_the_first_stage_not_their_own(desk, head, chief):
    writer = make_reviewer("head-writer", "Department head")
    other_head = make_reviewer("other-head", "Department head")
    story = _written_by(writer, "部门主任的调研文章")
    steps.submit(story, writer)
    steps.pass_stage(story, desk)
    steps.pass_stage(story, other_head)
    review = _edited(story, writer, subtitle="加一个副题")
    assert review.stage.name == "初审" and _valid_passes(story) == []


def test_whoever_submitted_the_story_is_one_of_its_authors(reporter, desk, head, chief):
    story = _written_by(reporter, "通讯员来稿")
    steps.submit(story, head)  # the department head put it forward
    other_head = make_reviewer("other-head", "Department head")
    steps.pass_stage(story, desk)
    steps.pass_stage(story, other_head)
    review = _edited(story, head, body="<p>送审人改写的文字。</p>")
    assert review.stage.name == "初审" and _valid_passes(story) == []


def test_a_signed_off_scheduled_story_rewritten_by_its_writer_is_taken_back_to_the_first_stage(desk, head):
    writer = make_reviewer("commentator", "Editor-in-chief")
    chief = make_reviewer("chief", "Editor-in-chief")
    story = _written_by(writer)
    story.publish_at = story.created_at.replace(year=2100)
    story.save()
    steps.submit(story, writer)
    for reviewer in (desk, head, chief):
        steps.pass_stage(story, reviewer)
    story.refresh_from_db()
    assert story.is_scheduled and Review.objects.get(article=story).state == "signed_off"
    review = _edited(story, writer, body="<p>签发之后改写的文字。</p>")
    story.refresh_from_db()
    assert (review.state, review.stage.name, story.status) == ("in_review", "初审", "review")
    assert _valid_passes(story) == []
    assert "终审/签发通过后" in Event.objects.get(article=story, action="edited").reason


def test_the_reviewer_at_the_stage_who_did_not_write_it_still_edits_in_place(desk, head):
    writer = make_reviewer("commentator", "Editor-in-chief")
    chief = make_reviewer("chief", "Editor-in-chief")
    story = _written_by(writer)
    steps.submit(story, writer)
    steps.pass_stage(story, desk)
    steps.pass_stage(story, head)
    review = _edited(story, chief, headline="评论员文章：把好事办实")
    assert review.stage.name == "终审/签发" and _valid_passes(story) == ["初审", "复审"]
    assert not Event.objects.filter(article=story, action="edited").exists()


def test_a_tag_renamed_by_a_writer_sends_back_their_own_story_and_leaves_the_others_at_their_stage(
    reporter, desk, head
):
    writer = make_reviewer("commentator", "Editor-in-chief")
    own, others = _written_by(writer), _written_by(reporter, "记者来稿")
    for story, submitter in ((own, writer), (others, reporter)):
        story.tags.add("评论")
        steps.submit(story, submitter)
        steps.pass_stage(story, desk)
        steps.pass_stage(story, head)
    tag = Tag.objects.get(name="评论")
    tag.name = "本报评论"
    with signals.one_edit(writer):  # as the tag admin notes a rename: the stories together, as its user's edit
        tag.save()
    assert Review.objects.get(article=own).stage.name == "初审" and _valid_passes(own) == []
    assert Review.objects.get(article=others).stage.name == "终审/签发" and _valid_passes(others) == ["初审", "复审"]


def _change_form(client, user, story, **fields):
    client.force_login(user)
    story.refresh_from_db()
    return client.post(reverse("admin:articles_article_change", args=[story.pk]), _form(story, **fields))


def test_a_writer_changing_only_the_tags_in_the_change_form_sends_it_back(client, desk, head):
    writer = make_reviewer("commentator", "Editor-in-chief")
    story = _written_by(writer)
    steps.submit(story, writer)
    steps.pass_stage(story, desk)
    steps.pass_stage(story, head)
    response = _change_form(client, writer, story, tags="没审过的标签")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Review.objects.get(article=story).stage.name == "初审" and _valid_passes(story) == []


def test_a_writer_restoring_an_earlier_version_sends_it_back(client, desk, head):
    writer = make_reviewer("commentator", "Editor-in-chief")
    story = _written_by(writer)
    with reversion.create_revision():
        story.body = "<p>早先的版本。</p>"
        story.save()
    old = Version.objects.get_for_object(story)[0]
    story.body = "<p>送审的版本。</p>"
    story.save()
    steps.submit(story, writer)
    steps.pass_stage(story, desk)
    steps.pass_stage(story, head)
    client.force_login(writer)
    story.refresh_from_db()
    url = reverse("admin:articles_article_revision", args=[story.pk, old.pk])
    response = client.post(url, _form(story, body="<p>早先的版本。</p>"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Review.objects.get(article=story).stage.name == "初审" and _valid_passes(story) == []


def test_the_queue_and_the_panel_say_why_it_is_back(client, desk, head):
    writer = make_reviewer("commentator", "Editor-in-chief")
    story = _written_by(writer)
    steps.submit(story, writer)
    steps.pass_stage(story, desk)
    steps.pass_stage(story, head)
    _edited(story, writer, body="<p>初审、复审都没有看过的全新文字。</p>")
    why = "复审通过后，稿件作者（撰稿或送审的人）作了修改"
    client.force_login(desk)
    queue = client.get(reverse("admin:review_queue_changelist")).content.decode()
    assert story.headline in queue and why in queue
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert 'id="review-sent-back"' in page and why in page
    # Passed again: it is no longer back for that reason where it waits now.
    steps.pass_stage(story, desk)
    client.force_login(head)
    queue = client.get(reverse("admin:review_queue_changelist")).content.decode()
    assert story.headline in queue and why not in queue
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert 'id="review-sent-back"' not in page
