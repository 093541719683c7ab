"""A story taken down stays down while the database is unreachable: no page
that showed it (its own, the lists with its card) is served from the copy
kept for outages, while pages that never showed it still are."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles import views, workflow
from articles.models import Article
from articles.page_cache.dependencies import _new_versions, version_key
from articles.page_cache.middleware import page_key
from people.views import PersonDetailView
from tests.factories import make_article, make_byline, make_department, make_person, sign_off

from .test_db_outage import database_down

pytestmark = pytest.mark.django_db
HEADLINE = "已撤稿的报道"
BODY = "依法撤下的内容"


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _embargo_again(story):
    story.publish_at = timezone.now() + timedelta(days=1)
    story.save()


TAKEDOWNS = {
    "unpublished": lambda story: workflow.unpublish(Article.objects.filter(pk=story.pk)),
    "archived": lambda story: workflow.archive(Article.objects.filter(pk=story.pk)),
    "deleted": lambda story: story.delete(),
    "embargoed again": _embargo_again,
}
# Each page, and the view that reads the database for it.
PAGES = {
    "story": (lambda story: story.get_absolute_url(), views.ArticleDetailView),
    "home": (lambda story: "/", views.HomeView),
    "section": (lambda story: story.department.get_absolute_url(), views.DepartmentView),
    "tag": (lambda story: reverse("articles:tag", args=[story.tags.get().slug]), views.TagView),
    "person": (lambda story: story.bylines.get().person.get_absolute_url(), PersonDetailView),
}


@pytest.fixture
def story():
    story = make_article(
        department=make_department(name="要闻"), headline=HEADLINE, body=f"<p>{BODY}。</p>", tags=["抗疫"]
    )
    make_byline(article=story, person=make_person(name="张国强", on_staff=True))
    return story


def _outage(monkeypatch, client):
    for view in {view for _, view in PAGES.values()}:
        monkeypatch.setattr(view, "get", database_down)
    # An outage met by the page cache's own call of a view is answered by the
    # error handler (newsroom/db_outage.py), as in production, not raised here.
    client.raise_request_exception = False


def test_a_story_unpublished_is_not_served_from_the_stale_copy_during_an_outage(client, page_cache_on, monkeypatch):
    story = make_article(headline=HEADLINE, body=f"<p>{BODY}。</p>")
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200  # a reader's visit keeps the page

    workflow.unpublish(Article.objects.filter(pk=story.pk))  # the editor takes it down
    assert client.get(url).status_code == 404

    monkeypatch.setattr(views.ArticleDetailView, "get", database_down)  # then the database goes away
    during = client.get(url)
    assert BODY not in during.content.decode()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("takedown", TAKEDOWNS)
def test_no_page_that_showed_a_story_taken_down_is_served_stale(
    client, page_cache_on, monkeypatch, story, takedown, page
):
    url = PAGES[page][0](story)
    kept = client.get(url)
    assert kept.status_code == 200 and HEADLINE in kept.content.decode()

    TAKEDOWNS[takedown](story)  # no reader asks for the page before the outage
    _outage(monkeypatch, client)
    during = client.get(url)
    assert during.status_code == 503 and HEADLINE not in during.content.decode()
    assert "X-Page-Cache" not in during.headers


@pytest.mark.parametrize("takedown", TAKEDOWNS)
def test_a_page_that_never_showed_the_story_is_still_served_stale(client, page_cache_on, monkeypatch, story, takedown):
    other = make_article(department=make_department(name="经济"), headline="平朔保卫中心不退")
    url = other.department.get_absolute_url()
    client.get(url)
    other.summary = "改过的摘要"
    other.save()  # the copy is out of date, as the story's pages are

    TAKEDOWNS[takedown](story)
    _outage(monkeypatch, client)
    during = client.get(url)
    assert during.status_code == 200 and during.headers["X-Page-Cache"] == "stale-if-error"
    assert "平朔保卫中心不退" in during.content.decode()


def test_a_withdrawal_outlives_later_edits_of_the_story(client, page_cache_on, monkeypatch, story):
    url = story.get_absolute_url()
    client.get(url)
    workflow.unpublish(Article.objects.filter(pk=story.pk))
    story.refresh_from_db()
    story.summary = "撤下后改过"
    story.save()  # a bump that takes nothing down

    _outage(monkeypatch, client)
    assert client.get(url).status_code == 503


def test_a_copy_made_after_the_story_came_back_is_served_stale(client, page_cache_on, monkeypatch, story):
    url = story.get_absolute_url()
    client.get(url)
    workflow.unpublish(Article.objects.filter(pk=story.pk))
    story.refresh_from_db()
    workflow.publish(Article.objects.filter(pk=sign_off(story).pk))  # back on the site
    assert client.get(url).headers["X-Page-Cache"] == "miss"  # the copy made now
    story.refresh_from_db()
    story.summary = "又改了"
    story.save()

    _outage(monkeypatch, client)
    during = client.get(url)
    assert during.status_code == 200 and during.headers["X-Page-Cache"] == "stale-if-error"
    assert BODY in during.content.decode()


@pytest.mark.parametrize("takedown", TAKEDOWNS)
def test_a_page_answering_404_no_longer_keeps_its_copy(client, page_cache_on, story, takedown):
    url = story.get_absolute_url()
    client.get(url)
    assert cache.get(page_key(url)) is not None

    TAKEDOWNS[takedown](story)
    assert client.get(url).status_code == 404
    assert cache.get(page_key(url)) is None


def test_a_withdrawal_is_kept_as_long_as_a_copy_made_before_it_may_be(settings):
    name = "articles.article:1"
    kept_ns = (settings.PAGE_CACHE_SECONDS + settings.PAGE_CACHE_STALE_IF_ERROR_SECONDS) * 1_000_000_000
    recent = _new_versions([name], None, {}, "clock", frozenset({name}))[version_key(name)]
    assert len(recent) == 3  # (token, dues, withdrawn)
    carried = _new_versions([name], None, {version_key(name): recent}, "clock")[version_key(name)]
    assert carried[2] == recent[2] and carried[0] >= recent[0]
    old = (recent[0] - kept_ns - 1, (), recent[2] - kept_ns - 1)
    assert len(_new_versions([name], None, {version_key(name): old}, "clock")[version_key(name)]) == 2


def test_a_copy_whose_withdrawals_cannot_be_read_is_not_served_when_redis_is_down_too(
    client, shared_cache, monkeypatch, story
):
    url = story.get_absolute_url()
    client.get(url)
    assert client.get(url).headers["X-Page-Cache"] == "hit"  # this worker holds it in memory
    workflow.unpublish(Article.objects.filter(pk=story.pk))

    shared_cache.stop(save=True)  # Redis goes away, then the database
    _outage(monkeypatch, client)
    during = client.get(url)
    assert during.status_code == 503 and HEADLINE not in during.content.decode()
