"""RSS, Atom and the sitemaps."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Byline
from tests.factories import make_article, make_byline, make_department, make_mention, make_person

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def stories():
    politics, sport = make_department(name="要闻"), make_department(name="体育")
    reporter = make_person(name="张国强")
    first = make_article(headline="要闻稿件", department=politics, tags=["抗疫"], summary="要闻摘要")
    make_byline(first, reporter, role=Byline.Role.REPORTER)
    make_byline(first, None, credit="市纪委监委")
    second = make_article(headline="体育稿件", department=sport)
    make_mention(second, reporter)
    return {"politics": politics, "sport": sport, "reporter": reporter}


def _rss_titles(response):
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")]


def _atom_titles(response):
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_site_feeds_list_published_stories(client, stories, settings):
    response = client.get(reverse("articles:feed"))
    assert sorted(_rss_titles(response)) == ["体育稿件", "要闻稿件"]
    root = ElementTree.fromstring(response.content)
    item = next(i for i in root.iter("item") if i.findtext("title") == "要闻稿件")
    assert item.findtext("link").startswith(settings.SITE_URL + "/story/")
    assert item.findtext("description") == "要闻摘要"
    assert [c.text for c in item.iter("category")] == ["抗疫"]
    assert sorted(_atom_titles(client.get(reverse("articles:feed-atom")))) == ["体育稿件", "要闻稿件"]


def test_atom_entries_name_every_author(client, stories):
    root = ElementTree.fromstring(client.get(reverse("articles:feed-atom")).content)
    entry = next(e for e in root.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == "要闻稿件")
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "张国强、市纪委监委"


def test_department_tag_and_person_feeds(client, stories):
    dept = stories["politics"].slug
    assert _rss_titles(client.get(reverse("articles:department-feed", kwargs={"slug": dept}))) == ["要闻稿件"]
    assert _atom_titles(client.get(reverse("articles:department-feed-atom", kwargs={"slug": dept}))) == ["要闻稿件"]
    assert _rss_titles(client.get(reverse("articles:tag-feed", kwargs={"slug": "抗疫"}))) == ["要闻稿件"]
    assert _atom_titles(client.get(reverse("articles:tag-feed-atom", kwargs={"slug": "抗疫"}))) == ["要闻稿件"]
    person = stories["reporter"].slug
    # Stories by them and stories that name them.
    assert sorted(_rss_titles(client.get(reverse("people:feed", kwargs={"slug": person})))) == ["体育稿件", "要闻稿件"]
    assert len(_atom_titles(client.get(reverse("people:feed-atom", kwargs={"slug": person})))) == 2


def test_feeds_for_unknown_objects_answer_404(client):
    for url in ["/section/no-such/feed/", "/tag/不存在/feed/atom/", "/people/no-such/feed/"]:
        assert client.get(url).status_code == 404, url


def test_sitemap_index_lists_sections_and_sections_list_urls(client, stories, settings):
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert settings.SITE_URL + "/sitemap-articles.xml" in sections
    assert any(s.endswith("/sitemap-news.xml") for s in sections)
    urls = [
        loc.text for loc in ElementTree.fromstring(client.get("/sitemap-articles.xml").content).iter(f"{SITEMAP}loc")
    ]
    assert len(urls) == 2 and all(u.startswith(settings.SITE_URL + "/story/") for u in urls)
    people = client.get("/sitemap-people.xml").content.decode()
    assert stories["reporter"].get_absolute_url() in people
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_news_sitemap_has_only_the_last_two_days(client, settings):
    make_article(headline="今天的稿件", publish_at=timezone.now() - timedelta(hours=3))
    make_article(headline="三天前的稿件", publish_at=timezone.now() - timedelta(days=3))
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    titles = [n.findtext(f"{NEWS}title") for n in root.iter(f"{NEWS}news")]
    assert titles == ["今天的稿件"]
    news = next(root.iter(f"{NEWS}news"))
    assert news.find(f"{NEWS}publication").findtext(f"{NEWS}name") == settings.SITE_NAME
    assert news.find(f"{NEWS}publication").findtext(f"{NEWS}language") == "zh-cn"
    assert news.findtext(f"{NEWS}publication_date").endswith("+08:00")
