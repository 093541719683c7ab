"""The version an import records for a story is the one its whole write leaves,
the review's own follow-up (a scheduled story sent back) included."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.importer.parse import parse_page
from articles.importer.plan import plan_page
from articles.importer.save import Placement, known_people, save_page
from articles.models import Article
from review import steps
from review.models import Review
from tests.review.test_content import PAGE

pytestmark = pytest.mark.django_db


def _import_tomorrow(text):
    placement = Placement("朔州日报", timezone.localdate() + dt.timedelta(days=1), 1)
    summary = save_page(plan_page(parse_page(text), known_people()), placement, source_text=text, as_drafts=True)
    return Article.objects.get(pk=summary.article_ids[0])


def test_a_send_back_the_import_causes_is_counted_in_the_version_it_records(reporter, desk, head, chief):
    story = _import_tomorrow(PAGE)
    steps.submit(story, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(story, reviewer)
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED and not story.is_public  # tomorrow's paper, scheduled
    # A later scan reads another byline: the import's change sends the story back.
    _import_tomorrow(PAGE.replace("吕霞", "杨岗"))
    story.refresh_from_db()
    assert story.status == Article.Status.REVIEW
    assert Review.objects.get(article=story).state == Review.State.IN_REVIEW
    # No editor saved the story since: the record must not make it look edited.
    assert story.import_record.version == story.version
