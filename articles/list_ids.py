"""The ids (and little else) of readers' lists of stories: the home page's
newest and its sections' newest, a section's and a tag's pages.

Each list's query is compiled once per process (``compiled_sql``): the
stories' cards come from the fragment cache, so after a publish a list page
is mostly this query, whose building and compiling cost Django several times
what PostgreSQL takes to run it.
"""

from __future__ import annotations

from django.db import router
from django.utils import timezone

from articles import compiled_sql
from articles.models import Article


def _using() -> str:
    return router.db_for_read(Article)


def _newest(limit, *, now):
    return Article.objects.published(now=now).newest_first().values_list("pk", "kind")[:limit]


def newest(limit: int) -> list[tuple[int, str]]:
    """(id, kind) of the newest ``limit`` published stories."""
    return compiled_sql.rows(_newest, limit, using=_using(), now=timezone.now())


def home(limit: int, per_department: int, *also: compiled_sql.Query) -> tuple[list, ...]:
    """``newest(limit)`` and ``newest_by_department(per_department)``, at one
    time, then the rows of each of ``also`` (the page's other lists), in one
    round trip to the database."""
    values = {"now": timezone.now()}
    queries = [
        compiled_sql.Query(_newest, (limit,), values),
        compiled_sql.Query(_newest_by_department, (per_department,), values),
        *also,
    ]
    return tuple(compiled_sql.rows_together(queries, using=_using()))


def _newest_by_department(per_department, *, now):
    published = Article.objects.published(now=now)
    return published.latest_by_department(per_department, now=now).values_list(
        "pk", "department_id", "department__name", "department__slug"
    )


def newest_by_department(per_department: int) -> list[tuple[int, int, str, str]]:
    """(id, department id, its name, its slug) of each section's newest
    ``per_department`` published stories, sections in their order."""
    return compiled_sql.rows(_newest_by_department, per_department, using=_using(), now=timezone.now())


def _in_department(start, stop, *, now, department):
    published = Article.objects.published(now=now)
    return published.newest_in_department(department, start, stop).values_list("pk", flat=True)


def _tagged(start, stop, *, now, tag):
    return Article.objects.published(now=now).newest_tagged(tag, start, stop).values_list("pk", flat=True)


class Ids:
    """A list's ids as a paginator reads them: a slice runs the list's query,
    compiled for those bounds."""

    def __init__(self, build, **values):
        self._build, self._values = build, {"now": timezone.now(), **values}

    def __getitem__(self, bounds: slice) -> list[int]:
        return compiled_sql.rows_together([self.query(bounds)], using=_using())[0]

    def query(self, bounds: slice) -> compiled_sql.Query:
        """The query of the ids within ``bounds``, to read with others (``compiled_sql.rows_together()``)."""
        return compiled_sql.Query(self._build, (bounds.start, bounds.stop), self._values)

    def around(self, build, *shape) -> compiled_sql.Query:
        """A query ``build(list's build, *shape, **values)`` made around this list's (its newest stories' rows)."""
        return compiled_sql.Query(build, (self._build, *shape), self._values)

    def count(self) -> int:
        """How many there are (for the rare ``?page=last``; the list pages do not count)."""
        return self._build(None, None, **self._values).count()


def in_department(department_id: int) -> Ids:
    """The published stories of a section and of its sub-sections, newest first."""
    return Ids(_in_department, department=department_id)


def tagged(tag_id: int) -> Ids:
    """The published stories carrying a tag, newest first."""
    return Ids(_tagged, tag=tag_id)
