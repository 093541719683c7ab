"""The queryset methods the reader's site adds."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from people.models import Mention
from people.templatetags.people_tags import most_in_the_news_people, most_in_the_news_queryset
from tests.factories import make_article, make_byline, make_department, make_mention, make_person, make_print_page

pytestmark = pytest.mark.django_db


def test_latest_by_department_keeps_the_newest_n_of_each_department():
    first, second = make_department(order=1), make_department(order=2)
    now = timezone.now()
    for i in range(5):
        make_article(department=first, headline=f"甲{i}", publish_at=now - timedelta(hours=i + 1))
    make_article(department=second, headline="乙0")
    make_article(department=second, headline="乙草稿", status=Article.Status.DRAFT)
    found = [a.headline for a in Article.objects.published().latest_by_department(3)]
    assert found == ["甲0", "甲1", "甲2", "乙0"]


def test_a_sections_page_read_by_department_is_the_joins_page():
    # A section and its two sub-sections, another section, stories with no
    # section; stories of one edition share a publish time and are ordered
    # by their place in print (none last), then newest id first.
    now = timezone.now()
    section, other = make_department(), make_department()
    subsections = [make_department(), make_department()]
    for subsection in subsections:
        subsection.parent = section
        subsection.save()
    page = make_print_page()
    departments = [section, *subsections, other, None]
    for i in range(40):
        status = [Article.Status.PUBLISHED] * 4 + [Article.Status.DRAFT, Article.Status.ARCHIVED]
        story = make_article(
            department=departments[i % 5],
            status=status[i % 6],
            publish_at=now - timedelta(hours=(i * 7) % 5) + (timedelta(hours=3) if i % 11 == 0 else timedelta()),
        )
        if i % 4:
            Article.objects.filter(pk=story.pk).update(print_page=page, print_position=(i * 5) % 9 + i * 100)
    published = Article.objects.published(now)
    for department in [section, *subsections, other]:
        joined = list(published.newest_first().in_department(department.pk).values_list("pk", flat=True))
        for start, stop in [(None, None), (0, 1), (0, 7), (3, 10), (7, 30), (5, None), (None, 5), (0, 100)]:
            page_ids = list(published.newest_in_department(department.pk, start, stop).values_list("pk", flat=True))
            assert page_ids == joined[start:stop], (department, start, stop)
    assert len(list(published.in_department(section.pk))) > 10
    by_index = str(published.newest_in_department(section.pk, 0, 7).query)
    assert ("LATERAL" in by_index) == (connection.vendor == "postgresql")
    assert "LATERAL" not in str(published.newest_in_department(section.pk).query)  # counted by the join
    with mock.patch("articles.querysets._published_only_at", return_value=None):
        assert "LATERAL" not in str(published.newest_in_department(section.pk, 0, 7).query)


def test_related_to_orders_by_what_is_shared():
    person = make_person()
    story = make_article(tags=["甲", "乙"])
    make_mention(story, person)
    one_tag = make_article(headline="一个标签", tags=["甲"])
    two_tags_and_person = make_article(headline="两个标签加人物", tags=["甲", "乙"])
    make_mention(two_tags_and_person, person)
    make_article(headline="无关", tags=["丙"])
    story = Article.objects.for_detail().get(pk=story.pk)
    assert list(Article.objects.published().related_to(story)) == [two_tags_and_person, one_tag]


def _related_story_with_one_link(link):
    """A story with one tag or one person, and others around it: sharing it
    (some also carrying other tags, unpublished, embargoed, published at the
    same time as another) or not."""
    person = make_person()
    story = make_article(tags=["甲"] if link == "tag" else None)
    if link == "person":
        make_mention(story, person)
    now = timezone.now()
    for i, (hours, status, tags) in enumerate(
        [
            (3, Article.Status.PUBLISHED, ["乙"]),
            (1, Article.Status.PUBLISHED, ["丙"]),
            (2, Article.Status.DRAFT, []),
            (-2, Article.Status.PUBLISHED, []),  # embargoed
            (5, Article.Status.PUBLISHED, ["乙", "丙"]),
            (1, Article.Status.PUBLISHED, []),
            (4, Article.Status.PUBLISHED, []),
            (6, Article.Status.PUBLISHED, ["丁"]),
        ]
    ):
        publish_at = now - timedelta(hours=hours) if status == Article.Status.PUBLISHED else None
        other = make_article(headline=f"相关{i}", status=status, publish_at=publish_at, tags=tags)
        if link == "tag":
            other.tags.add("甲")
        else:
            make_mention(other, person, confirmed=i % 2 == 0)  # candidates only where confirmed
            make_mention(other, make_person())
    make_article(headline="无关", tags=["乙"])
    return Article.objects.for_detail().get(pk=story.pk)


@pytest.mark.parametrize("link", ["tag", "person"])
@pytest.mark.parametrize("candidates", [3, 300])
def test_related_to_one_shared_link_orders_as_the_counting_query(link, candidates):
    story = _related_story_with_one_link(link)
    with mock.patch("articles.querysets.RELATED_CANDIDATES", candidates):
        found = list(Article.objects.published().related_to(story, limit=10))
        with mock.patch("articles.querysets._shared_is_constant", return_value=False):
            counted = Article.objects.published().related_to(story, limit=10)
            assert "COUNT(" in str(counted.query)
            counted = list(counted)
    assert found == counted
    # The person's candidates are the stories naming them confirmed: the newest 3 hold a draft.
    assert len(found) == {"tag": (3, 6), "person": (2, 3)}[link][candidates == 300]


@pytest.mark.parametrize("link", ["tag", "person"])
def test_related_to_one_shared_link_does_not_count(link):
    story = _related_story_with_one_link(link)
    assert "COUNT(" not in str(Article.objects.published().related_to(story).query)
    make_article(headline="第二个标签", tags=["戊"]).tags.add(*story.tags.all())
    story.tags.add("戊")
    story = Article.objects.for_detail().get(pk=story.pk)
    assert "COUNT(" in str(Article.objects.published().related_to(story).query)


def _ranked_by_join_tables():
    """Related stories ranked from the join tables, as on SQLite or for a
    queryset narrower than published(), not from PostgreSQL's links table."""
    return mock.patch("articles.querysets._published_only_at", return_value=None)


def _related_story_with_links(tags, people):
    """A story with ``tags`` and ``people``, and others each sharing some of
    them (several, one, or none), in an order where each tag's and person's
    newest differ."""
    persons = [make_person() for _ in range(people)]
    story = make_article(tags=tags)
    for person in persons:
        make_mention(story, person)
    now = timezone.now()
    for i in range(12):
        shared_tags = [tag for n, tag in enumerate(tags) if (i + n) % 3 != 1]
        other = make_article(headline=f"相关{i}", publish_at=now - timedelta(hours=(i * 5) % 7 + 1), tags=shared_tags)
        for n, person in enumerate(persons):
            if (i + n) % 4 in (0, 3):
                make_mention(other, person, confirmed=n == 0)
    return Article.objects.for_detail().get(pk=story.pk)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite takes no LIMIT inside a UNION's parts")
@pytest.mark.parametrize(("tags", "people"), [(["甲", "乙"], 0), (["甲", "乙", "丙"], 0), ([], 2), (["甲", "乙"], 3)])
@pytest.mark.parametrize("candidates", [2, 5, 300])
def test_related_to_several_links_finds_the_candidates_of_one_in(tags, people, candidates):
    from articles import querysets

    story = _related_story_with_links(tags, people)
    newest_links = querysets._newest_links
    # The join tables' form (the links table's is tested in tests/articles/test_related_links.py).
    with mock.patch("articles.querysets.RELATED_CANDIDATES", candidates), _ranked_by_join_tables():
        found = Article.objects.published().related_to(story, limit=20)
        assert "UNION ALL" in str(found.query)
        found = list(found)
        with mock.patch("articles.querysets._newest_links", lambda *args, per_id: newest_links(*args, per_id=False)):
            one_in = Article.objects.published().related_to(story, limit=20)
            assert "UNION ALL" not in str(one_in.query)
            one_in = list(one_in)
    assert found == one_in
    assert found


@pytest.mark.parametrize(("tags", "people"), [(["甲"], 0), (["甲", "乙"], 1)])
def test_related_to_ranks_candidates_by_key_and_reads_the_picked_rows_only(tags, people):
    story = _related_story_with_links(tags, people)
    with _ranked_by_join_tables():
        related = Article.objects.published().related_to(story, limit=3)
        assert 'IN (SELECT U0."id" AS "pk" FROM "articles_article" U0 WHERE' in str(related.query)
        assert len(list(related)) == 3
    # What ranks a candidate is in one index: PostgreSQL reads it there, not in the story's row.
    columns = [
        c["columns"] for c in connection.introspection.get_constraints(connection.cursor(), "articles_article").values()
    ]
    assert ["id", "status", "publish_at"] in columns


def test_related_to_a_story_with_no_tags_or_people_is_empty(django_assert_num_queries):
    story = Article.objects.for_detail().get(pk=make_article().pk)
    with django_assert_num_queries(0):
        assert list(Article.objects.published().related_to(story)) == []


def test_about_or_by_lists_each_story_once():
    person = make_person()
    both = make_article(headline="既写又被提及")
    make_byline(both, person)
    make_mention(both, person)
    mentioned = make_article(headline="被提及")
    make_mention(mentioned, person)
    make_article(headline="无关")
    assert sorted(a.headline for a in Article.objects.published().about_or_by(person)) == ["既写又被提及", "被提及"]


def test_most_in_the_news_counts_published_stories_only():
    busy, quiet = make_person(name="甲"), make_person(name="乙")
    for _ in range(3):
        make_mention(make_article(), busy)
    make_mention(make_article(), quiet)
    for _ in range(5):
        make_mention(make_article(status=Article.Status.DRAFT), quiet)
    assert [(p.name, p.story_count) for p in most_in_the_news_queryset()] == [("甲", 3), ("乙", 1)]


def test_most_in_the_news_counts_the_newest_stories_only(django_assert_num_queries):
    old, new = make_person(name="旧"), make_person(name="新")
    now = timezone.now()
    for hours in (5, 6, 7):
        make_mention(make_article(publish_at=now - timedelta(hours=hours)), old)
    for hours in (1, 2):
        make_mention(make_article(publish_at=now - timedelta(hours=hours)), new)
    make_mention(make_article(publish_at=now + timedelta(hours=1)), old)  # scheduled, not yet published
    with django_assert_num_queries(1):
        assert [(p.name, p.story_count) for p in most_in_the_news_queryset(window=3)] == [("新", 2), ("旧", 1)]


def test_most_in_the_news_counts_each_story_once_and_ties_by_name():
    # Several people per story, one of them named in it unconfirmed: on
    # PostgreSQL the recent stories are matched with = ANY(ARRAY(…)), one scan
    # of the (story, person) index of confirmed mentions, and counted without
    # DISTINCT (a person is named once per story).
    people = [make_person(name=name) for name in ("Cai", "Ann", "Bob", "Dan")]
    for i in range(6):
        story = make_article()
        for number, person in enumerate(people):
            if (i + number) % 3:
                make_mention(story, person, confirmed=number != 3 or i % 2 == 0)
    found = most_in_the_news_queryset(limit=3)
    counted = [(-Mention.objects.filter(person=p, confirmed=True).count(), p.name, p.pk) for p in people]
    expected = sorted(counted)[:3]
    assert [(p.name, p.story_count) for p in found] == [(name, -count) for count, name, _ in expected]
    sql = str(found.query)
    assert ("= ANY((ARRAY(" in sql and "DISTINCT" not in sql) == (connection.vendor == "postgresql")


def test_most_in_the_news_from_sql_compiled_once_follows_the_time_and_the_settings(settings):
    busy, guessed = make_person(name="甲"), make_person(name="乙")
    for _ in range(3):
        make_mention(make_article(), busy)
    now = timezone.now()
    make_mention(make_article(publish_at=now + timedelta(hours=1)), guessed, confirmed=False, confidence=0.9)
    make_mention(make_article(), guessed, confirmed=False, confidence=0.9)
    settings.PEOPLE_PUBLIC_MIN_CONFIDENCE = None

    def counted():
        compiled = [(p.name, p.story_count) for p in most_in_the_news_people()]
        assert compiled == [(p.name, p.story_count) for p in most_in_the_news_queryset()]
        return compiled

    assert counted() == [("甲", 3)]
    settings.PEOPLE_PUBLIC_MIN_CONFIDENCE = 0.8
    assert counted() == [("甲", 3), ("乙", 1)]
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(hours=2)):
        assert counted() == [("甲", 3), ("乙", 2)]
