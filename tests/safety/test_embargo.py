"""An embargoed (scheduled) story never leaks before its time, anywhere a reader can look."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Edition, PrintPage, Publication
from tests.factories import make_article, make_byline, make_department, make_mention, make_person

pytestmark = pytest.mark.django_db
SECRET = "禁发稿件的秘密标题"


@pytest.fixture
def embargoed(settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 600  # caches must not leak it either
    cache.clear()
    department = make_department(name="要闻", slug="yaowen")
    person = make_person(name="韩永红")
    edition = Edition.objects.create(publication=Publication.objects.create(name="朔州日报"), date=date(2022, 11, 21))
    page = PrintPage.objects.create(edition=edition, number=1)
    with django_capture_on_commit_callbacks(execute=True):
        public = make_article(
            headline="公开的稿件 韩永红", department=department, tags=["公交"], print_page=page, print_position=1
        )
        make_mention(article=public, person=person, title="驾驶员")
        make_byline(article=public, person=person)
        secret = make_article(
            headline=SECRET,
            body=f"<p>{SECRET} 韩永红 公交</p>",
            department=department,
            tags=["公交"],
            publish_at=timezone.now() + timedelta(hours=6),
            print_page=page,
            print_position=2,
        )
        make_mention(article=secret, person=person, title="驾驶员")
        make_byline(article=secret, person=person)
    yield {"public": public, "secret": secret, "person": person, "department": department}
    cache.clear()


# Every kind of page, feed, sitemap and API that lists stories; each shows the
# public story, so a missing secret means it was left out, not that the page is empty.
LISTING_URLS = [
    "/",
    "/section/yaowen/",
    "/archive/",
    "/print/shuo-zhou-ri-bao/2022/11/21/",
    "/feed/",
    "/feed/atom/",
    "/section/yaowen/feed/",
    "/sitemap-articles.xml",
    "/sitemap-news.xml",
    "/search/?q=韩永红",
    "/search.json?q=韩永红",
]


def test_nothing_a_reader_can_reach_shows_the_embargoed_story(client, embargoed):
    person, public = embargoed["person"], embargoed["public"]
    tag = public.tags.get()
    urls = LISTING_URLS + [
        person.get_absolute_url(),
        person.get_absolute_url() + "feed/",
        f"/tag/{tag.slug}/",
        f"/tag/{tag.slug}/feed/",
    ]
    for url in urls:
        for attempt in ("fresh", "cached"):
            response = client.get(url)
            assert response.status_code == 200, (url, attempt)
            body = response.content.decode()
            assert public.headline in body or public.slug in body, (url, attempt)
            assert SECRET not in body and embargoed["secret"].slug not in body, (url, attempt)
    story = client.get(public.get_absolute_url()).content.decode()  # related stories, JSON-LD
    assert SECRET not in story and embargoed["secret"].slug not in story
    for url in ["/search/?q=秘密", "/search.json?q=秘密"]:
        assert SECRET not in client.get(url).content.decode()


def test_the_story_itself_and_its_preview_answer_404_without_login(client, embargoed):
    url = embargoed["secret"].get_absolute_url()
    assert client.get(url).status_code == 404
    assert client.get(url + "?preview=1").status_code == 404
