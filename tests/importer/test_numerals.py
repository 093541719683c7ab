"""Numbers and dates printed in Chinese numerals, 〇 (and the circles and
Arabic 0 printed for it) included: the pure
readers (articles/importer/numerals.py), and the page header, datelines and
the desk's header reader that read through them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.importer.bylines import DATELINE_RE, trailing_dateline
from articles.importer.numerals import DATE_RE, calendar_date, cn_int
from articles.importer.parse import parse_page
from imports.header import read_header

from .test_conventions import HEAD, OTHER, P1, P2, body, page, story

DIGITS = "〇一二三四五六七八九"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
PLACES = ["", "朔州", "北京", "怀仁县", "呼和浩特"]
EXAMPLES = settings(max_examples=150, deadline=None)
# Every zero a page prints among Chinese digits: the ideographic zero, 零, the
# circles typed or read by OCR for it, and an Arabic 0.
ZEROS = st.sampled_from(["〇", "零", "○", "◯", "0"])


def digit_by_digit(n: int, zero: str = "〇") -> str:
    """二〇二二, 二〇: each digit printed, as years (and some dates) are."""
    return "".join(zero if c == "0" else DIGITS[int(c)] for c in str(n))


def with_units(n: int) -> str:
    """0–999 as counted: 十一, 二十, 一百零五, 三百二十."""
    if n < 10:
        return DIGITS[n]
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = DIGITS[hundreds] + "百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (DIGITS[ones] if ones else "")


def month_or_day(n: int, style: str) -> str:
    return {
        "arabic": str(n),
        "full-width": str(n).translate(FULL_WIDTH),
        "units": with_units(n),
        "digits": digit_by_digit(n),
    }[style]


STYLES = st.sampled_from(["arabic", "full-width", "units", "digits"])
DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@given(st.integers(0, 999))
def test_a_number_counted_in_chinese_reads_as_itself(n):
    assert cn_int(with_units(n)) == n


@given(st.integers(0, 9999), ZEROS)
def test_a_number_printed_digit_by_digit_reads_as_itself_whichever_zero(n, zero):
    assert cn_int(digit_by_digit(n, zero)) == n


@given(st.text(alphabet="年月日号第版abc ,。", min_size=1, max_size=4))
def test_what_is_no_number_is_none(text):
    assert cn_int(text) is None


@given(DAYS, ZEROS, STYLES)
def test_a_date_in_chinese_numerals_reads_as_its_day(day, zero, style):
    folded = style if style != "full-width" else "arabic"  # the parser reads the folded page
    text = f"{digit_by_digit(day.year, zero)}年{month_or_day(day.month, folded)}月{month_or_day(day.day, folded)}日"
    assert calendar_date(DATE_RE.fullmatch(text)) == day


def test_a_date_no_calendar_has_is_none():
    assert calendar_date(DATE_RE.fullmatch("二〇二二年十三月四十日")) is None


@given(st.sampled_from(PLACES), st.integers(1, 12), st.integers(1, 31), STYLES, st.sampled_from(["讯", "电"]))
@EXAMPLES
def test_a_dateline_reads_whatever_digits_print_its_date(place, month, day, style, ending):
    dateline = f"本报{place}{month_or_day(month, style)}月{month_or_day(day, style)}日{ending}"
    assert DATELINE_RE.match(dateline + "　记者王建国报道：").group(0) == dateline
    assert trailing_dateline(dateline)


def test_a_dateline_with_chinese_zero_opens_its_story():
    item = story(page(*OTHER, HEAD, "本报朔州十一月二〇日电　记者王建国报道：" + P1, P2))
    assert item.dateline == "本报朔州十一月二〇日电"
    assert [(b.name, b.role) for b in item.bylines] == [("王建国", "reporter")]
    assert body(item) == [("p", P1), ("p", P2)]


@pytest.mark.parametrize("zero", ["○", "◯", "0"])
def test_a_dateline_with_a_circle_or_arabic_zero_reads_as_one_with_chinese_zero(zero):
    dateline = f"本报朔州十一月二{zero}日电"
    item = story(page(*OTHER, HEAD, dateline + "　记者王建国报道：" + P1, P2))
    assert item.dateline == dateline
    assert [(b.name, b.role) for b in item.bylines] == [("王建国", "reporter")]
    assert body(item) == [("p", P1), ("p", P2)]


def test_a_page_header_dated_with_circles_for_zero_gives_the_edition_s_date():
    parsed = parse_page(page("二○二二年十一月二十一日　星期一　第二版　要闻　责任编辑：王芳", *OTHER))
    assert (parsed.header.date, parsed.header.number) == (dt.date(2022, 11, 21), 2)


def test_a_closing_dateline_with_chinese_zero_closes_its_story():
    item = story(page(HEAD, "本报记者　李娜", P1, P2 + "（本报朔州十一月二〇日电）", *OTHER))
    assert item.dateline == "本报朔州十一月二〇日电"
    assert body(item) == [("p", P1), ("p", P2)]


@given(DAYS.filter(lambda d: d.year >= 1900), st.sampled_from(["units", "digits", "arabic"]), ZEROS)
@EXAMPLES
def test_a_page_header_dated_in_chinese_numerals_gives_the_edition_s_date(day, style, zero):
    date = f"{digit_by_digit(day.year, zero)}年{month_or_day(day.month, style)}月{month_or_day(day.day, style)}日"
    header = f"{date}　星期{'一二三四五六日'[day.weekday()]}　第二版　要闻　责任编辑：王芳"
    parsed = parse_page(page(header, *OTHER))
    assert (parsed.header.date, parsed.header.number) == (day, 2)
    assert read_header(f"朔州日报　{date}　第二版\n\n{OTHER[0]}").date == day


@given(DAYS.filter(lambda d: d.year >= 1900), st.sampled_from([".", "-", "/"]), st.booleans())
@EXAMPLES
def test_a_page_header_dated_with_separated_digits_gives_the_same_date_to_both_readers(day, separator, padded):
    month, date = (f"{n:02d}" if padded else str(n) for n in (day.month, day.day))
    header = f"{day.year}{separator}{month}{separator}{date}　星期{'一二三四五六日'[day.weekday()]}　要闻"
    parsed = parse_page(page(header, *OTHER))
    assert parsed.header.date == day
    assert all(item.headline != header for item in parsed.items)
    assert read_header(f"{header}\n\n{OTHER[0]}").date == day


@pytest.mark.parametrize("header", ["2022.13.40　第2版", "0022.11.21　第2版"])
def test_a_separated_date_no_paper_printed_is_read_by_neither(header):
    assert parse_page(page(header, *OTHER)).header.date is None
    assert read_header(f"{header}\n\n{OTHER[0]}").date is None
