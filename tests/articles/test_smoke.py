import pytest

from articles.models import Article


@pytest.mark.django_db
def test_migrations_create_an_empty_article_table():
    assert Article.objects.count() == 0
