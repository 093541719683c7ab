"""Readers' search on PostgreSQL answers from the search table alone (its
copy of each story's visibility and section): it must find exactly what the
articles table says a reader may see, whichever plan it picks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.search import backends, planner
from articles.search.models import SearchEntry
from articles.search.query import search_articles
from tests.factories import make_article, make_byline, make_department, make_mention, make_person, sign_off
from tests.search.reference_ranking import reference_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(commit):
    """Stories about 供暖 in two sections (one with a sub-section), by and about
    different people, on different days, in every status."""
    now = timezone.now()
    city, society = make_department(name="城市"), make_department(name="社会")
    district = make_department(name="县区", parent=city)
    reporter, official = make_person(name="韩永红"), make_person(name="郭重阳")
    stories = []
    with commit():
        for i in range(18):
            status = [Article.Status.PUBLISHED] * 4 + [Article.Status.DRAFT, Article.Status.ARCHIVED]
            article = make_article(
                headline=f"供暖进展{i}",
                body=f"<p>第{i}批小区开始供暖，热线畅通。</p>",
                department=[city, society, district][i % 3],
                status=status[i % 6],
                publish_at=now - timedelta(days=i, hours=1),
            )
            if i % 2:
                make_byline(article, reporter)
            if i % 5 == 0:
                make_mention(article, official)
            stories.append(article)
        scheduled = make_article(headline="供暖明日全面启动", department=city, publish_at=now + timedelta(hours=3))
    return {
        "city": city,
        "society": society,
        "reporter": reporter,
        "official": official,
        "stories": stories,
        "scheduled": scheduled,
        "today": now.date(),
    }


FILTERS = [
    {},
    {"department": "city"},
    {"department": "society"},
    {"person": "reporter"},
    {"person": "official"},
    {"date_from": 5, "date_to": 2},
    {"department": "city", "person": "reporter", "date_from": 12},
]


def _resolve(newsroom, filters):
    kw = {}
    for key, value in filters.items():
        if key in ("department", "person"):
            kw[key] = newsroom[value]
        else:
            kw[key] = newsroom["today"] - timedelta(days=value)
    return kw


@pytest.mark.parametrize("walk", [True, False], ids=["walk", "gin"])
@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "-".join(f) or "none")
def test_readers_find_what_published_lets_through(newsroom, monkeypatch, filters, walk):
    monkeypatch.setattr(planner.PlanStatistics, "walk_finds_enough", lambda self, terms: walk)
    kw = _resolve(newsroom, filters)
    readers = search_articles("供暖", **kw)
    hits, total, _ = reference_search("供暖", **kw)
    assert readers.hits and readers.hits == hits
    assert readers.total == total == len(readers.hits)
    assert newsroom["scheduled"].pk not in readers.hits


def test_filters_by_slug_work_and_unknown_ones_find_nothing(newsroom):
    city = newsroom["city"]
    by_instance = search_articles("供暖", department=city).hits
    assert search_articles("供暖", department=city.slug).hits == by_instance
    assert search_articles("供暖", department="no-such-section").hits == []
    assert search_articles("供暖", person="no-such-person").hits == []


def test_entry_follows_status_section_and_publish_time(commit):
    desk, other = make_department(), make_department()
    with commit():
        article = make_article(headline="供暖通知", department=desk, status=Article.Status.DRAFT)
    assert SearchEntry.objects.get(article=article).public_from is None
    with commit():
        sign_off(article)
        article.status = Article.Status.PUBLISHED
        article.department = other
        article.save()
    entry = SearchEntry.objects.get(article=article)
    assert entry.public_from == article.publish_at and entry.department_id == other.pk
    with commit():
        article.status = Article.Status.ARCHIVED
        article.save()
    assert SearchEntry.objects.get(article=article).public_from is None


def test_a_stale_entry_never_shows_a_story_the_reader_may_not_see(commit):
    """Rows changed behind the ORM's back (no signals) leave the entry saying
    "public": the articles table still decides."""
    with commit():
        article = make_article(headline="供暖通知")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert SearchEntry.objects.get(article=article).public_from is not None
    results = search_articles("供暖")
    assert results.hits == [] and results.total == 0


def test_a_walk_that_finds_too_few_falls_back_to_the_index(commit, monkeypatch):
    """Told to walk for a word that only old stories have, the search still
    finds them all."""
    monkeypatch.setattr(backends, "WALK_BUDGET", 2)
    monkeypatch.setattr(backends, "CANDIDATE_LIMIT", 3)
    monkeypatch.setattr(planner.PlanStatistics, "walk_finds_enough", lambda self, terms: True)
    now = timezone.now()
    with commit():
        for i in range(4):
            make_article(headline=f"天气{i}", publish_at=now - timedelta(hours=i + 1))
        old = [make_article(headline=f"冬季供暖{i}", publish_at=now - timedelta(days=100 + i)) for i in range(2)]
    assert search_articles("供暖").hits == [a.pk for a in old]


def test_a_name_is_looked_for_whole_before_its_pieces(commit, monkeypatch, is_postgres):
    """郭重阳 cut into 郭 and 重阳 also matches stories with the two apart;
    when enough stories have the whole name, only those are candidates."""
    if not is_postgres:
        pytest.skip("SQLite ranks every match: nothing to choose from")
    monkeypatch.setattr(backends, "CANDIDATE_LIMIT", 2)
    now = timezone.now()
    official = make_person(name="郭重阳")
    with commit():
        apart = [
            make_article(
                headline=f"重阳节{i}", body="<p>郭师傅说，重阳节登高。</p>", publish_at=now - timedelta(hours=i + 1)
            )
            for i in range(3)
        ]
        named = [make_article(headline=f"敬老{i}", publish_at=now - timedelta(days=i + 10)) for i in range(2)]
        for article in named:
            make_mention(article, official)
    hits = search_articles("郭重阳").hits
    assert sorted(hits) == sorted(a.pk for a in named)
    assert not set(hits) & {a.pk for a in apart}


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "-".join(f) or "none")
def test_the_scope_lets_through_exactly_what_published_and_the_filters_do(newsroom, filters, is_postgres):
    """The search table's conditions alone, without the final check against
    the articles table that would hide a mistake in them."""
    if not is_postgres:
        pytest.skip("only PostgreSQL answers readers from the search table")
    from django.db import connection

    from articles.search.query import filtered, public_scope

    kw = _resolve(newsroom, filters)
    now = timezone.now()
    where, params = public_scope(now, **kw).where()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT s.article_id FROM articles_searchentry s WHERE {where}", params)
        through_scope = {row[0] for row in cursor.fetchall()}
    expected = set(filtered(Article.objects.published(now=now), **kw).values_list("pk", flat=True))
    assert through_scope == expected and expected
