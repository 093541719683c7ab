"""The links table (migration articles 0012) holds exactly the taggings and
mentions with their stories' status and publish time after any change, and
related stories ranked from it are those the join tables rank."""

import random
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag

from articles import querysets
from articles.models import Article, TaggedArticle
from people.models import Mention
from tests.factories import make_article, make_department, make_mention, make_person, make_print_page
from tests.pg_waits import waits_for_lock

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the links table is kept on PostgreSQL only"),
]


def _table(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def assert_mirrored():
    expected = _table(
        "SELECT 1, ta.tag_id, a.id, a.status, a.publish_at, a.print_position FROM articles_taggedarticle ta "
        "JOIN articles_article a ON a.id = ta.content_object_id "
        "UNION ALL SELECT 2, m.person_id, a.id, a.status, a.publish_at, a.print_position FROM people_mention m "
        "JOIN articles_article a ON a.id = m.article_id ORDER BY 1, 2, 3"
    )
    held = _table(
        "SELECT kind, link_id, story_id, status, publish_at, print_position FROM articles_related_link ORDER BY 1, 2, 3"
    )
    assert held == expected


def _both_ways(story, limit):
    """The related stories of ``story`` ranked from the links table, and from the join tables."""
    story = Article.objects.for_detail().get(pk=story.pk)
    from_links = Article.objects.published().related_to(story, limit=limit)
    assert "articles_related_link" in str(from_links.query)
    with mock.patch("articles.querysets._published_only_at", return_value=None):
        from_joins = Article.objects.published().related_to(story, limit=limit)
        assert "articles_related_link" not in str(from_joins.query)
        from_joins = list(from_joins)
    return list(from_links), from_joins


def _corpus(seed, tags, people):
    """A story with ``tags`` tags and ``people`` people, and 40 others
    carrying some of them (and others) in random mixes: older ones often
    carry both kinds, newer ones mostly one, so that with small windows
    candidates of one kind fall below the other kind's full windows. Some are
    drafts, archived or embargoed, some share a publish time."""
    rng = random.Random(seed)
    names = [f"标签{n}" for n in range(tags)]
    persons = [make_person() for _ in range(people)]
    story = make_article(tags=names)
    for person in persons:
        make_mention(story, person)
    now = timezone.now()
    for i in range(40):
        old = i < 20
        status = rng.choice([Article.Status.PUBLISHED] * 6 + [Article.Status.DRAFT, Article.Status.ARCHIVED])
        hours = rng.choice([1, 2, 2, 3, 5, 8, 13, -2]) + (0 if old else rng.choice([0, 1]))
        publish_at = now - timedelta(hours=hours) if status != Article.Status.DRAFT else None
        carried = [n for n in names if rng.random() < (0.6 if old else 0.4)]
        other = make_article(headline=f"相关{i}", status=status, publish_at=publish_at, tags=carried + ["无关"])
        for person in persons:
            if rng.random() < (0.6 if old else 0.15):
                make_mention(other, person, confirmed=rng.random() < 0.5, confidence=round(rng.random(), 2))
    return story


@pytest.mark.parametrize(("tags", "people"), [(1, 0), (0, 1), (2, 0), (3, 0), (0, 2), (1, 1), (2, 1), (1, 2), (3, 3)])
@pytest.mark.parametrize("seed", [1, 2])
def test_ranked_from_the_links_table_as_from_the_join_tables(tags, people, seed):
    story = _corpus(seed, tags, people)
    for candidates in (1, 2, 3, 5, 8, 13, 300):
        with mock.patch("articles.querysets.RELATED_CANDIDATES", candidates):
            for limit in (5, 40):
                from_links, from_joins = _both_ways(story, limit)
                assert from_links == from_joins, (candidates, limit)
    assert from_links  # with every candidate (300): some are found


@pytest.mark.parametrize(("tags", "people"), [(0, 2), (1, 1), (2, 1), (3, 3)])
def test_ranked_from_the_links_table_as_from_the_join_tables_with_a_confidence_threshold(tags, people, settings):
    """The readers' condition has a parameter then: each of its places in the SQL gets it."""
    settings.PEOPLE_PUBLIC_MIN_CONFIDENCE = 0.5
    story = _corpus(3, tags, people)
    for candidates in (1, 2, 5, 300):
        with mock.patch("articles.querysets.RELATED_CANDIDATES", candidates):
            from_links, from_joins = _both_ways(story, 40)
            assert from_links == from_joins, candidates
    assert from_links


def test_the_table_follows_every_change_to_what_it_mirrors():
    tagged, named = make_person(), make_person()
    story = make_article(tags=["甲", "乙"])
    make_mention(story, tagged)
    others = [make_article(tags=["甲"]) for _ in range(3)]
    mention = make_mention(others[0], named, confirmed=False)
    make_mention(others[1], tagged)
    assert_mirrored()

    def changed():
        assert_mirrored()
        with mock.patch("articles.querysets.RELATED_CANDIDATES", 2):
            from_links, from_joins = _both_ways(story, 5)
        assert from_links == from_joins

    others[0].status = Article.Status.DRAFT  # unpublished
    others[0].save()
    changed()
    others[1].publish_at = timezone.now() + timedelta(hours=2)  # embargoed
    others[1].save()
    changed()
    page = make_print_page()
    Article.objects.filter(pk=others[2].pk).update(print_page=page, print_position=3)
    changed()
    Article.objects.filter(pk__in=[others[0].pk, others[1].pk]).update(
        status=Article.Status.PUBLISHED, publish_at=timezone.now() - timedelta(minutes=5)
    )
    changed()
    others[2].tags.add("乙")
    others[2].tags.remove("甲")
    changed()
    others[1].tags.set(["乙", "丙"])
    changed()
    Mention.objects.filter(pk=mention.pk).update(person=tagged)  # the mention was of someone else
    changed()
    TaggedArticle.objects.filter(content_object=others[2]).update(content_object=others[0])
    changed()
    Tag.objects.get(name="丙").delete()
    changed()
    others[0].tags.clear()
    Mention.objects.filter(person=tagged).exclude(article=story).delete()
    changed()
    others[2].delete()
    changed()


def test_a_tagging_written_before_its_story_is_copied_with_the_story():
    tag = Tag.objects.create(name="先写")
    pk = (Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Foreign keys are checked at commit: a loader may write the tagging first.
            cursor.execute(
                "INSERT INTO articles_taggedarticle (content_object_id, tag_id) VALUES (%s, %s)", [pk, tag.pk]
            )
        make_article(pk=pk)
        assert_mirrored()
        assert _table(f"SELECT story_id FROM articles_related_link WHERE link_id = {tag.pk} AND kind = 1") == [(pk,)]


def test_a_truncated_join_table_empties_its_links():
    make_mention(make_article(tags=["甲"]))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no checks pending: TRUNCATE refuses them
        cursor.execute("TRUNCATE articles_taggedarticle")
    assert _table("SELECT kind FROM articles_related_link") == [(2,)]
    assert_mirrored()


def test_only_a_plain_published_queryset_is_ranked_from_the_links_table():
    now = timezone.now()
    assert querysets._published_only_at(Article.objects.published(now)) == now
    assert querysets._published_only_at(Article.objects.published()) is not None
    for other in (
        Article.objects.all(),
        Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__lt=now),
        Article.objects.filter(status=Article.Status.ARCHIVED, publish_at__lte=now),
        Article.objects.published(now).filter(department__isnull=True),
        Article.objects.published(now).exclude(pk=1),
        Article.objects.published(now)[:3],
        Article.objects.published(now).distinct(),
    ):
        assert querysets._published_only_at(other) is None, other.query


def test_a_narrower_queryset_ranks_within_itself():
    # The links table knows status and publish time only: anything else is ranked by the join tables.
    first, second = make_department(), make_department()
    story = make_article(tags=["甲"])
    for i in range(6):
        make_article(headline=f"相关{i}", tags=["甲"], department=first if i % 3 else second)
    story = Article.objects.for_detail().get(pk=story.pk)
    everything = list(Article.objects.published().related_to(story, limit=20))
    narrower = list(Article.objects.published().filter(department=second).related_to(story, limit=5))
    assert narrower == [a for a in everything if a.department_id == second.pk][:5]
    assert len(narrower) == 2


@pytest.mark.django_db(transaction=True)
def test_a_tagging_written_while_its_story_is_unpublished_waits_for_it():
    # Without the story read FOR SHARE, the tagging's link would keep the
    # status the unpublishing transaction was replacing.
    import threading

    import psycopg

    story = make_article()
    tag = Tag.objects.create(name="并发")
    settings = connection.settings_dict
    conninfo = {
        "dbname": settings["NAME"],
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "host": settings["HOST"],
        "port": settings["PORT"],
    }
    unpublishing = psycopg.connect(**{k: v for k, v in conninfo.items() if v})
    tagging = psycopg.connect(**{k: v for k, v in conninfo.items() if v})
    try:
        unpublishing.execute("UPDATE articles_article SET status = 'draft' WHERE id = %s", [story.pk])
        tagger_pid = tagging.info.backend_pid

        def tag_it():
            tagging.execute(
                "INSERT INTO articles_taggedarticle (content_object_id, tag_id) VALUES (%s, %s)", [story.pk, tag.pk]
            )
            tagging.commit()

        thread = threading.Thread(target=tag_it)
        thread.start()
        for _ in range(200):  # until the tagging waits for the story's lock (or has finished without)
            if waits_for_lock(unpublishing, tagger_pid) or not thread.is_alive():
                break
            thread.join(0.05)
        unpublishing.commit()
        thread.join()
    finally:
        unpublishing.close()
        tagging.close()
    assert_mirrored()
    assert _table(f"SELECT status FROM articles_related_link WHERE story_id = {story.pk}") == [("draft",)]


def test_a_tags_page_from_the_links_table_is_the_join_tables_page():
    # Stories of one edition share a publish time and are ordered by their
    # place in print (none last), then newest id first.
    now = timezone.now()
    page = make_print_page()
    for i in range(30):
        status = [Article.Status.PUBLISHED] * 4 + [Article.Status.DRAFT, Article.Status.ARCHIVED]
        story = make_article(
            status=status[i % 6],
            publish_at=now - timedelta(hours=(i * 7) % 5) + (timedelta(hours=3) if i % 11 == 0 else timedelta()),
            tags=["甲", "乙"] if i % 3 else ["甲"],
        )
        if i % 4:
            Article.objects.filter(pk=story.pk).update(print_page=page, print_position=(i * 5) % 9 + i * 100)
    tag = Tag.objects.get(name="甲")
    published = Article.objects.published(now)
    joined = list(published.newest_first().filter(tags=tag).values_list("pk", flat=True))
    assert "articles_related_link" in str(published.newest_tagged(tag.pk).query)
    assert list(published.newest_tagged(tag.pk).values_list("pk", flat=True)) == joined
    for start, stop in [(0, 1), (0, 7), (3, 10), (7, 30), (15, None), (None, 5), (0, 100)]:
        page_ids = list(published.newest_tagged(tag.pk, start, stop).values_list("pk", flat=True))
        assert page_ids == joined[start:stop], (start, stop)
    with mock.patch("articles.querysets._published_only_at", return_value=None):
        assert "articles_related_link" not in str(published.newest_tagged(tag.pk, 0, 7).query)
        assert list(published.newest_tagged(tag.pk, 0, 7).values_list("pk", flat=True)) == joined[:7]
    assert len(joined) > 12
