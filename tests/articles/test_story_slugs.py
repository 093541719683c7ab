"""A new story's slug never tells readers that a story they cannot see has the same headline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.factories import make_article, sign_off

pytestmark = pytest.mark.django_db
HEADLINE = "市长视察新区"
BASE = "shi-zhang-shi-cha-xin-qu"


def _later(hours):
    return timezone.now() + timedelta(hours=hours)


def test_a_story_published_now_does_not_reveal_an_embargoed_one():
    embargoed = make_article(headline=HEADLINE, publish_at=_later(6))
    assert embargoed.slug == BASE
    public = make_article(headline=HEADLINE)
    assert public.slug == BASE
    embargoed.refresh_from_db()
    assert embargoed.slug == f"{BASE}-2"


def test_a_draft_published_later_takes_the_slug_a_hidden_story_held(client, django_user_model):
    hidden = make_article(headline=HEADLINE, status="draft")
    draft = make_article(headline=HEADLINE, status="draft")
    assert (hidden.slug, draft.slug) == (BASE, f"{BASE}-2")
    sign_off(draft)
    workflow.publish(Article.objects.filter(pk=draft.pk))
    draft.refresh_from_db()
    hidden.refresh_from_db()
    assert draft.slug == BASE and hidden.slug == f"{BASE}-3"
    assert client.get(f"/story/{BASE}/").status_code == 200


def test_public_stories_keep_their_slugs_and_suffixes_count_only_them():
    first = make_article(headline=HEADLINE)
    make_article(headline=HEADLINE, status="draft")
    second = make_article(headline=HEADLINE, publish_at=timezone.now() - timedelta(days=400))  # backdated import
    first.refresh_from_db()
    assert (first.slug, second.slug) == (BASE, f"{BASE}-2")


def test_the_story_scheduled_first_gets_the_lower_slug():
    late = make_article(headline=HEADLINE, publish_at=_later(10))
    early = make_article(headline=HEADLINE, publish_at=_later(2))
    late.refresh_from_db()
    assert (early.slug, late.slug) == (BASE, f"{BASE}-2")


def test_an_editors_own_slug_is_kept_when_published():
    story = make_article(headline=HEADLINE, status="draft", slug="mayor-visit")
    workflow.publish(Article.objects.filter(pk=story.pk))
    story.refresh_from_db()
    assert story.slug == "mayor-visit"
