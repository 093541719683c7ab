"""Tags' addresses without a ``reverse()`` per tag.

A tag's slug is its name (抗疫一线), which ``reverse()`` percent-encodes after
matching the whole address against the URL patterns again: a tag's page links
its feeds twice, a story each of its tags. As ``slug_urls`` does for ASCII
slugs, the address around the slug is resolved once per URL name, URL
configuration and script prefix, and the slug put in, encoded as ``reverse()``
encodes it. A slug the tag converter would refuse goes through ``reverse()``
for its error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

from articles.params import TagSlugConverter

_SLUG = re.compile(TagSlugConverter.regex)
_PLACEHOLDER = "tag-placeholder"
# What reverse() leaves unencoded: RFC 3986's sub-delimiters and the rest of a path's pchar.
_SAFE = "!$&'()*+,;=" + "/~:@"


@lru_cache(maxsize=64)
def _around(name: str, urlconf, prefix: str) -> tuple[str, str]:
    head, _, tail = reverse(name, kwargs={"slug": _PLACEHOLDER}, urlconf=urlconf).rpartition(_PLACEHOLDER)
    return head, tail


def tag_url_function(name: str) -> Callable[[str], str]:
    """``reverse(name, kwargs={"slug": …})`` for a URL whose only argument is a
    ``<tag:slug>``, for many slugs at once."""
    head, tail = _around(name, get_urlconf(), get_script_prefix())

    def url(slug: str) -> str:
        if not _SLUG.fullmatch(slug):
            return reverse(name, kwargs={"slug": slug})
        return head + quote(slug, safe=_SAFE) + tail

    return url


def _urls_changed(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _around.cache_clear()


setting_changed.connect(_urls_changed, dispatch_uid="tag_urls_root_urlconf_changed")
