"""A story's bylines, photos and tags read as JSON columns of its own query are
what their prefetches load."""

import pytest
from django.db.models import Prefetch

from articles.models import Article, Byline, TaggedArticle
from articles.story_markup import bylines_html
from people.models import Mention
from tests.factories import make_article, make_byline, make_mention, make_person, make_photo

pytestmark = pytest.mark.django_db


def _story():
    story = make_article(headline="社区值守", tags=["抗疫", "朔城区", "<b>标签</b>"])
    make_byline(story, make_person(name="王汉平"), role=Byline.Role.PHOTOGRAPHER, position=2)
    make_byline(story, None, credit="市纪委监委", role=Byline.Role.CREDIT, position=0)
    make_byline(story, make_person(name="李明"), role=Byline.Role.REPORTER, position=1)
    make_photo(story, position=1, credit="王汉平", alt_text="值守的民警")
    make_photo(story, image=False, position=0, caption="只有说明的图片")
    make_mention(story, make_person(name="赵卫东"), title="市政协机关副秘书长", first_offset=40)
    make_mention(story, make_person(name="孙宇"), first_offset=3)
    make_mention(story, make_person(name="未确认"), confirmed=False, confidence=0.9, first_offset=10)
    return story


def _prefetched(pk):
    bylines = Prefetch("bylines", queryset=Byline.objects.select_related("person").order_by("position", "pk"))
    public = Mention.objects.public().select_related("person").order_by("first_offset", "pk")
    return Article.objects.prefetch_related(bylines, "photos", "tags", Prefetch("mentions", queryset=public)).get(pk=pk)


def _mentions(article):
    return [
        (m.pk, m.person_id, m.title, m.count, m.first_offset, m.origin, m.confirmed, m.confidence, m.person.name)
        for m in article.mentions.all()
    ]


def _bylines(article):
    return [(b.pk, b.person_id, b.credit, b.role, b.position, b.display_name) for b in article.bylines.all()]


def _photos(article):
    return [
        (p.pk, p.image.name, p.width, p.height, p.caption, p.credit, p.alt_text, p.position)
        for p in article.photos.all()
    ]


@pytest.mark.parametrize("threshold", [None, 0.8, 0.95])
def test_the_same_bylines_photos_tags_and_mentions_as_their_prefetches_in_one_query(
    django_assert_num_queries, settings, threshold
):
    settings.PEOPLE_PUBLIC_MIN_CONFIDENCE = threshold
    story = _story()
    expected = _prefetched(story.pk)
    tagged = TaggedArticle.objects.filter(content_object=story).order_by("pk")
    tagged = list(tagged.values_list("tag_id", "tag__name", "tag__slug"))
    with django_assert_num_queries(1):
        loaded = Article.objects.for_detail().get(pk=story.pk)
    with django_assert_num_queries(0):
        assert _bylines(loaded) == _bylines(expected)
        assert [b.person.get_absolute_url() for b in loaded.bylines.all() if b.person_id] == [
            b.person.get_absolute_url() for b in expected.bylines.all() if b.person_id
        ]
        assert _photos(loaded) == _photos(expected)
        assert _mentions(loaded) == _mentions(expected)
        assert ("未确认" in [m.person.name for m in loaded.mentions.all()]) == (threshold == 0.8)
        # In the order they were put on the story.
        assert [(t.pk, t.name, t.slug) for t in loaded.tags.all()] == tagged
        assert set(loaded.tags.all()) == set(expected.tags.all())
        assert bylines_html(list(loaded.bylines.all())) == bylines_html(list(expected.bylines.all()))


def test_a_story_with_none_of_them():
    story = Article.objects.for_detail().get(pk=make_article().pk)
    assert list(story.bylines.all()) == list(story.photos.all()) == list(story.tags.all()) == []
    assert list(story.mentions.all()) == []


def test_the_story_page_shows_them(client):
    story = _story()
    html = client.get(story.get_absolute_url()).content.decode()
    assert "市纪委监委" in html and "李明" in html and "王汉平 摄" in html
    assert html.index("只有说明的图片") < html.index("值守的民警")
    assert "&lt;b&gt;标签&lt;/b&gt;" in html and "<b>标签</b>" not in html
    assert html.index("孙宇") < html.index("赵卫东") and "市政协机关副秘书长" in html and "未确认" not in html


def test_the_tags_left_on_a_story_are_taggits_own_queryset_for_any_query_chained_onto_them():
    story = _story()
    make_article(tags=["抗疫", "其他"])
    loaded = Article.objects.for_detail().get(pk=story.pk)
    fresh = Article.objects.get(pk=story.pk)
    cached, own = loaded.tags.all(), fresh.tags.all()
    assert cached is loaded.tags.all() and list(cached) == list(own)
    assert str(cached.query) == str(own.query)
    assert list(cached.filter(name="抗疫")) == list(own.filter(name="抗疫")) and len(cached.filter(name="抗疫")) == 1
    assert list(cached.order_by("-name")) == list(own.order_by("-name"))
    assert cached.exclude(name="抗疫").count() == own.exclude(name="抗疫").count() == 2
