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


def test_a_readers_list_pages_without_counting(client):
    from django.utils import timezone

    from articles.models import Department

    section = Department.objects.create(name="要闻")
    now = timezone.now()
    Article.objects.bulk_create(
        [
            Article(
                headline=f"稿{n}",
                slug=f"s{n}",
                department=section,
                status="published",
                publish_at=now - timezone.timedelta(minutes=n),
            )
            for n in range(25)
        ]
    )
    with CaptureQueriesContext(connection) as captured:
        first = client.get(section.get_absolute_url()).content.decode()
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
    assert 'rel="next" href="?page=2"' in first and 'rel="prev"' not in first and "共" not in first
    second = client.get(section.get_absolute_url() + "?page=2").content.decode()
    assert "稿20<" in second and "稿24<" in second and "稿19<" not in second
    assert 'rel="prev" href="?page=1"' in second and 'rel="next"' not in second
    assert client.get(section.get_absolute_url() + "?page=3").status_code == 404
    assert client.get(section.get_absolute_url() + "?page=0").status_code == 404
    assert client.get(section.get_absolute_url() + "?page=x").status_code == 404


@pytest.mark.parametrize("page", [2**63 // 20, 10**30])
def test_a_page_beyond_what_sql_can_offset_is_not_found(client, page):
    from articles.models import Department

    section = Department.objects.create(name="要闻")
    Article.objects.create(headline="稿", department=section, status="published")
    assert client.get(f"{section.get_absolute_url()}?page={page}").status_code == 404
    assert client.get(f"/archive/?page={page}").status_code == 404
