"""The people a reader is shown (sitemap-people.xml, a person's page) follow
a change to whether a mention of them is public, with the page cache on: a
person whose last public mention is unconfirmed or deleted leaves them at
once, and one whose mention is confirmed joins them at once."""

from datetime import timedelta

import pytest
from django.db.utils import OperationalError
from django.utils import timezone

from articles.models import Article, Byline
from people import views
from people.models import Mention, Person

pytestmark = pytest.mark.django_db
SITEMAP = "/sitemap-people.xml"


@pytest.fixture(autouse=True)
def page_cache_on(page_cache_backend, settings):
    """Both backends (tests/scale/conftest.py); only editors' confirmations make a mention public."""
    settings.PEOPLE_PUBLIC_MIN_CONFIDENCE = None


@pytest.fixture
def story():
    return Article.objects.create(
        headline="朔城公安守护群众", status="published", publish_at=timezone.now() - timedelta(hours=1)
    )


def _cached(client, url):
    """``url`` as a reader gets it, stored in the page cache and served from it."""
    first = client.get(url)
    assert first.status_code == 200 and first.headers["X-Page-Cache"] == "miss"
    assert client.get(url).headers["X-Page-Cache"] == "hit"
    return first.content.decode()


def _unconfirm(mention):
    mention.confirmed = False
    mention.save()


@pytest.mark.parametrize("change", [_unconfirm, Mention.delete], ids=["unconfirmed", "deleted"])
def test_a_person_leaves_the_cached_sitemap_and_page_with_their_last_public_mention(client, story, change):
    person = Person.objects.create(name="武跃林")
    mention = Mention.objects.create(article=story, person=person, confirmed=True)
    assert person.get_absolute_url() in _cached(client, SITEMAP)
    _cached(client, person.get_absolute_url())
    change(mention)
    assert person.get_absolute_url() not in client.get(SITEMAP).content.decode()
    assert client.get(person.get_absolute_url()).status_code == 404


def test_a_person_joins_the_cached_sitemap_when_their_mention_is_confirmed(client, story):
    person = Person.objects.create(name="武跃林")
    mention = Mention.objects.create(article=story, person=person, confirmed=False)
    assert person.get_absolute_url() not in _cached(client, SITEMAP)
    mention.confirmed = True
    mention.save()
    assert person.get_absolute_url() in client.get(SITEMAP).content.decode()
    assert client.get(person.get_absolute_url()).status_code == 200


def test_a_mention_moved_to_another_person_moves_them_in_the_cached_sitemap(client, story):
    before, after = Person.objects.create(name="武跃林"), Person.objects.create(name="洪常中")
    mention = Mention.objects.create(article=story, person=before, confirmed=True)
    assert before.get_absolute_url() in _cached(client, SITEMAP)
    mention.person = after
    mention.save()
    sitemap = client.get(SITEMAP).content.decode()
    assert before.get_absolute_url() not in sitemap and after.get_absolute_url() in sitemap


def test_a_person_no_longer_shown_is_not_served_stale_while_the_database_is_down(client, story, monkeypatch):
    person = Person.objects.create(name="武跃林")
    mention = Mention.objects.create(article=story, person=person, confirmed=True)
    _cached(client, person.get_absolute_url())
    _unconfirm(mention)

    def database_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.PersonDetailView, "get_object", database_down)
    response = client.get(person.get_absolute_url())
    assert response.headers.get("X-Page-Cache") != "stale-if-error" and "武跃林" not in response.content.decode()


def test_a_mention_that_stays_public_leaves_other_pages_that_show_the_person_cached(client, story):
    person = Person.objects.create(name="武跃林")
    mention = Mention.objects.create(article=story, person=person, confirmed=True)
    _cached(client, SITEMAP)
    mention.title = "朔城区公安局局长"
    mention.save()
    assert client.get(SITEMAP).headers["X-Page-Cache"] == "hit"


def test_a_writer_leaves_the_cached_sitemap_with_their_last_byline(client, story):
    person = Person.objects.create(name="武跃林")
    byline = Byline.objects.create(article=story, person=person, role="reporter")
    assert person.get_absolute_url() in _cached(client, SITEMAP)
    byline.delete()
    assert person.get_absolute_url() not in client.get(SITEMAP).content.decode()


def test_a_new_byline_of_someone_already_shown_leaves_their_other_cards_cached(client, story):
    """Every card with a reporter's byline depends on their row: their next
    story joins the people sitemap's list, never outdates those cards."""
    from articles.page_cache.dependencies import read_versions
    from articles.page_cache.dependencies import row_key as row

    reporter = Person.objects.create(name="洪常中", on_staff=True)
    Byline.objects.create(article=story, person=reporter, role=Byline.Role.REPORTER, position=0)
    before = read_versions([row(Person, reporter.pk), "list:people"], fresh=True)
    later = Article.objects.create(
        headline="新稿", status="published", publish_at=timezone.now() - timedelta(minutes=1)
    )
    Byline.objects.create(article=later, person=reporter, role=Byline.Role.REPORTER, position=0)
    after = read_versions([row(Person, reporter.pk), "list:people"], fresh=True)
    assert after[row(Person, reporter.pk)] == before[row(Person, reporter.pk)]
    assert after["list:people"] != before["list:people"]
