"""Audit: readers' search finds a person by their given name, and the JSON
API's absolute links are those of the host asked."""

import json

import pytest
from django.core.cache import cache

from articles import fragments, page_cache
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, given", [("韩永红", "永红"), ("王小明", "小明")])
def test_audit_a_given_name_finds_the_story_that_names_the_person_in_its_text(client, commit, name, given):
    with commit():
        make_article(headline="街头执勤", body=f"<p>朔城分局民警{name}在街头执勤。</p>")
    assert json.loads(client.get("/search.json", {"q": name}).content)["total"] == 1
    assert json.loads(client.get("/search.json", {"q": given}).content)["total"] == 1


def test_audit_a_cached_search_answer_does_not_carry_another_hosts_links(client, commit, settings):
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
        # Either the host asked or the site's own address (as the feeds use), never the other host.
        assert answer["results"][0]["url"].startswith(("http://news.example.com/", settings.SITE_URL + "/"))
    finally:
        cache.clear()
        page_cache.forget_held()
        fragments.forget_held()
