"""The page cache: hits for anonymous readers, exact invalidation, scheduled stories, editors bypass."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Byline, Department
from people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(page_cache_backend):
    """Every test here runs on the local-memory cache and on Redis (tests/scale/conftest.py)."""


@pytest.fixture
def site():
    society, economy = Department.objects.create(name="社会"), Department.objects.create(name="经济")
    past = timezone.now() - timedelta(hours=1)
    police = Article.objects.create(
        headline="朔城公安守护群众", department=society, status="published", publish_at=past
    )
    bus = Article.objects.create(
        headline="公交人奔波一线", department=society, status="published", publish_at=past - timedelta(hours=1)
    )
    coal = Article.objects.create(headline="平朔保卫中心不退", department=economy, status="published", publish_at=past)
    return {"society": society, "economy": economy, "police": police, "bus": bus, "coal": coal}


def _get(client, url):
    response = client.get(url)
    return response, response.headers.get("X-Page-Cache")


def _warm(client, *urls):
    for url in urls:
        assert _get(client, url)[1] == "miss"
        assert _get(client, url)[1] == "hit"


def test_a_second_anonymous_request_is_served_from_the_cache_with_cdn_headers(client, site):
    url = site["police"].get_absolute_url()
    first, state = _get(client, url)
    assert state == "miss"
    second, state = _get(client, url)
    assert state == "hit" and second.content == first.content
    cache_control = second.headers["Cache-Control"]
    assert "public" in cache_control and "max-age=60" in cache_control and "stale-while-revalidate=600" in cache_control
    assert second.headers["ETag"] == first.headers["ETag"]


def test_a_matching_etag_gets_304(client, site):
    url = site["police"].get_absolute_url()
    etag = client.get(url).headers["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_editing_a_story_clears_the_pages_that_show_it_and_nothing_else(client, site):
    police, bus, coal = site["police"], site["bus"], site["coal"]
    pages = [
        "/",
        police.get_absolute_url(),
        site["society"].get_absolute_url(),
        bus.get_absolute_url(),
        site["economy"].get_absolute_url(),
        coal.get_absolute_url(),
    ]
    _warm(client, *pages)
    police.summary = "警民一家亲"
    police.save()
    states = {url: _get(client, url)[1] for url in pages}
    assert states[police.get_absolute_url()] == "miss"
    assert states["/"] == "miss" and states[site["society"].get_absolute_url()] == "miss"
    assert states[bus.get_absolute_url()] == "hit"
    assert "警民一家亲" in client.get(police.get_absolute_url()).content.decode()
    assert states[site["economy"].get_absolute_url()] == "hit"
    assert states[coal.get_absolute_url()] == "hit"


def test_publishing_a_story_clears_its_lists_only(client, site):
    pages = [
        "/",
        site["society"].get_absolute_url(),
        site["economy"].get_absolute_url(),
        site["coal"].get_absolute_url(),
    ]
    _warm(client, *pages)
    Article.objects.create(headline="社会新稿", department=site["society"], status="published")
    assert _get(client, "/")[1] == "miss"
    society, state = _get(client, site["society"].get_absolute_url())
    assert state == "miss" and "社会新稿" in society.content.decode()
    assert _get(client, site["economy"].get_absolute_url())[1] == "hit"
    assert _get(client, site["coal"].get_absolute_url())[1] == "hit"


def test_unpublishing_takes_a_story_off_every_cached_page(client, site):
    police = site["police"]
    _warm(client, "/", police.get_absolute_url())
    police.status = Article.Status.DRAFT
    police.save()
    assert client.get(police.get_absolute_url()).status_code == 404
    assert "朔城公安守护群众" not in client.get("/").content.decode()


def test_a_new_byline_clears_the_story_and_the_persons_page(client, site):
    person = Person.objects.create(name="武跃林")
    Byline.objects.create(article=site["bus"], person=person, role="reporter")
    _warm(client, site["police"].get_absolute_url(), person.get_absolute_url(), site["coal"].get_absolute_url())
    Byline.objects.create(article=site["police"], person=person, role="reporter")
    assert _get(client, site["police"].get_absolute_url())[1] == "miss"
    person_page, state = _get(client, person.get_absolute_url())
    assert state == "miss" and "朔城公安守护群众" in person_page.content.decode()
    assert _get(client, site["coal"].get_absolute_url())[1] == "hit"


def test_a_scheduled_story_appears_at_its_time_without_waiting_for_the_cache(client, site):
    Article.objects.create(
        headline="定时发布的稿件",
        department=site["society"],
        status="published",
        publish_at=timezone.now() + timedelta(seconds=1.5),
    )
    _warm(client, "/", site["society"].get_absolute_url())
    assert "定时发布的稿件" not in client.get("/").content.decode()
    time.sleep(1.6)
    home, state = _get(client, "/")
    assert state == "miss" and "定时发布的稿件" in home.content.decode()
    assert "定时发布的稿件" in client.get(site["society"].get_absolute_url()).content.decode()


def test_editors_always_get_fresh_private_pages(client, site, admin_user):
    url = site["police"].get_absolute_url()
    _warm(client, url)
    client.force_login(admin_user)
    response, state = _get(client, url)
    assert state is None
    assert "private" in response.headers["Cache-Control"]


def test_pages_rendered_by_other_templates_are_not_served(client, site, monkeypatch):
    from articles.page_cache import middleware

    url = site["police"].get_absolute_url()
    _warm(client, url)
    # A deploy that changes a template (or a template tag, or a translation).
    monkeypatch.setattr(middleware, "template_version", lambda: "next-deploy")
    assert _get(client, url)[1] == "miss"
    assert _get(client, url)[1] == "hit"
