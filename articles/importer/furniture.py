"""Page furniture: what is printed on a page but belongs to no story.

The page header (date, 第X版, the page's name, 责任编辑/版式/校对), the
masthead of a front page, advertisements and the marks of stories jumping to
or from another page (下转第二版, 上接第一版).  Furniture lines are taken out
before the stories are parsed; they stay in the parse as
:class:`~.structures.FurnitureLine` spans so no printed character is lost, and
the header fills in the edition's metadata.

Pure Python; patterns match the folded page (full-width forms as ASCII).
"""

from __future__ import annotations

import re

from articles.params import day_range_error

from .lines import Line
from .numerals import DATE_PATTERN, DATE_RE, NUMERAL_CHARS, SEPARATED_DATE_RE, calendar_date, cn_int, find_date
from .structures import FurnitureLine, PageHeader, SourceSpan

# How far down the top-of-page furniture can reach, in lines.
HEADER_LINES = 12
# An advertisement is its label and the lines down to its contact line.
ADVERT_LINES = 6
# Editor lines at a page's foot, read from its last line up.
FOOTER_LINES = 2

_WEEKDAY_RE = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]")
_PAGE_RE = re.compile(rf"第\s*([\d{NUMERAL_CHARS}]{{1,4}})\s*版|^([A-Z]?\d{{1,3}})版$")
_EDITOR_RE = re.compile(
    r"(责任编辑|本版编辑|本版责编|责编|版式|美编|校对|编辑|制图|视觉)\s*[:]\s*([\u4e00-\u9fff·]{2,5}(?:、[\u4e00-\u9fff·]{2,5})*)"
)
_MASTHEAD_RE = re.compile(
    r"^[\u4e00-\u9fff]{2,10}(?:日报|晚报|早报|时报|报)$|^[A-Z][A-Z ]{5,}$|机关报$|主办$|出版物号|CN\s*\d{2}\s*-\s*\d{4}"
    r"|^第\s*\d+\s*期|今日\s*\d+\s*版|邮发代号|^" + DATE_PATTERN + r"(?:\s|星期|$)"
)
_LABEL_RE = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
_ADVERT_LABEL = {"广告", "(广告)", "【广告】", "[广告]", "分类广告", "广而告之"}
_CONTACT_RE = re.compile(r"电话|热线|地址|网址|微信|\d{3,4}-\d{7,8}|1\d{10}")
# A story jumping: (下转第二版) (转2版) (续第三版) … and (上接第一版) (接1版) …
JUMP_TO_RE = re.compile(rf"\((?:下转|转|续见|转见|续转)\s*(?:第)?\s*([\d{NUMERAL_CHARS}]{{1,3}})\s*版\)")
JUMP_FROM_RE = re.compile(rf"\((?:上接|接|续|承)\s*(?:第)?\s*([\d{NUMERAL_CHARS}]{{1,3}})\s*版\)")


def _is_header_line(text: str) -> bool:
    return bool(
        find_date(text)
        and (_WEEKDAY_RE.search(text) or _PAGE_RE.search(text) or _EDITOR_RE.search(text) or len(text) <= 16)
        or _PAGE_RE.search(text)
        and len(text) <= 60
        and "。" not in text
        or _EDITOR_RE.search(text)
        and len(text) <= 60
        and "。" not in text
    )


def _kind(text: str) -> str | None:
    if JUMP_FROM_RE.search(text) or JUMP_TO_RE.search(text):
        return None  # (上接第一版) names another page, not this one
    if _is_header_line(text):
        return "header"
    if _MASTHEAD_RE.search(text) and "。" not in text and len(text) <= 40:
        return "masthead"
    return None


def page_top(lines: list[Line]) -> dict[int, str]:
    """Indexes of the furniture lines at the top of a page, with their kind.

    A short bare line (the page's name: 要闻, 综合新闻) counts only between
    two furniture lines; the scan stops at the first line of a story.
    """
    found: dict[int, str] = {}
    limit = min(len(lines), HEADER_LINES)
    i = 0
    while i < limit:
        kind = _kind(lines[i].text)
        if (
            kind is None
            and i > 0
            and (i - 1) in found
            and _LABEL_RE.match(lines[i].text)
            and i + 1 < limit
            and _kind(lines[i + 1].text) == "header"
        ):
            kind = "header"
        if kind is None:
            break
        found[i] = kind
        i += 1
    return found


def page_bottom(lines: list[Line], skip: set[int]) -> dict[int, str]:
    """Indexes of the page's editor lines printed at its foot (本版编辑：王芳,
    责任编辑：王芳　美编：李娜), as furniture of the kind the top's are: they
    credit the page, not its last story (which would take them as its
    bylines, or as a story of its own). One in brackets, （责任编辑：王芳）,
    closes a story and stays its own."""
    found: dict[int, str] = {}
    for i in range(len(lines) - 1, max(len(lines) - 1 - FOOTER_LINES, -1), -1):
        if i in skip or not _only_editors(lines[i].text):
            break
        found[i] = "header"
    return found


def _only_editors(text: str) -> bool:
    return bool(_EDITOR_RE.search(text)) and not _EDITOR_RE.sub("", text).strip(" \u3000|/")


def adverts(lines: list[Line], skip: set[int]) -> set[int]:
    """Lines of advertisements: a 广告 label and the lines down to its contact line."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        if i in skip or line.text.replace(" ", "") not in _ADVERT_LABEL:
            continue
        out.add(i)
        for j in range(i + 1, min(len(lines), i + 1 + ADVERT_LINES)):
            if _CONTACT_RE.search(lines[j].text):
                out.update(range(i + 1, j + 1))
                break
    return out


def read_header(texts: list[str]) -> PageHeader:
    """Edition metadata from the header and masthead lines."""
    header = PageHeader()
    joined = "  ".join(texts)
    if m := find_date(joined):
        header.date = calendar_date(m)
        if header.date and (error := day_range_error(header.date)):
            header.date, header.date_error = None, f"the page header's date {m[0]}: {error}"
    for text in texts:
        if header.number is None and (m := _PAGE_RE.search(text)):
            header.number = cn_int(m[1] or re.sub(r"\D", "", m[2]))
        header.editors += [(role, name) for role, name in _EDITOR_RE.findall(text)]
        if not header.paper and (m := re.match(r"^([\u4e00-\u9fff]{2,10}(?:日报|晚报|早报|时报))", text)):
            header.paper = m[1]
    if header.number is None and any(_MASTHEAD_RE.search(t) for t in texts if not _is_header_line(t)):
        header.number = 1  # the masthead stands on the front page only
    for text in texts:
        rest = _EDITOR_RE.sub(" ", text)
        rest = SEPARATED_DATE_RE.sub(" ", DATE_RE.sub(" ", _WEEKDAY_RE.sub(" ", _PAGE_RE.sub(" ", rest))))
        for token in rest.split():
            if _LABEL_RE.match(token) and token != header.paper and not _MASTHEAD_RE.search(token):
                header.name = token
                break
        if header.name:
            break
    return header


def find_furniture(lines: list[Line]) -> tuple[set[int], list[FurnitureLine], PageHeader]:
    """The furniture lines of a page (indexes into ``lines``), as spans, and the header they make."""
    top = page_top(lines)
    ads = adverts(lines, set(top))
    bottom = page_bottom(lines, set(top) | ads)
    spans = [FurnitureLine(kind, SourceSpan(lines[i].start, lines[i].end)) for i, kind in {**top, **bottom}.items()]
    spans += [FurnitureLine("advert", SourceSpan(lines[i].start, lines[i].end)) for i in sorted(ads)]
    header = read_header([lines[i].text for i in sorted({**top, **bottom})])
    return set(top) | ads | set(bottom), spans, header
