"""The ids (and little else) of readers' lists of stories: the home page's
newest and its sections' newest, a section's and a tag's pages.

Each list's query is compiled once per process (``compiled_sql``): the
stories' cards come from the fragment cache, so after a publish a list page
is mostly this query, whose building and compiling cost Django several times
what PostgreSQL takes to run it.
"""

from __future__ import annotations

from django.db import connections, router
from django.utils import timezone

from articles import compiled_sql
from articles.models import Article, Department


def _using() -> str:
    return router.db_for_read(Article)


def _newest(limit, *, now):
    return Article.objects.published(now=now).newest_first().values_list("pk", "kind")[:limit]


def newest(limit: int) -> list[tuple[int, str]]:
    """(id, kind) of the newest ``limit`` published stories."""
    return compiled_sql.rows(_newest, limit, using=_using(), now=timezone.now())


def home(limit: int, per_department: int, *also: compiled_sql.Query) -> tuple[list, ...]:
    """``newest(limit)`` and ``sections(per_department)``, at one time, then
    the rows of each of ``also`` (the page's other lists), in one round trip
    to the database."""
    values = {"now": timezone.now()}
    queries = [compiled_sql.Query(_newest, (limit,), values), _sections_query(per_department, values), *also]
    newest, sections, *others = compiled_sql.rows_together(queries, using=_using())
    return newest, _sections_read(sections), *others


def sections(per_department: int) -> list[tuple[int, str, str, list[int]]]:
    """(id, name, slug, ids) of each section in the home page's order, ids
    those of its newest ``per_department`` published stories (on PostgreSQL
    every section, each one's ids read from its own index; elsewhere the
    sections with a story)."""
    query = _sections_query(per_department, {"now": timezone.now()})
    return _sections_read(compiled_sql.rows_together([query], using=_using())[0])


def _by_section() -> bool:
    # PostgreSQL reads a section's ids as an array; elsewhere one row a story.
    return connections[_using()].vendor == "postgresql"


def _sections_query(per_department, values) -> compiled_sql.Query:
    if not _by_section():
        return compiled_sql.Query(_newest_by_department, (per_department,), values)
    return compiled_sql.Query(_sections, (per_department,), values)


def _sections(per_department, *, now):
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import OuterRef

    # Each section's newest ids as an array read from the (department,
    # status, publish time) index, one small scan a section: no story row
    # is joined back, and 6 sections' arrays cost PostgreSQL half what the
    # LATERAL join of their 30 stories did.
    newest = Article.objects.published(now=now).filter(department=OuterRef("pk")).newest_first()
    ids = ArraySubquery(newest.values("pk")[:per_department])
    return Department.objects.order_by("order", "name").annotate(newest=ids).values_list("pk", "name", "slug", "newest")


def _sections_read(rows) -> list[tuple]:
    if _by_section():
        return rows
    found = {}
    for pk, department, name, slug in rows:
        found.setdefault((department, name, slug), []).append(pk)
    return [(*section, ids) for section, ids in found.items()]


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
