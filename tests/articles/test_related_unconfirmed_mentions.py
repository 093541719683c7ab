"""Related stories tie a story to others only through links readers are shown."""

from contextlib import nullcontext
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import fragments, page_cache
from articles.models import Article
from tests.factories import make_article, make_mention, make_person

pytestmark = pytest.mark.django_db


def test_related_stories_ignore_mentions_readers_are_not_shown(client):
    person = make_person(name="韩永红")
    shown = make_article(headline="市长韩永红调研公交")
    make_mention(article=shown, person=person, title="市长", confirmed=True)
    guessed = make_article(headline="一名男子因盗窃被拘留")
    make_mention(article=guessed, person=person, title="", confirmed=False)

    page = client.get(shown.get_absolute_url()).content.decode()

    assert guessed.headline not in page


def _ranked(story, *, from_join_tables=False):
    story = Article.objects.for_detail().get(pk=story.pk)
    with mock.patch("articles.querysets._published_only_at", return_value=None) if from_join_tables else nullcontext():
        return [a.headline for a in Article.objects.published().related_to(story, limit=10)]


@pytest.mark.parametrize("from_join_tables", [False, True])
def test_an_unconfirmed_mention_adds_nothing_to_what_a_story_shares(from_join_tables):
    """Ranked by what they share: a candidate naming the person only by a
    guess shares the tag alone, on the links table and on the join tables."""
    person = make_person(name="韩永红")
    now = timezone.now()
    story = make_article(headline="本稿", tags=["公交"])
    make_mention(story, person)
    oldest = make_article(headline="旧稿", tags=["公交"], publish_at=now - timedelta(hours=3))
    make_mention(oldest, person)
    newest = make_article(headline="新稿", tags=["公交"], publish_at=now - timedelta(hours=1))
    make_mention(newest, person, confirmed=False)
    make_article(headline="中间稿", tags=["公交"], publish_at=now - timedelta(hours=2))

    assert _ranked(story, from_join_tables=from_join_tables) == ["旧稿", "新稿", "中间稿"]


def test_a_mention_surer_than_the_setting_s_threshold_ties_stories_as_readers_see_it(client, settings):
    person = make_person(name="韩永红")
    shown = make_article(headline="市长韩永红调研公交")
    make_mention(shown, person)
    guessed = make_article(headline="韩永红出席座谈会")
    make_mention(guessed, person, confirmed=False, confidence=0.95)

    settings.PEOPLE_PUBLIC_MIN_CONFIDENCE = None
    assert guessed.headline not in client.get(shown.get_absolute_url()).content.decode()
    # The page's related-stories SQL is compiled once per process: the setting is part of it.
    settings.PEOPLE_PUBLIC_MIN_CONFIDENCE = 0.9
    assert guessed.headline in client.get(shown.get_absolute_url()).content.decode()
    settings.PEOPLE_PUBLIC_MIN_CONFIDENCE = 0.99
    assert guessed.headline not in client.get(shown.get_absolute_url()).content.decode()


def test_a_story_s_own_unconfirmed_mention_ties_it_to_nothing():
    """The story's side counts as the candidate's: read without its page's
    mentions, its guesses are not links either."""
    person = make_person(name="韩永红")
    story = make_article(headline="一名男子因盗窃被拘留")
    make_mention(story, person, confirmed=False)
    make_mention(make_article(headline="市长韩永红调研公交"), person)

    assert list(Article.objects.published().related_to(Article.objects.get(pk=story.pk))) == []


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.forget_held()
    fragments.forget_held()
    cache.clear()
    yield
    cache.clear()
    page_cache.forget_held()
    fragments.forget_held()


def _page(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return response.headers.get("X-Page-Cache"), response.content.decode()


def test_checking_a_mention_again_refreshes_the_cached_pages_that_list_its_story(client, settings, page_cache_on):
    """Confirmed, unconfirmed, or found surer or less sure than the setting's
    threshold: the pages whose related stories it adds or takes off are
    rendered again, with the list as it now is."""
    settings.PEOPLE_PUBLIC_MIN_CONFIDENCE = 0.9
    person = make_person(name="韩永红")
    shown = make_article(headline="市长韩永红调研公交")
    make_mention(shown, person)
    guessed = make_article(headline="韩永红出席座谈会")
    mention = make_mention(guessed, person, confirmed=False, confidence=0.5)
    assert _page(client, shown) == ("miss", mock.ANY)
    state, html = _page(client, shown)
    assert state == "hit" and guessed.headline not in html

    for change, listed in [({"confirmed": True}, True), ({"confirmed": False}, False), ({"confidence": 0.95}, True)]:
        for field, value in change.items():
            setattr(mention, field, value)
        mention.save(update_fields=list(change))
        state, html = _page(client, shown)
        assert state == "miss" and (guessed.headline in html) == listed, change
        assert _page(client, shown)[0] == "hit"
