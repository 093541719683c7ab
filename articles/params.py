"""What the public site accepts in a URL, checked once at the edge.

Every reader-facing view, HTML and JSON alike, reads its parameters through
these functions. A malformed value is treated as absent (a filter that is not
there), never passed on to the database: PostgreSQL refuses NUL in text, and
dates near the calendar's ends overflow as soon as a day is added to them or
they are turned into a time zone's midnight.
"""

from __future__ import annotations

import datetime as dt
import re

# Far enough for any newspaper archive, near enough that a day either side is
# still a date in every time zone.
EARLIEST_DAY = dt.date(1800, 1, 1)
LATEST_DAY = dt.date(2999, 12, 31)
MAX_SLUG_CHARS = 100

_SLUG = re.compile(rf"[-a-zA-Z0-9_]{{1,{MAX_SLUG_CHARS}}}")
# Characters no reader types and no database column should hold: C0/C1
# controls (NUL among them) and lone surrogates.
_UNTYPEABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def text(value: str | None, max_chars: int | None = None) -> str:
    """Free text (a search query): untypeable characters become spaces, cut to ``max_chars``."""
    cleaned = _UNTYPEABLE.sub(" ", value or "")
    return cleaned[:max_chars] if max_chars is not None else cleaned


def slug(value: str | None) -> str | None:
    """An ASCII slug (sections, people), or None when ``value`` cannot be one."""
    value = (value or "").strip()
    return value if _SLUG.fullmatch(value) else None


def day_range_error(value: dt.date) -> str | None:
    """Why ``value`` cannot be a story's or an edition's date, or None when it can.

    The one range every way a date comes in is checked against (URLs, page
    headers, the import command, the import desk, the admin): a year-1 date is
    a BC timestamp in UTC once turned into Asia/Shanghai's midnight, which
    PostgreSQL stores and psycopg then cannot read back.
    """
    if EARLIEST_DAY <= value <= LATEST_DAY:
        return None
    return f"{value.isoformat()} is not a date any paper printed (years {EARLIEST_DAY.year}–{LATEST_DAY.year})"


def day(value: str | None) -> dt.date | None:
    """An ISO date between EARLIEST_DAY and LATEST_DAY, or None."""
    try:
        parsed = dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return None if day_range_error(parsed) else parsed


class TagSlugConverter:
    """taggit's Unicode slugs (抗疫一线) in a URL: any path segment up to the
    slug field's length, without control characters. Anything else is no tag
    (404) rather than a query the database refuses."""

    regex = rf"[^/\x00-\x1f\x7f]{{1,{MAX_SLUG_CHARS}}}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
