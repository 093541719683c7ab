"""The readers' search page and the JSON API."""

import re
from datetime import datetime, timedelta
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles import fragments, page_cache
from articles.models import Article
from tests.factories import make_article, make_department, make_mention, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_urls")]


@pytest.fixture
def stories(commit):
    with commit():
        desk = make_department(name="社会")
        person = make_person(name="韩永红")
        found = [
            make_article(
                headline=f"核酸检测点第{i}期",
                body=f"<p>民警维持秩序，第{i}批居民做核酸。</p>",
                department=desk if i % 2 else None,
                publish_at=timezone.make_aware(datetime(2022, 11, 1 + i, 10)),
            )
            for i in range(25)
        ]
        make_mention(article=found[3], person=person)
        make_article(headline="核酸草稿", status=Article.Status.DRAFT)
    return {"desk": desk, "person": person, "found": found}


def test_results_page_shows_highlighted_snippets(client, stories):
    response = client.get(reverse("search:results"), {"q": "民警"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>民警</mark>" in html
    assert "核酸草稿" not in html
    assert "第 1/2 页" in html and 'rel="next"' in html


def _search_section(response):
    html = response.content.decode()
    return html[html.index('<section class="search">') :]


@pytest.mark.parametrize("q", ["", "   ", "，。！", "<>!@#"])
def test_empty_or_punctuation_only_query_gets_a_helpful_page(client, stories, q):
    response = client.get(reverse("search:results"), {"q": q})
    assert response.status_code == 200
    assert "请输入要找的字词" in _search_section(response)


def test_markup_in_a_query_is_escaped(client, stories):
    response = client.get(reverse("search:results"), {"q": "<script>alert()</script>"})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
    assert "没有找到" in _search_section(response)


def test_a_huge_query_is_cut_and_the_page_says_so(client, stories):
    response = client.get(reverse("search:results"), {"q": "核酸" * 5000})
    assert response.status_code == 200
    section = _search_section(response)
    assert "搜索词太长" in section
    assert "核酸" * 100 not in section  # not echoed back whole


@pytest.mark.parametrize("page", ["999", "abc", "-1", "0", "1e9", ""])
def test_out_of_range_and_garbage_pages_are_clean(client, stories, page):
    response = client.get(reverse("search:results"), {"q": "核酸", "page": page})
    assert response.status_code == 200
    data = client.get(reverse("search:json"), {"q": "核酸", "page": page}).json()
    assert data["page"] in (1, 2) and len(data["results"]) > 0


@pytest.mark.parametrize(
    "params",
    [
        {"q": "核酸", "from": "not-a-date", "to": "2022-13-45"},
        {"q": "核酸", "department": "no-such-section"},
        {"q": "核酸", "person": "nobody"},
        {"q": "核酸", "per_page": "-5"},
        {"q": "核酸\x00"},
        {"q": "' OR 1=1 --"},
    ],
)
def test_odd_parameters_never_give_a_500(client, stories, params):
    assert client.get(reverse("search:results"), params).status_code == 200
    assert client.get(reverse("search:json"), params).status_code == 200


def test_json_shape(client, stories, settings):
    data = client.get(reverse("search:json"), {"q": "核酸 民警", "per_page": 5}).json()
    assert data["total"] == 25
    assert len(data["results"]) == 5
    first = data["results"][0]
    assert set(first) == {"headline", "url", "snippet", "published"}
    assert first["url"].startswith(settings.SITE_URL + "/story/")
    assert datetime.fromisoformat(first["published"]).tzinfo is not None
    assert "<mark>" in first["snippet"]


def test_json_per_page_is_capped(client, stories):
    data = client.get(reverse("search:json"), {"q": "核酸", "per_page": 1000}).json()
    assert data["per_page"] == 50 and len(data["results"]) == 25


def test_json_filters(client, stories):
    url = reverse("search:json")
    assert client.get(url, {"q": "核酸", "department": stories["desk"].slug}).json()["total"] == 12
    assert client.get(url, {"q": "核酸", "person": stories["person"].slug}).json()["total"] == 1
    dated = client.get(url, {"q": "核酸", "from": "2022-11-02", "to": "2022-11-03"}).json()
    assert [r["headline"] for r in dated["results"]] == ["核酸检测点第2期", "核酸检测点第1期"]


def test_json_for_empty_query(client, stories):
    assert client.get(reverse("search:json"), {"q": "！！"}).json() == {
        "results": [],
        "total": 0,
        "total_is_estimate": False,
        "page": 1,
        "num_pages": 1,
        "per_page": 20,
        "max_per_page": 50,
        "truncated": False,
    }


def test_a_scheduled_story_is_not_served(client, commit):
    with commit():
        make_article(headline="明日发布的专访", publish_at=timezone.now() + timedelta(hours=3))
    assert client.get(reverse("search:json"), {"q": "专访"}).json()["total"] == 0


def test_traditional_and_simplified_find_each_other(client, commit):
    """A story printed in Traditional is found by a query in Simplified and
    the reverse, word by word (乾 is 干 in 乾燥 but stays in 乾隆), and is
    shown with its own characters marked."""
    with commit():
        make_article(headline="臺灣來訪", body="<p>記者從臺灣獲悉，頭髮乾燥的民眾增多。</p>")
        make_article(headline="台湾游客", body="<p>台湾游客说，头发干燥要多喝水。</p>")
        make_article(headline="乾隆下江南", body="<p>乾隆皇帝六下江南。</p>")
        make_article(headline="其他新闻", body="<p>今天天气很好。</p>")

    def found(q):
        return {r["headline"] for r in client.get(reverse("search:json"), {"q": q}).json()["results"]}

    both = {"臺灣來訪", "台湾游客"}
    for q in ("台湾", "臺灣", "台灣", "头发", "頭髮", "干燥", "乾燥", "臺灣 头发", "台湾，頭髮乾燥"):
        assert found(q) == both, q
    assert found("乾隆") == {"乾隆下江南"}
    assert found("干隆") == set()

    html = _search_section(client.get(reverse("search:results"), {"q": "台湾 头发"}))
    assert "<mark>臺灣</mark>" in html and "<mark>頭髮</mark>" in html
    assert "<mark>台湾</mark>" in html and "<mark>头发</mark>" in html


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600

    def forget():
        cache.clear()
        page_cache.forget_held()
        fragments.forget_held()

    forget()
    yield
    forget()


def test_the_page_repeats_the_query_as_typed_and_links_it_so(client, commit, page_cache_on):
    """Matching is folded (臺灣 finds 台湾); the title, the two search boxes,
    the notes and the pagination links give the reader's own characters, each
    query its own cached page."""
    with commit():
        for i in range(25):
            make_article(headline=f"臺灣來訪第{i}期", body="<p>記者從臺灣獲悉。</p>")
    url = reverse("search:results")

    html = client.get(url, {"q": "  臺灣  "}).content.decode()
    assert "<title>“臺灣”的搜索结果" in html
    assert 'id="search-page-q" type="search" name="q" value="  臺灣  "' in html
    assert 'id="search-q" type="search" name="q" placeholder="搜索稿件" value="  臺灣  "' in html
    assert "台湾" not in html  # the snippets mark the stories' 臺灣 too
    next_link = re.search(r'rel="next" href="\?([^"]*)"', html).group(1)
    assert f"q={quote('  臺灣  ', safe='')}" in next_link.replace("+", "%20")
    second = client.get(f"{url}?{next_link.replace('&amp;', '&')}")
    assert "<title>“臺灣”的搜索结果" in second.content.decode() and "第 2 页" in second.content.decode()

    for q, shown in (("台湾", "台湾"), ("臺灣", "臺灣")):
        for _ in range(2):  # the first renders, the second is the cached page
            response = client.get(url, {"q": q})
            assert f"<title>“{shown}”的搜索结果" in response.content.decode()
    assert response["X-Page-Cache"] == "hit"

    missing = _search_section(client.get(url, {"q": "頫"}))  # t2s gives 𫖯, which many fonts lack
    assert "没有找到与“頫”有关的报道" in missing and "𫖯" not in missing
    long = _search_section(client.get(url, {"q": "臺灣" * 80}))
    assert "搜索：“" + "臺灣" * 50 + "”" in long and "台湾" not in long
