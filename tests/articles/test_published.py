"""`Article.objects.published()` is the one definition of what a reader may see."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def stories():
    now = timezone.now()
    make = lambda name, **kw: Article.objects.create(headline=name, **kw)  # noqa: E731
    return {
        "published": make("已发布", status=Status.PUBLISHED, publish_at=now - timedelta(minutes=1)),
        "draft": make("草稿", status=Status.DRAFT, publish_at=now - timedelta(days=1)),
        "review": make("待审", status=Status.REVIEW, publish_at=now - timedelta(days=1)),
        "scheduled": make("定时", status=Status.PUBLISHED, publish_at=now + timedelta(hours=1)),
        "archived": make("归档", status=Status.ARCHIVED, publish_at=now - timedelta(days=30)),
    }


def test_published_returns_only_published_stories_whose_time_has_passed(stories):
    assert list(Article.objects.published()) == [stories["published"]]


@pytest.mark.parametrize("hidden", ["draft", "review", "scheduled", "archived"])
def test_published_never_returns(stories, hidden):
    assert not Article.objects.published().filter(pk=stories[hidden].pk).exists()


def test_a_scheduled_story_appears_when_its_time_comes_without_any_job(stories):
    later = stories["scheduled"].publish_at + timedelta(seconds=1)
    assert stories["scheduled"] in Article.objects.published(now=later)


def test_scheduled_lists_future_published_stories(stories):
    assert list(Article.objects.scheduled()) == [stories["scheduled"]]
