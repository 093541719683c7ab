"""Numbers and dates: full- and half-width digits mixed in one story, dates
that cannot exist, and a weekday that does not fall on its date."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from proofread.chars import FULLWIDTH_DIGITS, HALFWIDTH_DIGITS
from proofread.findings import Finding

_TO_HALF = str.maketrans(FULLWIDTH_DIGITS, HALFWIDTH_DIGITS)
_CHINESE_NUMBER = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUM = r"[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}"
_DATE = re.compile(
    rf"(?:(?P<year>[0-9０-９]{{4}})年)?(?P<month>{_NUM})月(?P<day>{_NUM})日"
    r"(?:\s*[（(]?\s*(?P<weekday>(?:星期|礼拜|周)[一二三四五六日天])\s*[）)]?)?"
)
_WEEKDAYS = "一二三四五六日"


def mixed_digit_widths(text: str, context=None) -> list[Finding]:
    """Where a story uses both, the full-width runs are flagged: print style is
    half-width digits."""
    half = re.findall(r"[0-9]", text)
    full = list(re.finditer(r"[０-９]+", text))
    if not half or not full:
        return []
    return [Finding(m.start(), m.end(), "mixed-digits", "全角数字与半角数字混用") for m in full]


def chinese_number(value: str) -> int | None:
    """1-31 in digits or in Chinese numerals (二十九, 三十一, 十二)."""
    if value.translate(_TO_HALF).isdigit():
        return int(value.translate(_TO_HALF))
    digits = [_CHINESE_NUMBER.get(c) for c in value]
    if None in digits:
        return None
    if len(digits) == 1:
        return digits[0]
    if len(digits) == 2 and digits[0] == 10:
        return 10 + digits[1] if digits[1] != 10 else None
    if len(digits) == 2 and digits[1] == 10 and digits[0] != 10:
        return digits[0] * 10
    if len(digits) == 3 and digits[1] == 10 and digits[0] != 10 and digits[2] != 10:
        return digits[0] * 10 + digits[2]
    return None


def _year(match, context) -> int | None:
    if match.group("year"):
        return int(match.group("year").translate(_TO_HALF))
    return getattr(context, "year", None)


def impossible_dates(text: str, context=None) -> list[Finding]:
    """13月, 2月30日, 4月31日; 2月29日 only in a leap year when the year is known."""
    findings = []
    for m in _DATE.finditer(text):
        month, day = chinese_number(m.group("month")), chinese_number(m.group("day"))
        if month is None or day is None or day == 0:
            continue
        year = _year(m, context) if m.group("year") else None
        if not 1 <= month <= 12:
            bad = True
        elif month == 2 and day == 29:
            bad = year is not None and not calendar.isleap(year)
        else:
            bad = day > calendar.monthrange(2001, month)[1]
        if bad:
            findings.append(
                Finding(
                    m.start(),
                    m.start("day") + len(m.group("day")) + 1,
                    "impossible-date",
                    f"日期「{m.group()[: m.end('day') - m.start() + 1]}」不存在",
                )
            )
    return findings


def weekday_mismatch(text: str, context=None) -> list[Finding]:
    """A weekday written right after its date that does not match it. The year
    is the one written, else the story's own (its edition's); without either
    nothing is said."""
    findings = []
    for m in _DATE.finditer(text):
        if not m.group("weekday"):
            continue
        year = _year(m, context)
        month, day = chinese_number(m.group("month")), chinese_number(m.group("day"))
        if year is None or month is None or day is None:
            continue
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        written = _WEEKDAYS.index(m.group("weekday")[-1].replace("天", "日"))
        if written != date.weekday():
            actual = "星期" + _WEEKDAYS[date.weekday()]
            findings.append(
                Finding(
                    m.start("weekday"),
                    m.end("weekday"),
                    "weekday-mismatch",
                    f"{year}年{month}月{day}日是{actual}，不是{m.group('weekday')}",
                )
            )
    return findings
