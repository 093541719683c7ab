"""Story cards rendered for a list that loads ids: the rows and their bylines in one query."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.cards import render_cards, render_cards_by_id
from articles.models import Article, Byline
from tests.factories import make_article, make_byline, make_department, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_off(settings):
    settings.FRAGMENT_CACHE_SECONDS = 0


def _meta(html):
    return re.search(r'<p class="meta">(.*?)</p>', html, re.S).group(1)


def test_cards_by_id_show_the_bylines_in_order_with_one_query_for_rows_and_bylines():
    department = make_department(name="社会")
    article = make_article(department=department, headline="社区值守")
    make_byline(article, make_person(name="王汉平"), role=Byline.Role.PHOTOGRAPHER, position=2)
    make_byline(article, None, credit="市纪委监委", role=Byline.Role.CREDIT, position=0)
    make_byline(article, make_person(name="李明"), role=Byline.Role.REPORTER, position=1)
    bare = make_article(department=department, headline="无署名稿")
    with CaptureQueriesContext(connection) as queries:
        cards = render_cards_by_id([(article.pk, "list"), (bare.pk, "list")])
    assert len(queries) == 1
    assert "市纪委监委、李明、王汉平" in _meta(cards[article.pk, "list"])
    assert "·" not in _meta(cards[bare.pk, "list"]).split("</time>")[1]
    # The same card as one rendered from a loaded story (bylines prefetched).
    loaded = Article.objects.for_cards().get(pk=article.pk)
    assert render_cards([(loaded, "list")]) == [cards[article.pk, "list"]]
