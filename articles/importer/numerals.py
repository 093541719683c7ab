"""Numbers and dates as pages print them: Arabic digits or Chinese numerals.

One vocabulary of Chinese digits for the whole importer: page headers
(二〇二二年十一月二十一日, 第十二版), jump marks (下转第二版) and datelines
(本报朔州十一月二〇日电) all read through it. Zero is printed 〇 (the
ideographic zero, which sits outside the CJK block ``\\u4e00-\\u9fff`` that
other patterns use for "a Chinese character") or 零, and on many pages as a
circle that only looks like it: ○ or ◯ (typed so, or read so by OCR:
二○二二年), or an Arabic 0 among Chinese digits (二0二二年).

Pure Python; patterns match the folded page (full-width digits as ASCII).
"""

from __future__ import annotations

import datetime as dt
import re

DIGITS: dict[str, int] = {**{c: i for i, c in enumerate("〇一二三四五六七八九")}, **dict.fromkeys("零○◯0", 0)}
_UNITS = {"十": 10, "百": 100}
# Every character a printed number is made of, for regex character classes.
NUMERAL_CHARS = "".join(DIGITS) + "".join(_UNITS)
_CN_DIGIT = "[" + "".join(DIGITS) + "]"
_MONTH_OR_DAY = rf"(\d{{1,2}}|[{NUMERAL_CHARS}]{{1,3}})"
# 2022年11月21日 or 二〇二二年十一月二十一日 (digit by digit in the year, 十 in month and day).
DATE_PATTERN = rf"(\d{{4}}|{_CN_DIGIT}{{4}})\s*年\s*{_MONTH_OR_DAY}\s*月\s*{_MONTH_OR_DAY}\s*日"
DATE_RE = re.compile(DATE_PATTERN)
# 2022.11.21, 2022-11-21, 2022/11/21: a page header's date in Arabic digits,
# one separator throughout.
SEPARATED_DATE_RE = re.compile(r"(?<!\d)(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)")


def cn_int(text: str) -> int | None:
    """``12``, ``十二``, ``二十``, ``一〇二``, ``二〇`` → int; None if it is not a number."""
    text = text.strip()
    if text.isdecimal():
        return int(text)
    if not text or any(c not in DIGITS and c not in _UNITS for c in text):
        return None
    if not any(c in _UNITS for c in text):
        # Digit by digit, as years and some dates print them: 二〇二二, 二〇.
        return int("".join(str(DIGITS[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in _UNITS:
            total += (current or 1) * _UNITS[c]
            current = 0
        else:
            current = DIGITS[c]
    return total + current


def calendar_date(match: re.Match) -> dt.date | None:
    """The day a :data:`DATE_RE` or :data:`SEPARATED_DATE_RE` match names;
    None when there is no such day (13月40日)."""
    groups = (1, 3, 4) if match.re is SEPARATED_DATE_RE else (1, 2, 3)
    year, month, day = (cn_int(match[k]) for k in groups)
    try:
        return dt.date(year, month, day)
    except (TypeError, ValueError):
        return None


def find_date(text: str) -> re.Match | None:
    """The date ``text`` prints (2022年11月21日 in Arabic or Chinese digits,
    else 2022.11.21), for :func:`calendar_date`; None if it prints none."""
    return DATE_RE.search(text) or SEPARATED_DATE_RE.search(text)
