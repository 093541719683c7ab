"""The admin's changelist does not COUNT(*) a large unfiltered table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import paginators
from articles.models import Article
from articles.paginators import EstimatedCountPaginator

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's planner statistics")
def test_an_unfiltered_large_table_uses_the_planner_estimate(monkeypatch):
    Article.objects.bulk_create([Article(headline=f"稿{n}", slug=f"s{n}") for n in range(30)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", 10)
    with CaptureQueriesContext(connection) as captured:
        count = EstimatedCountPaginator(Article.objects.all(), 50).count
    assert count == 30
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)


def test_a_filtered_list_is_counted_exactly(monkeypatch):
    Article.objects.bulk_create(
        [Article(headline=f"稿{n}", slug=f"s{n}", kind="photo" if n % 3 else "story") for n in range(30)]
    )
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", 0)
    assert EstimatedCountPaginator(Article.objects.filter(kind="story"), 50).count == 10
