"""Junk in the URL answers 404 or a clean page, never a 500."""

import pytest

from tests.factories import make_article, make_department, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _some_data():
    department = make_department(name="要闻")
    for _ in range(3):
        make_article(department=department, tags=["抗疫"])
    make_person(name="张三")


@pytest.mark.parametrize(
    "url",
    [
        "/story/no-such-story/",
        "/story/%E4%B8%AD%E6%96%87/",
        "/section/no-such-section/",
        "/tag/no-such-tag/",
        "/people/no-such-person/",
        "/people/zhang-san/",  # exists, but no published story by or about them
        "/archive/2022/13/",
        "/archive/2022/13/40/",
        "/archive/2022/2/30/",
        "/archive/0/",
        "/archive/99999999999999999999/",
        "/archive/2022/00/",
        "/archive/1999/",
        "/print/no-such-paper/2022/11/21/",
        "/print/zhou-bao/2022/13/40/",
        "/print/zhou-bao/99999999999/1/1/",
        "/section/yao-wen/?page=999",
        "/section/yao-wen/?page=abc",
        "/section/yao-wen/?page=-1",
        "/section/yao-wen/?page=0",
        "/archive/?page=999",
        "/tag/%E6%8A%97%E7%96%AB/?page=999",
        "/print/?page=abc",
        "/sitemap-articles.xml?p=999",
        "/sitemap-articles.xml?p=abc",
        "/no/such/path/",
    ],
)
def test_bad_urls_answer_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/?page=999",
        "/?page=abc",
        "/?q=%00%ff<script>",
        "/section/yao-wen/?page=1&utm_source=x&%ff=%fe",
        "/section/yao-wen/?page=last",
        "/feed/?page=abc",
        "/archive/?foo[]=bar",
        "/story/no-such/?preview=%00",
        "/robots.txt?x=1",
    ],
)
def test_junk_query_strings_never_cause_a_500(client, url):
    assert client.get(url).status_code in (200, 404)


def test_page_param_of_person_lists_is_checked(client):
    article = make_article()
    from tests.factories import make_byline

    person = make_byline(article).person
    assert client.get(person.get_absolute_url() + "?page=999").status_code == 404
    assert client.get(person.get_absolute_url() + "?mpage=abc").status_code == 404
    assert client.get(person.get_absolute_url() + "?page=1").status_code == 200
