"""The sections' navigation in every reader's page header, built from rows.

Rendered through the template engine, the navigation cost a cold page about
0.8 ms of CPU (a queryset built, a template's loop of lookups): as much as
the rest of the masthead and footer together. Here its rows come from one
query compiled once per process (``compiled_sql``) and its markup is a few
format strings, filled with escaped values.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

from articles import compiled_sql
from articles.models import Department
from articles.slug_urls import slug_url_function

_CURRENT = ' aria-current="page"'
_NAV = (
    '<nav class="sections" aria-label="栏目">\n  <ul>\n'
    '    <li><a href="{home}"{home_current}>首页</a></li>\n    {items}\n  </ul>\n</nav>\n'
)
_ITEM = '\n    <li><a href="{url}"{current}>{name}</a></li>\n    '


def _top_level_rows():
    return Department.objects.filter(parent__isnull=True).values_list("pk", "name", "slug")


def top_level_query() -> compiled_sql.Query:
    """The top-level sections as (id, name, slug), in the order readers see
    them: a query to read alone (``top_level``) or with a page's others."""
    return compiled_sql.Query(_top_level_rows, (), {})


def top_level(using: str) -> list[tuple[int, str, str]]:
    return compiled_sql.rows_together([top_level_query()], using=using)[0]


@lru_cache(maxsize=64)
def _fixed_url(name: str, urlconf, prefix: str) -> str:
    return reverse(name, urlconf=urlconf)


def _urls_changed(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _fixed_url.cache_clear()


setting_changed.connect(_urls_changed, dispatch_uid="navigation_root_urlconf_changed")


def fixed_url(name: str) -> str:
    """``reverse(name)`` for a URL without arguments, resolved once per URL
    configuration and script prefix."""
    return _fixed_url(name, get_urlconf(), get_script_prefix())


def nav_html(rows, highlighted, home: bool) -> str:
    """The navigation of ``rows`` (``top_level()``), the section ``highlighted``
    (an id, or None) and the home link marked as the current page when ``home``."""
    if not rows:
        return "\n"
    department_url = slug_url_function("articles:department")
    items = "".join(
        _ITEM.format(url=escape(department_url(slug)), current=_CURRENT if pk == highlighted else "", name=escape(name))
        for pk, name, slug in rows
    )
    return _NAV.format(home=escape(fixed_url("articles:home")), home_current=_CURRENT if home else "", items=items)
