"""Edition metadata from a page's header line, where the page has one: pure Python.

A printed page's running head says what it is, e.g.
``朔州日报　2022年11月21日　星期一　第3版　抗疫一线``. Only the first few lines
are read, and only what is recognisable is returned: the upload form shows it
for the editor to keep or change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from articles.importer.numerals import NUMERAL_CHARS, calendar_date, cn_int, find_date
from articles.params import day_range_error

HEADER_LINES = 4
_PAGE = re.compile(r"第\s*(\d{1,3})\s*版|(?<![\d年月日])(\d{1,2})\s*版|[A-Z](\d{1,2})版")
_PAGE_CN = re.compile(rf"第([{NUMERAL_CHARS}]{{1,3}})版")


@dataclass(frozen=True)
class PageHeader:
    publication: str = ""
    date: dt.date | None = None
    page: int | None = None
    department: str = ""

    def __bool__(self):
        return bool(self.publication or self.date or self.page or self.department)


def read_header(text: str, publications: Iterable[str] = (), departments: Iterable[str] = ()) -> PageHeader:
    """What the first lines of ``text`` say about the page, if anything.

    A line only counts as a header when it names a date or a page number; the
    publication and department are then looked up among known names.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()][:HEADER_LINES]
    for line in lines:
        if len(line) > 60:
            continue
        # As the importer reads it (2022年11月21日, 二〇二二年十一月二十一日, 2022.11.21).
        date = calendar_date(match) if (match := find_date(line)) else None
        if date is not None and day_range_error(date):
            date = None
        page = None
        if match := _PAGE.search(line):
            page = int(next(group for group in match.groups() if group))
        elif match := _PAGE_CN.search(line):
            page = cn_int(match[1])
        if date is None and page is None:
            continue
        publication = next((name for name in sorted(publications, key=len, reverse=True) if name in line), "")
        department = next((name for name in sorted(departments, key=len, reverse=True) if name in line), "")
        return PageHeader(publication, date, page, department)
    return PageHeader()
