"""A queryset compiled once answers each run as the queryset built with that run's values would."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.compiled_queries import CompiledQuery
from articles.models import Article
from tests.factories import make_article, make_department

pytestmark = pytest.mark.django_db


def _build(now, pks):
    stories = Article.objects.published(now).filter(pk__in=pks)
    return stories.values_list("pk", "headline", "publish_at", "department__name")


def test_each_run_is_the_querysets_answer_for_its_values():
    department = make_department(name="社会")
    stories = [make_article(department=department if i % 2 else None, headline=f"稿件{i}") for i in range(4)]
    later = make_article(publish_at=timezone.now() + timedelta(hours=2))
    query = CompiledQuery(_build, connection.alias, 3)
    for pks, now in [
        ([stories[0].pk, stories[1].pk, later.pk], timezone.now()),
        ([stories[3].pk, stories[2].pk, stories[1].pk], timezone.now()),
        ([stories[0].pk, stories[1].pk, later.pk], timezone.now() + timedelta(hours=3)),
        ([stories[0].pk, stories[1].pk, later.pk], timezone.now() - timedelta(days=1)),
    ]:
        assert sorted(map(tuple, query.run(now, pks))) == sorted(_build(now, pks))


def test_publish_times_come_back_as_the_querysets_do():
    story = make_article()
    (row,) = CompiledQuery(_build, connection.alias, 1).run(timezone.now(), [story.pk])
    assert row[2] == Article.objects.get(pk=story.pk).publish_at and timezone.is_aware(row[2])


def test_a_queryset_that_ignores_its_values_is_refused():
    with pytest.raises(ValueError):
        CompiledQuery(lambda now, pks: Article.objects.filter(pk__in=pks).values_list("pk"), connection.alias, 2)
    with pytest.raises(ValueError):
        CompiledQuery(lambda now, pks: Article.objects.published(now).values_list("pk"), connection.alias, 2)


def test_related_stories_are_the_related_to_querysets_for_any_number_of_tags_and_people():
    from articles.templatetags.news import related_stories
    from tests.factories import make_mention, make_person

    people = [make_person() for _ in range(3)]
    stories = []
    for i in range(12):
        story = make_article(headline=f"相关{i}", tags=[f"标签{j}" for j in range(i % 4)])
        for person in people[: i % 3]:
            make_mention(story, person)
        stories.append(story)
    make_article(headline="未来", tags=["标签1"], publish_at=timezone.now() + timedelta(hours=1))
    for story in stories:
        loaded = Article.objects.for_detail().get(pk=story.pk)
        expected = list(Article.objects.published().related_to(loaded).only("slug", "headline", "publish_at"))
        found = related_stories(loaded)["articles"]
        assert [(a.pk, a.slug, a.headline, a.publish_at) for a in found] == [
            (a.pk, a.slug, a.headline, a.publish_at) for a in expected
        ]
