"""Feeds and sitemaps stay valid XML and list every story.

Digitized pages carry form feeds and vertical tabs (\\x0c, \\x0b): the import
kept them, the admin accepted them, and XML 1.0 cannot hold them.
"""

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.sitemaps import ArticleSitemap
from tests.factories import make_article, make_byline, make_person

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "shuozhou-page-2022-11.txt"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
@pytest.mark.parametrize("field", ["headline", "summary"])
def test_a_form_feed_in_a_story_does_not_break_the_site_feeds(client, url, field):
    make_article(**{field: "朔州\x0c新闻\x0b"})
    response = client.get(url)
    assert response.status_code == 200
    ET.fromstring(response.content)


def test_an_imported_page_with_a_form_feed_keeps_the_feed_up(client, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(SEED.read_text(encoding="utf-8").replace("冲在“疫”线的政协人", "冲在“疫”线\x0c的政协人", 1))
    call_command("import_print_page", str(page), "--date", "2022-11-21", stdout=io.StringIO(), stderr=io.StringIO())
    response = client.get("/feed/")
    assert response.status_code == 200
    ET.fromstring(response.content)


def test_a_control_character_in_a_persons_name_does_not_break_their_feed(client):
    person = make_person(name="张\x0b国强")
    make_byline(make_article(), person)
    response = client.get(person.get_absolute_url() + "feed/")
    assert response.status_code == 200
    ET.fromstring(response.content)


def test_the_news_sitemap_is_valid_xml_with_a_form_feed_in_a_headline(client):
    make_article(headline="朔州\x0c新闻")
    ET.fromstring(client.get("/sitemap-news.xml").content)


def test_the_sitemap_index_links_every_page_of_the_stories_sitemap(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for _ in range(5):
        make_article()
    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in index.iter(f"{SITEMAP}loc") if "sitemap-articles" in loc.text]
    assert len(locations) == 3
    assert len(set(locations)) == 3, locations


# Rows saved before saves stripped these characters still hold them: the
# feeds and the news sitemap clean what they write.
@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_a_stored_row_holding_control_characters_does_not_break_the_site_feeds(client, url):
    story = make_article()
    Article.objects.filter(pk=story.pk).update(headline="朔州\x0c新闻", summary="摘要\x0b\x01")
    response = client.get(url)
    assert response.status_code == 200
    assert "朔州新闻" in response.content.decode()
    ET.fromstring(response.content)


def test_a_stored_row_holding_a_form_feed_leaves_the_news_sitemap_valid(client):
    story = make_article()
    Article.objects.filter(pk=story.pk).update(headline="朔州\x0c新闻")
    document = ET.fromstring(client.get("/sitemap-news.xml").content)
    titles = [title.text for title in document.iter("{http://www.google.com/schemas/sitemap-news/0.9}title")]
    assert titles == ["朔州新闻"]


def test_a_stored_persons_name_holding_a_control_character_does_not_break_their_feed(client):
    person = make_person(name="张国强")
    make_byline(make_article(), person)
    type(person).objects.filter(pk=person.pk).update(name="张\x0b国强")
    response = client.get(person.get_absolute_url() + "feed/")
    assert response.status_code == 200
    assert ET.fromstring(response.content).find("channel/title").text.startswith("张国强")


def test_saving_a_story_or_person_strips_what_xml_cannot_hold():
    story = make_article(headline="朔州\x0c新闻", summary="a\x0bb", kicker="引\x01题", body="<p>正\x0c文</p>")
    story.refresh_from_db()
    assert (story.headline, story.summary, story.kicker, story.body) == ("朔州新闻", "a b", "引题", "<p>正文</p>")
    person = make_person(name="张\x0b国强")
    person.refresh_from_db()
    assert person.name == "张国强"
