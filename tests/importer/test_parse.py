"""The seed page parses exactly to the hand-checked reference, plus unit checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from articles.importer.bylines import parse_credit, split_dateline, split_photo_credit, split_trailing_credit
from articles.importer.lines import is_closed, split_lines
from articles.importer.parse import (
    BYLINE_ROLES,
    Block,
    Byline,
    PageParseError,
    ParsedItem,
    ParsedPage,
    SourceSpan,
    parse_page,
)
from articles.importer.seams import continuation_evidence, seam_gain

from .seed_expected import SEED_EXPECTED

SEED_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "shuozhou-page-2022-11.txt"
SEED = SEED_PATH.read_text(encoding="utf-8")


def summary(item: ParsedItem) -> dict:
    return {
        "kind": item.kind,
        "kicker": item.kicker,
        "headline": item.headline,
        "subtitle": item.subtitle,
        "dateline": item.dateline,
        "bylines": [(b.name, b.role) for b in item.bylines],
        "blocks": [(b.type, b.text) for b in item.blocks],
    }


def assert_coverage(page: ParsedPage) -> None:
    """Every printed character sits in exactly one item part; spans never overlap."""
    text = page.text
    owner = [0] * len(text)
    for f in page.furniture:
        for i in range(f.span.start, f.span.end):
            owner[i] += 1
    for item in page.items:
        spans = [s for ss in item.spans.values() for s in ss] + [s for b in item.blocks for s in b.spans]
        for s in spans:
            assert 0 <= s.start < s.end <= len(text), s
            for i in range(s.start, s.end):
                owner[i] += 1
    for i, c in enumerate(text):
        if c.isspace() or (i == 0 and c == "\ufeff"):
            assert owner[i] <= 1, (i, c)
        else:
            assert owner[i] == 1, (i, c, text[max(0, i - 10) : i + 10], owner[i])


def _unblank(text: str) -> str:
    return re.sub(r"[ \u3000]", "", text)


def assert_title_lines(title: str, lines: list[str]) -> None:
    """``title`` is its printed lines in order, each joined to the next with nothing or one space."""
    rest = title
    for k, line in enumerate(lines):
        if k:
            rest = rest.removeprefix(" ")
        assert rest.startswith(line), (title, lines)
        rest = rest[len(line) :]
    assert rest == "", (title, lines)


def assert_spans_consistent(page: ParsedPage) -> None:
    """Text fields are what stood at their spans (brackets/dashes/credit words aside)."""
    t = page.text
    for item in page.items:
        for b in item.blocks:
            assert b.type in ("p", "h")
            assert b.text == "".join(t[s.start : s.end] for s in b.spans)
            assert b.text.strip() == b.text and b.text
            # a piece that ends a sentence is never joined to the next one
            assert not any(is_closed(t[s.start : s.end]) for s in b.spans[:-1]), b.text
        if item.headline:
            assert_title_lines(item.headline, [t[s.start : s.end] for s in item.spans["headline"]])
        if item.dateline:  # in brackets when printed after the story, or as 【本报讯】
            printed = [t[s.start : s.end].strip("()（）【】〔〕[]") for s in item.spans["dateline"]]
            assert " ".join(printed) == item.dateline
        if item.kicker:  # bracketed, or a line of its own (引题, a column label)
            # A kicker's span may hold its brackets and any blanks inside them ((\t冲), (\xa0冲)).
            assert all(
                t[s.start : s.end].strip("()（）【】[]〔〕").strip() in item.kicker for s in item.spans["kicker"]
            )
        for by in item.bylines:
            assert by.role in BYLINE_ROLES
            # As printed, but for blanks (a two-character name padded to three: 刘　娜).
            assert any(_unblank(by.name) in _unblank(t[s.start : s.end]) for s in item.spans["bylines"])
        assert item.kind in ("story", "photo")


@pytest.fixture(scope="module")
def seed_page() -> ParsedPage:
    return parse_page(SEED)


def test_seed_item_count_and_order(seed_page):
    assert [i.headline for i in seed_page.items] == [e["headline"] for e in SEED_EXPECTED]
    offsets = [i.first_offset() for i in seed_page.items]
    assert offsets == sorted(offsets)


@pytest.mark.parametrize("k", range(len(SEED_EXPECTED)))
def test_seed_item_matches_reference(seed_page, k):
    assert summary(seed_page.items[k]) == SEED_EXPECTED[k]


def test_seed_spans(seed_page):
    assert_coverage(seed_page)
    assert_spans_consistent(seed_page)


def test_seed_blocks_hold_no_credit_text(seed_page):
    for item in seed_page.items:
        for b in item.blocks:
            assert not b.text.startswith("本报讯")
            assert "(王荣" not in b.text and "(本通)" not in b.text and "提供)" not in b.text
            assert not b.text.endswith("摄") and "(杨岗)" not in b.text


def test_seed_joins_keep_piece_spans(seed_page):
    bus = next(i for i in seed_page.items if i.headline.endswith("“公交人”"))
    joined = next(b for b in bus.blocks if "吃饭空隙给家人拨打视频电话" in b.text)
    assert len(joined.spans) == 2
    assert SEED[joined.spans[0].start : joined.spans[0].end].endswith("吃饭空隙")
    assert SEED[joined.spans[1].start : joined.spans[1].end].startswith("给家人")
    # the story reads from its intro above the headline
    assert bus.first_offset() == SEED.index("每一次疫情突发")
    assert bus.spans["headline"][0].start > bus.first_offset()


def test_body_text(seed_page):
    item = seed_page.items[4]
    assert item.body_text() == "\n\n".join(b.text for b in item.blocks)
    assert item.body_text().count("\n\n") == len(item.blocks) - 1


@pytest.mark.parametrize("bad", ["", "   ", "\n\n\r\n\t ", "\ufeff", "\ufeff \n"])
def test_not_a_page(bad):
    with pytest.raises(PageParseError, match="empty"):
        parse_page(bad)


def test_page_starting_mid_story_keeps_headline_less_story():
    text = (
        "接上文的内容继续,他们说这是最后一段。\n\n市纪委监委保障举措落地见效\n\n"
        "连日来,各单位全力以赴。(市纪委监委提供)\n"
    )
    page = parse_page(text)
    assert [(i.headline, [b.text for b in i.blocks]) for i in page.items] == [
        ("", ["接上文的内容继续,他们说这是最后一段。"]),
        ("市纪委监委保障举措落地见效", ["连日来,各单位全力以赴。"]),
    ]
    assert page.items[1].bylines == [Byline("市纪委监委", "credit")]


def test_credit_line_standing_alone_closes_the_story():
    text = (
        "标题一则新闻\n\n记者 张三\n\n正文写完了。\n\n(杨岗)\n\n(抗疫日记)\n\n另一则新闻标题\n\n李四\n\n又一段正文。\n"
    )
    page = parse_page(text)
    assert [(i.kicker, i.headline, [(b.name, b.role) for b in i.bylines]) for i in page.items] == [
        ("", "标题一则新闻", [("张三", "reporter"), ("杨岗", "author")]),
        ("抗疫日记", "另一则新闻标题", [("李四", "author")]),
    ]


def test_not_a_string():
    with pytest.raises(PageParseError):
        parse_page(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("eol", ["\r\n", "\r"])
def test_line_endings_and_bom(eol):
    text = "\ufeff" + SEED.replace("\n", eol)
    page = parse_page(text)
    assert page.text == text
    assert [summary(i) for i in page.items] == SEED_EXPECTED
    assert_coverage(page)
    assert_spans_consistent(page)


def test_single_newlines_between_paragraphs():
    page = parse_page(SEED.replace("\n\n", "\n"))
    assert [summary(i) for i in page.items] == SEED_EXPECTED


def test_dataclass_interface():
    s = SourceSpan(1, 3)
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do; the page must not parse
        s.start = 2  # frozen
    item = ParsedItem(kind="story")
    assert item.bylines == [] and item.blocks == [] and item.body_text() == ""
    assert set(item.spans) == {"kicker", "headline", "subtitle", "dateline", "bylines"}
    assert Block("p", "x", [s]).spans == [s] and Byline("王荣", "author").role == "author"
    assert issubclass(PageParseError, ValueError)


# -- units -------------------------------------------------------------------


def test_split_lines_offsets():
    text = "\ufeff  标题\r\n\r\n正文。 \r尾"
    lines = split_lines(text)
    assert [line.text for line in lines] == ["标题", "正文。", "尾"]
    assert all(text[line.start : line.end] == line.text for line in lines)


@pytest.mark.parametrize(
    "text,closed",
    [
        ("织密筑牢防疫屏障。", True),
        ("危机干预等。”", True),
        ("“风景线”!", True),
        ("在防疫一线成", False),
        ("公交“摆", False),
        ("他们面带微笑、", False),
        ("吃饭空隙", False),
        ("以后……", True),
    ],
)
def test_is_closed(text, closed):
    assert is_closed(text) is closed


@pytest.mark.parametrize(
    "text,expected",
    [
        ("通讯员 吕霞", [("吕霞", "correspondent")]),
        ("记者 武跃林", [("武跃林", "reporter")]),
        ("王荣 王晓丽", [("王荣", "author"), ("王晓丽", "author")]),
        ("市纪委监委提供", [("市纪委监委", "credit")]),
        ("王汉平 摄", [("王汉平", "photographer")]),
        ("记者 张三 通讯员 李四", [("张三", "reporter"), ("李四", "correspondent")]),
        ("抗疫日记", None),
        ("战疫先锋", None),
    ],
)
def test_parse_credit(text, expected):
    assert parse_credit(text) == expected


def test_dateline_and_credits():
    dl, credit, bylines, body = split_dateline("本报讯(通讯员 吕霞)疫情就是命令")
    assert dl == (0, 3) and credit == (3, 11) and bylines == [("吕霞", "correspondent")] and body == 11
    assert split_dateline("本报讯 近日")[3] == 4
    assert split_dateline("近日,本报讯")[0] is None
    assert split_trailing_credit("传承家族精神。(王荣 王晓丽)") == (7, [("王荣", "author"), ("王晓丽", "author")])
    assert split_trailing_credit("落实到位。(本通)") == (5, [("本通", "credit")])
    assert split_trailing_credit("防疫分管责任人(土地小区)") is None
    assert split_trailing_credit("全文完。(完)") == (4, [])  # the end mark: no one credited
    assert split_photo_credit("营造良好工作环境。王汉平 摄") == (9, [("王汉平", "photographer")])


def test_seam_evidence():
    assert seam_gain("他强忍多日劳累导致的不适,一声不", "吭,依然咬牙坚守") > 8
    assert seam_gain("只能借着吃饭空隙", "给家人拨打视频电话") == 0
    assert seam_gain("一声不", "给家人拨打视频电话") == 0
    assert seam_gain("朔城分局北", "城派出所民警") > 0
    assert continuation_evidence("他们面带微笑", ",认真讲解") >= 8
