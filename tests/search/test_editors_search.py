"""Editors' search in the admin changelist: every status, the changelist's own
filters kept, the same stories however the matches are handed over."""

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article
from articles.search import backends, planner
from articles.search.query import admin_search
from tests.factories import make_article, make_department, make_user

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_article_changelist")
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan for editors' search")


@pytest.fixture
def desk_stories(commit):
    """Stories about 供暖 in every status across two sections, and others."""
    city, society = make_department(name="城市"), make_department(name="社会")
    statuses = [Article.Status.PUBLISHED, Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.ARCHIVED]
    with commit():
        heating = [
            make_article(
                headline=f"供暖进展{i}",
                body=f"<p>第{i}批小区开始供暖。</p>",
                status=statuses[i % 4],
                department=[city, society][i % 2],
            )
            for i in range(8)
        ]
        make_article(headline="全员核酸检测", body="<p>居民排队。</p>", department=city)
    return city, heating


def _found(queryset, term):
    return sorted(a.pk for a in admin_search(queryset, term)[0])


@on_postgresql
@pytest.mark.parametrize("ids_at_most", [0, 3, 1000])
def test_the_same_stories_whether_handed_over_as_ids_or_as_a_subquery(desk_stories, monkeypatch, ids_at_most):
    city, heating = desk_stories
    monkeypatch.setattr(backends, "ADMIN_IDS", ids_at_most)
    assert _found(Article.objects.all(), "供暖") == sorted(a.pk for a in heating)
    assert _found(Article.objects.filter(department=city), "供暖 小区") == sorted(
        a.pk for a in heating if a.department_id == city.pk
    )
    assert _found(Article.objects.filter(status=Article.Status.DRAFT), "供暖") == sorted(
        a.pk for a in heating if a.status == Article.Status.DRAFT
    )
    assert _found(Article.objects.all(), "不存在的词") == []


@on_postgresql
def test_few_matches_are_looked_up_by_id_and_many_through_the_search_table(desk_stories, monkeypatch):
    from articles.search.tokens import parse_query

    parsed = parse_query("供暖")
    monkeypatch.setattr(backends, "ADMIN_IDS", 8)
    few = backends.PostgresBackend().matching(parsed, "default")
    assert "unnest" in few.sql and sorted(few.params[0]) == sorted(a.pk for a in desk_stories[1])
    monkeypatch.setattr(backends, "ADMIN_IDS", 7)
    many = backends.PostgresBackend().matching(parsed, "default")
    assert many.model._meta.db_table == "articles_searchentry"


@on_postgresql
def test_search_vectors_keep_finer_statistics():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute"
            " WHERE attrelid = 'articles_searchentry'::regclass AND attname = 'vector'"
        )
        assert cursor.fetchone()[0] == 1000


@pytest.mark.parametrize("ids_at_most", [0, 1000])
def test_the_changelist_lists_what_an_editor_searched_for(client, desk_stories, monkeypatch, ids_at_most):
    monkeypatch.setattr(backends, "ADMIN_IDS", ids_at_most)
    client.force_login(make_user("Editor", "editor"))
    city, heating = desk_stories
    response = client.get(CHANGELIST, {"q": "供暖", "department__id__exact": city.pk})
    assert response.status_code == 200
    shown = sorted(a.pk for a in response.context["cl"].result_list)
    assert shown == sorted(a.pk for a in heating if a.department_id == city.pk)
    assert response.context["cl"].result_count == len(shown)


def _seqscan(alias="default"):
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        return cursor.fetchone()[0]


@on_postgresql
def test_a_search_transaction_inside_another_keeps_its_setting():
    with planner.search_transaction("default"):
        with planner.search_transaction("default"):
            assert _seqscan() == "off"
        assert _seqscan() == "off"
    assert _seqscan() == "on"


def _changelist_sql(client, monkeypatch, planner_scans):
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(backends, "ADMIN_IDS", 0)  # hand over a subquery
    monkeypatch.setattr(planner, "scans", lambda plan, table: planner_scans)
    client.force_login(make_user("Editor", "editor"))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(CHANGELIST, {"q": "供暖"})
    assert response.status_code == 200 and len(response.context["cl"].result_list) == 8
    return [q["sql"] for q in ctx.captured_queries]


@on_postgresql
def test_a_changelist_the_planner_would_scan_the_vectors_for_runs_with_scans_off(client, desk_stories, monkeypatch):
    sql = _changelist_sql(client, monkeypatch, planner_scans=True)
    explain = next(i for i, q in enumerate(sql) if q.startswith("EXPLAIN"))
    assert sql[explain + 1] == "SET LOCAL enable_seqscan = off"
    reset = len(sql) - 1 - sql[::-1].index("RESET enable_seqscan")
    over_matches = [
        i
        for i, q in enumerate(sql)
        if "articles_article" in q and "articles_searchentry" in q and not q.startswith("EXPLAIN")
    ]
    # The count, the page and the date hierarchy's first/last dates and years.
    assert len(over_matches) >= 4
    assert all(explain + 1 < i < reset for i in over_matches)
    assert _seqscan() == "on"


@on_postgresql
def test_a_changelist_the_planner_reads_through_the_index_keeps_its_plans(client, desk_stories, monkeypatch):
    sql = _changelist_sql(client, monkeypatch, planner_scans=False)
    explain = next(i for i, q in enumerate(sql) if q.startswith("EXPLAIN"))
    assert "SET LOCAL enable_seqscan = off" not in sql[explain:]
    assert _seqscan() == "on"


def test_scans_finds_a_sequential_scan_anywhere_in_a_plan():
    gather = {
        "Node Type": "Gather",
        "Plans": [{"Node Type": "Seq Scan", "Parallel Aware": True, "Relation Name": "articles_searchentry"}],
    }
    bitmap = {
        "Node Type": "Bitmap Heap Scan",
        "Relation Name": "articles_searchentry",
        "Plans": [{"Node Type": "Bitmap Index Scan", "Index Name": "articles_searchentry_vector_gin"}],
    }
    assert planner.scans(gather, "articles_searchentry")
    assert not planner.scans(bitmap, "articles_searchentry")
    assert not planner.scans(gather, "articles_article")
