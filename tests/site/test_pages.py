"""What a reader sees on each page type."""

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from articles.models import Article, Byline
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

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def story():
    department = make_department(name="要闻")
    article = make_article(
        department=department,
        kicker="抗疫日记",
        headline="冲在“疫”线的政协人",
        subtitle="市政协机关干部下沉社区纪实",
        summary="政协机关干部下沉社区。",
        dateline="本报讯",
        body="<p>正文第一段。</p><h2>小标题</h2><p>正文第二段。</p>",
        publish_at=datetime(2022, 11, 21, 8, 0, tzinfo=SHANGHAI),
        tags=["抗疫", "政协"],
    )
    reporter = make_person(name="张国强", on_staff=True)
    photographer = make_person(name="王汉平", on_staff=True)
    make_byline(article, reporter, role=Byline.Role.REPORTER, position=0)
    make_byline(article, make_person(name="李明"), role=Byline.Role.CORRESPONDENT, position=1)
    make_byline(article, photographer, role=Byline.Role.PHOTOGRAPHER, position=2)
    make_byline(article, None, credit="市纪委监委", role=Byline.Role.CREDIT, position=3)
    official = make_person(name="赵卫东")
    make_mention(article, official, title="市政协机关副秘书长")
    make_photo(article, caption="干部在社区值守", credit="王汉平")
    make_photo(article, image=False, caption="只有图片说明的照片")
    page = make_print_page(make_edition(), number=2, title="抗疫一线")
    article.print_page, article.print_position = page, 1
    article.save()
    return article


def test_story_page_shows_everything_a_reader_needs(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<html lang="zh-Hans">' in html
    for text in [
        "抗疫日记",
        "冲在“疫”线的政协人",
        "——市政协机关干部下沉社区纪实",
        "本报讯",
        "<h2>小标题</h2>",
        "2022年11月21日 08:00",
        "市纪委监委提供",
        "王汉平</a> 摄",
        "干部在社区值守",
        "只有图片说明的照片",
        "市政协机关副秘书长",
        "第2版",
        "抗疫一线",
        "2022年11月21日",
    ]:
        assert text in html, text
    assert re.search(r"记者 <a href=\"/people/[^\"]+/\">张国强</a>", html)
    assert "通讯员 <a" in html
    assert 'href="/tag/%E6%8A%97%E7%96%AB/"' in html
    assert "srcset=" in html and " 320w" in html


def test_story_page_jsonld_lists_every_author_and_escapes_markup(client, story):
    story.headline = "标题</script><script>alert(1)</script>"
    story.save()
    html = client.get(story.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == story.headline
    assert [a["name"] for a in data["author"]] == ["张国强", "李明", "王汉平", "市纪委监委"]
    assert data["author"][3]["@type"] == "Organization"
    assert data["mainEntityOfPage"].startswith("http://127.0.0.1:8000/story/")


def test_story_page_has_canonical_open_graph_and_twitter_tags(client, story, settings):
    html = client.get(story.get_absolute_url()).content.decode()
    canonical = f"{settings.SITE_URL}{story.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'property="article:tag" content="抗疫"' in html


def test_photo_without_image_shows_only_its_caption(client):
    article = make_article()
    make_photo(article, image=False, caption="说明文字")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "说明文字" in html
    assert "<img" not in html


def test_related_stories_share_tags_or_people(client, story):
    make_article(headline="同标签的稿件", tags=["抗疫"])
    by_person = make_article(headline="同人物的稿件")
    make_mention(by_person, story.mentions.first().person)
    make_article(headline="无关的稿件", tags=["体育"])
    make_article(headline="同标签的草稿", tags=["抗疫"], status=Article.Status.DRAFT)
    html = client.get(story.get_absolute_url()).content.decode()
    related = html.split('id="related-title"')[1]
    assert "同标签的稿件" in related and "同人物的稿件" in related
    assert "无关的稿件" not in related and "同标签的草稿" not in related


def test_home_shows_lead_latest_departments_and_people_in_the_news(client, story):
    other = make_department(name="社会")
    make_article(department=other, headline="社会新闻一则")
    html = client.get(reverse("articles:home")).content.decode()
    assert "冲在“疫”线的政协人" in html
    assert "社会新闻一则" in html
    assert 'id="most-in-news-title"' in html and "赵卫东" in html
    assert 'action="/search/"' in html and 'name="q"' in html
    assert 'href="#content"' in html


def test_department_page_lists_its_stories_and_its_subsections(client):
    parent = make_department(name="新闻")
    child = make_department(name="本地", parent=parent)
    make_article(department=parent, headline="上级栏目稿件")
    make_article(department=child, headline="下级栏目稿件")
    make_article(headline="别的栏目稿件", department=make_department())
    html = client.get(parent.get_absolute_url()).content.decode()
    assert "上级栏目稿件" in html and "下级栏目稿件" in html and "别的栏目稿件" not in html


def test_tag_page_lists_tagged_stories(client, story):
    make_article(headline="没有标签的稿件")
    response = client.get(reverse("articles:tag", kwargs={"slug": "抗疫"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "冲在“疫”线的政协人" in html and "没有标签的稿件" not in html


def test_person_page_shows_stories_by_and_about_them_and_their_titles(client, story):
    official = story.mentions.first().person
    later = make_article(headline="第二篇提及", publish_at=datetime(2022, 12, 1, 9, 0, tzinfo=SHANGHAI))
    make_mention(later, official, title="市政协秘书长")
    html = client.get(official.get_absolute_url()).content.decode()
    assert "冲在“疫”线的政协人" in html and "第二篇提及" in html
    assert "市政协机关副秘书长" in html and "市政协秘书长" in html
    assert "2022年11月21日" in html and "2022年12月1日" in html

    reporter = story.bylines.get(role=Byline.Role.REPORTER).person
    html = client.get(reporter.get_absolute_url()).content.decode()
    assert "张国强的稿件" in html and "冲在“疫”线的政协人" in html


def test_people_with_the_same_name_have_separate_pages(client):
    first, second = make_person(name="王伟", description="市医院医生"), make_person(name="王伟", description="中学教师")
    make_mention(make_article(headline="医生的故事"), first)
    make_mention(make_article(headline="老师的故事"), second)
    assert first.slug != second.slug
    html = client.get(second.get_absolute_url()).content.decode()
    assert "老师的故事" in html and "医生的故事" not in html


def test_edition_page_lists_pages_and_stories_in_print_order(client):
    edition = make_edition()
    page1, page2 = make_print_page(edition, number=1, title="要闻"), make_print_page(edition, number=2, title="社会")
    make_article(headline="头版第二条", print_page=page1, print_position=2)
    make_article(headline="头版头条", print_page=page1, print_position=1)
    make_article(headline="二版稿件", print_page=page2, print_position=1)
    url = reverse(
        "articles:edition", kwargs={"publication": edition.publication.slug, "year": 2022, "month": 11, "day": 21}
    )
    html = client.get(url).content.decode()
    assert html.index("头版头条") < html.index("头版第二条") < html.index("二版稿件")
    assert 'id="page-1"' in html and 'id="page-2"' in html
    assert edition.publication.name in client.get(reverse("articles:editions")).content.decode()


def test_date_archive_year_month_day(client):
    make_article(headline="十一月的稿件", publish_at=datetime(2022, 11, 21, 8, 0, tzinfo=SHANGHAI))
    make_article(headline="十二月的稿件", publish_at=datetime(2022, 12, 2, 8, 0, tzinfo=SHANGHAI))
    year = client.get("/archive/2022/").content.decode()
    assert "十一月的稿件" in year and "十二月的稿件" in year
    month = client.get("/archive/2022/11/").content.decode()
    assert "十一月的稿件" in month and "十二月的稿件" not in month
    day = client.get("/archive/2022/11/21/").content.decode()
    assert "十一月的稿件" in day
    assert client.get("/archive/2022/11/22/").status_code == 404


def test_a_story_published_just_after_midnight_is_filed_under_the_local_day(client):
    # 00:30 in Shanghai is still the previous day in UTC.
    make_article(headline="凌晨稿件", publish_at=datetime(2022, 11, 21, 0, 30, tzinfo=SHANGHAI))
    assert "凌晨稿件" in client.get("/archive/2022/11/21/").content.decode()


def test_lists_are_paginated(client):
    department = make_department()
    for n in range(25):
        make_article(department=department, headline=f"分页稿件{n:02d}")
    first = client.get(department.get_absolute_url()).content.decode()
    second = client.get(department.get_absolute_url() + "?page=2").content.decode()
    assert first.count("分页稿件") == 20 and second.count("分页稿件") == 5
    assert 'rel="next"' in first
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{department.get_absolute_url()}?page=2">' in second


def test_old_slug_redirects_permanently_to_the_current_url(client):
    article = make_article(headline="原来的标题")
    old_url = article.get_absolute_url()
    article.headline = "修改后的标题"
    article.save()
    assert article.get_absolute_url() != old_url
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_robots_txt_points_at_the_sitemaps(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in body
    assert "Disallow: /search/" in body


def test_404_page_is_friendly(client):
    response = client.get("/story/no-such-story/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到这个页面" in html and 'lang="zh-Hans"' in html


def test_500_page_renders_without_context(rf):
    from django.template.loader import get_template
    from django.views.defaults import server_error

    assert "服务器出错了" in get_template("500.html").render()
    response = server_error(rf.get("/"))
    assert response.status_code == 500 and "服务器出错了" in response.content.decode()


def test_dateline_runs_into_the_first_paragraph(client):
    article = make_article(dateline="本报讯", body="<p>11月20日清晨，干部们来到社区。</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<p><span class="dateline">本报讯</span> 11月20日清晨' in html


def test_dateline_is_escaped(client):
    article = make_article(dateline="<b>本报讯</b>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;b&gt;本报讯&lt;/b&gt;" in html


@pytest.mark.parametrize(
    "credit, printed", [("王汉平", "王汉平 摄"), ("王汉平摄", "王汉平摄"), ("市公安局提供", "市公安局提供")]
)
def test_photo_credit_is_printed_as_a_paper_does(client, credit, printed):
    article = make_article()
    make_photo(article, image=False, caption="说明", credit=credit)
    assert f'<span class="photo__credit">{printed}</span>' in client.get(article.get_absolute_url()).content.decode()


def test_home_page_does_not_repeat_the_lead_story_in_department_blocks(client):
    department = make_department(name="要闻")
    make_article(department=department, headline="头条稿件")
    assert client.get("/").content.decode().count("头条稿件</a>") == 1


@pytest.mark.django_db
def test_the_public_site_stays_chinese_whatever_the_browser_asks(client):
    from tests.factories import make_article

    article = make_article()
    page = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    english = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert not [day for day in english if day in page]
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").headers["Content-Language"] == "zh-hans"
