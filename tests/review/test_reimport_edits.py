"""A re-import's change to a story's
text is the printer's, no reviewer's, whoever saved the story last."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.import_records import ImportedStory
from articles.models import Article
from review import steps
from review.models import Event, Review
from tests.review.test_content import PAGE, _import

pytestmark = pytest.mark.django_db


def _valid_passes(article):
    return list(Event.objects.filter(article=article, action=Event.Action.PASS, void=False))


def test_a_reimport_that_changes_the_text_voids_the_passes_whoever_saved_the_story_last(reporter, desk, head):
    story = _import(PAGE)
    steps.submit(story, reporter)
    steps.pass_stage(story, desk)
    assert Review.objects.get(article=story).stage.name == "复审"
    # The reviewer at 复审 saved the story last (a fix in the admin sets updated_by).
    Article.objects.filter(pk=story.pk).update(updated_by=head)
    # The page is imported again with another sentence; bylines as they were.
    _import(PAGE.replace("方便市民就近采样", "全市居民须每日采样"))
    story.refresh_from_db()
    assert "全市居民须每日采样" in story.body
    assert not _valid_passes(story), "the import's new text was taken for the 复审 reviewer's own edit"
    assert Review.objects.get(article=story).stage.name == "初审"


def test_a_reimport_that_brings_a_scheduled_story_forward_with_new_text_sends_it_back(reporter, desk, head, chief):
    # A re-import writes the page's time only where the last import's still
    # stands: here an earlier import wrote tomorrow's (an edition time since
    # changed), and this one writes the printed day's, long past, with new
    # text. Readers never see text no sign-off covers.
    story = _import(PAGE)
    Article.objects.filter(pk=story.pk).update(publish_at=timezone.now() + dt.timedelta(hours=12))
    story.refresh_from_db()
    record = ImportedStory.objects.get(article=story)
    record.written = {**record.written, "publish_at": story.publish_at.astimezone(dt.UTC).isoformat()}
    record.save()
    steps.submit(story, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(story, reviewer)
    story.refresh_from_db()
    assert story.is_scheduled

    _import(PAGE.replace("方便市民就近采样", "全市居民须每日采样"))

    story.refresh_from_db()
    assert "全市居民须每日采样" in story.body and story.publish_at < timezone.now()
    assert not story.is_public
    assert Review.objects.get(article=story).state == Review.State.IN_REVIEW
