"""Redis stopped, hung or back with old data, in this process: every public
page still answers from the database, sessions fall back to it, and an
invalidation lost in the outage never leaves a stale page behind."""

import logging
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.sitemaps import SITEMAPS
from caching.models import CacheGeneration
from tests.factories import (
    make_article,
    make_byline,
    make_department,
    make_edition,
    make_mention,
    make_person,
    make_photo,
    make_print_page,
)
from tests.faults.conftest import outage, until_redis_is_tried_again

pytestmark = pytest.mark.django_db
HEADLINE = "冲在疫线的政协人"


@pytest.fixture
def site(shared_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index is written at commit
        return _site()


def _site():
    section = make_department(name="要闻")
    page = make_print_page(edition=make_edition())
    story = make_article(
        department=section,
        headline=HEADLINE,
        print_page=page,
        print_position=1,
        tags=["抗疫"],
        body="<p>市政协机关干部下沉社区。</p>",
    )
    person = make_person(name="张国强", on_staff=True)
    make_byline(article=story, person=person)
    make_mention(article=story, person=make_person(name="李红梅"))
    make_photo(article=story)
    return {"story": story, "section": section, "person": person, "edition": page.edition}


def public_urls(site):
    story, section, person, edition = site["story"], site["section"], site["person"], site["edition"]
    published = timezone.localtime(story.publish_at)
    day = {"year": published.year, "month": published.month, "day": published.day}
    pages = {
        "/": HEADLINE,
        story.get_absolute_url(): "市政协机关干部下沉社区",
        section.get_absolute_url(): HEADLINE,
        reverse("articles:tag", kwargs={"slug": story.tags.get().slug}): HEADLINE,
        person.get_absolute_url(): HEADLINE,
        reverse("articles:archive"): str(published.year),
        reverse("articles:archive-year", kwargs={"year": day["year"]}): str(published.month),
        reverse("articles:archive-month", kwargs={"year": day["year"], "month": day["month"]}): HEADLINE,
        reverse("articles:archive-day", kwargs=day): HEADLINE,
        reverse("articles:editions"): edition.publication.name,
        reverse(
            "articles:edition",
            kwargs={
                "publication": edition.publication.slug,
                "year": edition.date.year,
                "month": edition.date.month,
                "day": edition.date.day,
            },
        ): HEADLINE,
        reverse("search:results") + "?q=政协": story.get_absolute_url(),
        reverse("search:json") + "?q=政协": HEADLINE,
        "/robots.txt": "sitemap.xml",
    }
    tag = story.tags.get().slug
    feeds = [
        reverse("articles:feed"),
        reverse("articles:feed-atom"),
        reverse("articles:department-feed", kwargs={"slug": section.slug}),
        reverse("articles:department-feed-atom", kwargs={"slug": section.slug}),
        reverse("articles:tag-feed", kwargs={"slug": tag}),
        reverse("articles:tag-feed-atom", kwargs={"slug": tag}),
        reverse("people:feed", kwargs={"slug": person.slug}),
        reverse("people:feed-atom", kwargs={"slug": person.slug}),
    ]
    pages.update(dict.fromkeys(feeds, HEADLINE))
    sitemaps = {
        "/sitemap.xml": "sitemap-articles.xml",
        "/sitemap-news.xml": HEADLINE,
        "/sitemap-articles.xml": story.get_absolute_url(),
        "/sitemap-people.xml": person.get_absolute_url(),
        "/sitemap-departments.xml": section.get_absolute_url(),
        "/sitemap-home.xml": "<loc>",
        "/sitemap-tags.xml": "/tag/",
    }
    assert {f"/sitemap-{name}.xml" for name in SITEMAPS} <= set(sitemaps), "a sitemap section this test misses"
    pages.update(sitemaps)
    return pages


def test_every_public_page_feed_and_sitemap_answers_from_the_database_with_redis_stopped(
    client, site, shared_cache, caplog, django_capture_on_commit_callbacks
):
    urls = public_urls(site)
    for url, expected in urls.items():  # pages reach the cache while it is up
        assert expected in client.get(url).content.decode(), url
    assert client.get("/").headers["X-Page-Cache"] == "hit"
    caplog.set_level(logging.WARNING, logger="newsroom.outages")

    shared_cache.stop()
    site["story"].summary = "停机期间的改动"
    with django_capture_on_commit_callbacks(execute=True):
        site["story"].save()
    for url, expected in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), (url, response.content.decode()[:300])
        if "sitemap" in url:
            ElementTree.fromstring(response.content)
    assert "停机期间的改动" in client.get(site["story"].get_absolute_url()).content.decode()
    # Logged once for the whole outage, not once per request; every call counted.
    lines = [r.getMessage() for r in caplog.records if r.name == "newsroom.outages" and "unavailable" in r.getMessage()]
    assert len(lines) == 1, lines
    assert sum(outage().log.total.values()) >= len(urls)


def test_a_hung_redis_is_tried_once_then_skipped_until_it_may_be_back(client, site, shared_cache):
    url = site["story"].get_absolute_url()
    client.get(url)
    shared_cache.pause()  # the kernel still accepts connections; nothing answers
    try:
        for _ in range(5):
            response = client.get(url)
            assert response.status_code == 200 and HEADLINE in response.content.decode()
    finally:
        shared_cache.resume()
    # One call waited for the socket timeout; the others did not try.
    total = outage().log.total
    assert total["get_many"] >= 5
    assert sum(total.values()) > 1
    assert outage().retry_at > 0


def test_an_edit_missed_while_redis_was_down_never_leaves_a_stale_page_when_it_returns(client, site, shared_cache):
    from articles import page_cache
    from caching import generation

    url = site["story"].get_absolute_url()
    client.get(url)
    assert client.get(url).headers["X-Page-Cache"] == "hit"
    shared_cache.stop(save=True)  # Redis keeps the page and its versions on disk
    story = site["story"]
    story.body = "<p>停机期间改过的正文。</p>"
    story.save()  # the invalidation cannot reach Redis
    story.summary = "又改了一次"
    story.save()
    assert CacheGeneration.objects.count() == 1  # once for the outage, not once per lost write
    shared_cache.start()
    old_pages = shared_cache.client().keys("newsroom:*page2*")
    assert old_pages, "Redis came back without the old page: this test would prove nothing"
    until_redis_is_tried_again()

    for process in ("the one that lost the writes", "another process"):
        if process == "another process":
            story.summary = "再改一次"
            story.body = "<p>停机期间改过的正文，再改一次。</p>"
            shared_cache.stop(save=True)
            story.save()
            shared_cache.start()
            until_redis_is_tried_again()
            generation.forget()
            page_cache.forget_held()
        response = client.get(url)
        assert "停机期间改过的正文" in response.content.decode(), process
        assert response.headers["X-Page-Cache"] == "miss", process
        assert client.get(url).headers["X-Page-Cache"] == "hit", process


def test_editors_sessions_work_from_the_database_and_a_logout_in_the_outage_stays_logged_out(
    client, shared_cache, admin_user
):
    client.force_login(admin_user)
    admin_index = reverse("admin:index")
    assert client.get(admin_index).status_code == 200  # the session is now in Redis too
    cookie = client.cookies["sessionid"].value
    shared_cache.stop(save=True)

    assert client.get(admin_index).status_code == 200  # read from the database
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200
    client.post(reverse("admin:logout"))  # the cached copy cannot be deleted

    shared_cache.start()  # ... and Redis returns holding it
    until_redis_is_tried_again()
    client.cookies["sessionid"] = cookie
    response = client.get(admin_index)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_pages_rendered_in_an_outage_start_no_generation_and_redis_returns_warm(client, site, shared_cache):
    url, home = site["story"].get_absolute_url(), "/"
    client.get(url)
    shared_cache.stop(save=True)
    for _ in range(3):  # rendered from the database; storing them fails
        assert HEADLINE in client.get(home).content.decode()
    assert not CacheGeneration.objects.exists()
    shared_cache.start()
    until_redis_is_tried_again()
    assert client.get(url).headers["X-Page-Cache"] == "hit"
