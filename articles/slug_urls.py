"""Readers' addresses of rows named by their slug (a story, a section, a person)
without a ``reverse()`` per row.

A list page links dozens of stories, sections and people; ``reverse()``
matched every one of them against the URL patterns again (about a tenth of
a cold home page's CPU). The address around the slug is resolved once per
URL name, URL configuration and script prefix, and the slug put in. A slug
the pattern would refuse goes through ``reverse()`` for its error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

# The ``slug`` path converter's pattern (ASCII only, so nothing in it is quoted).
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "slug-placeholder"


@lru_cache(maxsize=64)
def _around(name: str, urlconf, prefix: str) -> tuple[str, str]:
    head, _, tail = reverse(name, kwargs={"slug": _PLACEHOLDER}, urlconf=urlconf).rpartition(_PLACEHOLDER)
    return head, tail


def slug_url(name: str, slug: str) -> str:
    """``reverse(name, kwargs={"slug": slug})``, for a URL whose only argument is a ``<slug:slug>``."""
    return slug_url_function(name)(slug)


def slug_url_function(name: str) -> Callable[[str], str]:
    """``slug_url(name, …)`` for many slugs at once (a list's cards): the
    address around them resolved for the URL configuration and script
    prefix of the moment, once."""
    head, tail = _around(name, get_urlconf(), get_script_prefix())

    def url(slug: str) -> str:
        if not _SLUG.fullmatch(slug):
            return reverse(name, kwargs={"slug": slug})
        return f"{head}{slug}{tail}"

    return url


def _urls_changed(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _around.cache_clear()


setting_changed.connect(_urls_changed, dispatch_uid="slug_urls_root_urlconf_changed")
