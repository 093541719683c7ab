"""A cached page is answered only for the site's own host names."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(page_cache_backend):
    """On the local-memory cache and on Redis (tests/scale/conftest.py)."""


def test_a_cached_page_is_not_answered_for_a_foreign_host(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    story = Article.objects.create(
        headline="朔城公安", status="published", publish_at=timezone.now() - timedelta(hours=1)
    )
    url = story.get_absolute_url()
    client.get(url)
    assert client.get(url).headers.get("X-Page-Cache") == "hit"
    foreign = client.get(url, HTTP_HOST="evil.example")
    assert foreign.status_code == 400 and "X-Page-Cache" not in foreign.headers
