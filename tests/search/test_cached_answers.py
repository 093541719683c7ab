"""A cached answer of the JSON search API serves every host the site answers to."""

import json

import pytest
from django.core.cache import cache

from articles import fragments, page_cache
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_a_cached_search_answer_does_not_carry_another_hosts_links(client, commit, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.ALLOWED_HOSTS = ["news.example.com", "www.news.example.com"]
    page_cache.forget_held()
    fragments.forget_held()
    cache.clear()
    try:
        with commit():
            make_article(headline="供暖进展", body="<p>供暖。</p>")
        client.get("/search.json", {"q": "供暖"}, HTTP_HOST="www.news.example.com")
        answer = json.loads(client.get("/search.json", {"q": "供暖"}, HTTP_HOST="news.example.com").content)
        # The site's own address, as the feeds give, never the other host's.
        assert answer["results"][0]["url"].startswith(settings.SITE_URL + "/")
        assert "www.news.example.com" not in settings.SITE_URL
    finally:
        cache.clear()
        page_cache.forget_held()
        fragments.forget_held()
