"""Addresses by slug are exactly what reverse() gives, under any script prefix."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from articles.slug_urls import slug_url, slug_url_function

NAMES = ["articles:detail", "articles:department", "people:detail"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("slug", ["2022-11-21-shuozhou-gongan", "yaowen", "wang_hanping", "a"])
def test_the_same_address_as_reverse(name, slug):
    assert slug_url(name, slug) == reverse(name, kwargs={"slug": slug})


def test_under_a_script_prefix():
    try:
        set_script_prefix("/news/")
        assert slug_url("articles:detail", "yaowen") == "/news/story/yaowen/"
    finally:
        clear_script_prefix()
    assert slug_url("articles:detail", "yaowen") == "/story/yaowen/"


@pytest.mark.parametrize("slug", ["", "朔州", "a/b", "a b"])
def test_a_slug_the_pattern_refuses_is_refused_as_reverse_does(slug):
    with pytest.raises(NoReverseMatch):
        slug_url("articles:detail", slug)


@pytest.mark.parametrize("name", NAMES)
def test_one_function_for_many_slugs_gives_what_reverse_gives(name):
    url = slug_url_function(name)
    for slug in ["2022-11-21-shuozhou-gongan", "yaowen", "a"]:
        assert url(slug) == reverse(name, kwargs={"slug": slug})
    with pytest.raises(NoReverseMatch):
        url("朔州")
