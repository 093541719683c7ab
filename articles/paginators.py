"""A paginator that does not count 200,000 rows to show fifty."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows an exact COUNT(*) is cheap, and exactness is nicer.
ESTIMATE_ABOVE = 20_000
# OFFSET and LIMIT are 64-bit integers in SQL: a page beyond them is a page with no rows.
_LAST_ROW = 2**63 - 1


class EstimatedCountPaginator(Paginator):
    """For an unfiltered list on PostgreSQL, take the planner's row estimate
    (pg_class.reltuples, kept by autovacuum) instead of COUNT(*), which reads
    the whole table. Filtered lists are counted exactly."""

    @cached_property
    def count(self):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is not None and not query.where and not query.distinct:
            connection = connections[queryset.db]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                        [queryset.model._meta.db_table],
                    )
                    row = cursor.fetchone()
                if row and row[0] >= ESTIMATE_ABOVE:
                    return int(row[0])
        return super().count


class UncountedPaginator(Paginator):
    """Pages of a reader's list without counting it: a page reads one row
    more than it shows, to know whether there is a next one. A section's or a
    tag's COUNT(*) reads every story it has (18 ms for a popular tag at 20,000
    stories, ten times that at 200,000) and was most of a list page's cost;
    readers get 上一页/下一页 and the page number, not the total.

    ``num_pages`` and ``count`` still count, for the rare caller that asks
    (``?page=last``)."""

    counted = False

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger("That page number is not an integer") from exc
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        if number * self.per_page + 1 > _LAST_ROW:
            raise EmptyPage("That page contains no results")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage("That page contains no results")
        return UncountedPage(rows[: self.per_page], number, self, has_next=len(rows) > self.per_page)


class UncountedPage(Page):
    def __init__(self, object_list, number, paginator, *, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next
