"""Every page runs the same number of queries for 1 item per list as for 50."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Byline
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
START = datetime(2022, 11, 21, 6, 0, tzinfo=SHANGHAI)


def build_world(n):
    """n stories in a department, on one print page, each with bylines, tags,
    mentions and photos; one big story with n of each; a reporter on all of
    them and a person mentioned in all of them."""
    department = make_department(name="要闻")
    reporter, official = make_person(name="张国强"), make_person(name="赵卫东")
    page = make_print_page(make_edition(), number=1, title="要闻")
    stories = []
    for i in range(n):
        article = make_article(
            department=department,
            headline=f"稿件{i}",
            tags=["抗疫", f"标签{i}"],
            publish_at=START + timedelta(minutes=i),
            print_page=page,
            print_position=i + 1,
        )
        make_byline(article, reporter, role=Byline.Role.REPORTER)
        make_byline(article, None, credit="市纪委监委")
        make_mention(article, official, title="市政协机关副秘书长")
        make_mention(article, make_person())
        stories.append(article)
    big = stories[-1]
    for i in range(n):
        make_byline(big, make_person(), role=Byline.Role.CORRESPONDENT)
        make_mention(big, make_person(), title=f"头衔{i}")
        make_photo(big, image=(i % 2 == 0))
    big.tags.add(*[f"大标签{i}" for i in range(n)])
    return {"department": department, "reporter": reporter, "official": official, "big": big, "edition": page.edition}


def _pages(world):
    edition = world["edition"]
    return {
        "home": reverse("articles:home"),
        "story": world["big"].get_absolute_url(),
        "department": world["department"].get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "抗疫"}),
        "person-reporter": world["reporter"].get_absolute_url(),
        "person-mentioned": world["official"].get_absolute_url(),
        "archive": reverse("articles:archive"),
        "archive-year": "/archive/2022/",
        "archive-month": "/archive/2022/11/",
        "archive-day": "/archive/2022/11/21/",
        "editions": reverse("articles:editions"),
        "edition": reverse(
            "articles:edition", kwargs={"publication": edition.publication.slug, "year": 2022, "month": 11, "day": 21}
        ),
        "feed": reverse("articles:feed"),
        "feed-atom": reverse("articles:feed-atom"),
        "department-feed": reverse("articles:department-feed", kwargs={"slug": world["department"].slug}),
        "tag-feed": reverse("articles:tag-feed", kwargs={"slug": "抗疫"}),
        "person-feed": reverse("people:feed", kwargs={"slug": world["official"].slug}),
        "sitemap-index": "/sitemap.xml",
        "sitemap-articles": "/sitemap-articles.xml",
        "sitemap-news": "/sitemap-news.xml",
        "robots": "/robots.txt",
    }


# Pinned so that a change in the count is a decision, not an accident.
EXPECTED_QUERIES = {
    # nav, newest ids, by department ids and the sidebar's people (one round trip on PostgreSQL),
    # the cards' and lead's rows with their bylines and the lead's photos
    "home": 5 if connection.vendor != "postgresql" else 3,
    # story (its bylines, photos, tags and mentions in it), then nav and related (one round trip on PostgreSQL)
    "story": 3 if connection.vendor != "postgresql" else 2,
    # nav, department, the page's ids (no count), the cards' rows with their bylines (cards show no tags)
    "department": 4,
    # nav, tag, the page's ids (no count; an empty first page is the 404), the cards' rows with their bylines
    "tag": 4,
    "person-reporter": 8,
    "person-mentioned": 9,
    "archive": 4,
    "archive-year": 7,
    "archive-month": 7,
    "archive-day": 8,
    "editions": 3,
    "edition": 6,  # nav, edition, pages, stories, bylines, tags
    "feed": 3,
    "feed-atom": 3,
    "department-feed": 4,
    "tag-feed": 4,
    "person-feed": 4,
    "sitemap-index": 7,
    "sitemap-articles": 2,
    "sitemap-news": 1,
    "robots": 0,
}

# With the fragment cache warm (nothing changed since the last render): the
# cards, the lead, the navigation and the sidebar come from it.
EXPECTED_WITH_FRAGMENTS = {
    **EXPECTED_QUERIES,
    "home": 3 if connection.vendor != "postgresql" else 1,  # lead+latest, by department, the sidebar's people
    "story": 2,  # the story's own queries; the navigation is cached
    "department": 1,  # the page's ids (the section's id carried by its shell)
    "tag": 1,  # the page's ids (the tag's id carried by its shell)
    "person-reporter": 7,
    "person-mentioned": 8,
    "archive": 2,
    "archive-year": 5,
    "archive-month": 5,
    "archive-day": 6,
    "editions": 2,
    "edition": 5,
}


@pytest.fixture(params=["fragments off", "fragments on"])
def fragment_cache(request, settings):
    from django.core.cache import cache

    if request.param == "fragments on":
        settings.FRAGMENT_CACHE_SECONDS = 600
        cache.clear()
        yield EXPECTED_WITH_FRAGMENTS
        cache.clear()
    else:
        yield EXPECTED_QUERIES


@pytest.mark.parametrize("n", [1, 50])
def test_every_page_runs_a_constant_number_of_queries(client, django_assert_num_queries, fragment_cache, n):
    # One world per n (building it is the slow part), every page checked in it.
    pages = _pages(build_world(n))
    assert set(pages) == set(EXPECTED_QUERIES)
    for page, url in pages.items():
        client.get(url)  # warm up: renditions are made on the first view
        expected = fragment_cache[page]
        try:
            with django_assert_num_queries(expected):
                response = client.get(url)
        except pytest.fail.Exception as exc:
            pytest.fail(f"{page} ({url}) with {n} items per list: {exc}")
        assert response.status_code == 200, page
