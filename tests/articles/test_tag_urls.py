"""Tags' addresses are exactly what reverse() gives, under any script prefix."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from hypothesis import given
from hypothesis import strategies as st

from articles.tag_urls import tag_url_function

NAMES = ["articles:tag", "articles:tag-feed", "articles:tag-feed-atom"]
SLUGS = ["抗疫一线", "tiyu", "a b", "100%", "R&D", "it's", "a+b=c", "~:@!$*,;", "é", "長" * 100, "?#[]", '"<>', "\\"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("slug", SLUGS)
def test_the_same_address_as_reverse(name, slug):
    assert tag_url_function(name)(slug) == reverse(name, kwargs={"slug": slug})


@given(st.text(min_size=1, max_size=20))
def test_any_slug_the_converter_takes_has_reverses_address(slug):
    try:
        expected = reverse("articles:tag", kwargs={"slug": slug})
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            tag_url_function("articles:tag")(slug)
    else:
        assert tag_url_function("articles:tag")(slug) == expected


def test_under_a_script_prefix():
    try:
        set_script_prefix("/news/")
        assert tag_url_function("articles:tag")("抗疫") == "/news/tag/%E6%8A%97%E7%96%AB/"
    finally:
        clear_script_prefix()
    assert tag_url_function("articles:tag")("抗疫") == "/tag/%E6%8A%97%E7%96%AB/"


@pytest.mark.parametrize("slug", ["", "a/b", "a\x00b", "长" * 101])
def test_a_slug_the_converter_refuses_is_refused_as_reverse_does(slug):
    with pytest.raises(NoReverseMatch):
        tag_url_function("articles:tag")(slug)


@pytest.mark.parametrize("prefix", ["/新闻/", "/a%20b/", "/tag-placeholder-site/", "/slug-placeholder/"])
def test_tags_and_sections_addresses_are_reverses_under_any_script_prefix(prefix):
    from articles.slug_urls import slug_url

    set_script_prefix(prefix)
    try:
        assert tag_url_function("articles:tag")("抗疫") == reverse("articles:tag", kwargs={"slug": "抗疫"})
        assert slug_url("articles:department", "yaowen") == reverse("articles:department", kwargs={"slug": "yaowen"})
    finally:
        clear_script_prefix()
