"""Property tests on pages nobody has seen: the seed page damaged the ways real
scans and exports damage pages (lines out of order, headers lost, the other
width of punctuation, Traditional characters, other line ends, runs of title
lines, stray credits and jump marks, a page with only its header).

Whatever the page, the parser either refuses it with PageParseError (nothing
printed on it) or places every printed character in exactly one part of one
story, caption or piece of furniture, each field saying what its spans print;
and the same page parses the same way twice. Examples are derandomized so CI
sees the same pages every run.
"""

from __future__ import annotations

import random
import re

import opencc
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from articles.byline_roles import PRINTED_ROLE_WORDS
from articles.importer.parse import PageParseError, fold, parse_page

from .test_parse import SEED, assert_coverage, assert_spans_consistent, summary

SEED_LINES = [line for line in SEED.split("\n") if line.strip()]
MUTATIONS = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], database=None
)
TO_TRADITIONAL = opencc.OpenCC("s2t")
HALF_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"})
FULL_TO_HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")", "。": "."})
HEADER = "朔州日报 2022年11月21日 星期一 第3版 抗疫一线"
# Lines a page carries besides its stories, and lines OCR leaves alone on a line.
STRAYS = [
    HEADER,
    "责任编辑:张三 版式:李四 校对:王五",
    "本报记者 张三",
    "记者 张三 通讯员 李四",
    "文/张三 图/李四",
    "王汉平 摄",
    "(本报记者 李明 摄)",
    "图片由市文旅局提供",
    "新华社北京11月20日电(记者 王五)",
    "本报讯",
    "——",
    "【抗疫日记】",
    "(下转第二版)",
    "(上接第一版)",
    "广告",
    "联系电话:0349-1234567",
    "。",
    "……",
    "(",
    "”",
    "一是",
    "(一)",
]
CREDITS = ["(王荣 王晓丽)", " 王汉平 摄", "(图片由市文旅局提供)", "(本通)", "(记者 张三 通讯员 李四)", "(转2版)"]
TITLE_CHARS = "市政协机关党员干部下沉包联社区助力防控冬日的朔州凉风"
BLANKS = ["\u00a0", "\u3000", "\t", "\u2002", "\u200b"]


def _shuffle_a_window(lines, rng):
    i = rng.randrange(len(lines))
    window = lines[i : i + rng.randint(2, 6)]
    rng.shuffle(window)
    lines[i : i + len(window)] = window


def _drop_lines(lines, rng):
    for _ in range(min(rng.randint(1, 10), len(lines) - 1)):
        del lines[rng.randrange(len(lines))]


def _drop_titles(lines, rng):
    # Headers (short lines with no sentence mark) dropped: stories run into each other.
    lines[:] = [line for line in lines if len(line) > 32 or "。" in line or rng.random() < 0.5] or lines[:1]


def _full_width(lines, rng):
    lines[:] = [line.translate(HALF_TO_FULL) if rng.random() < 0.5 else line for line in lines]


def _half_width(lines, rng):
    lines[:] = [line.translate(FULL_TO_HALF) if rng.random() < 0.3 else line for line in lines]


def _traditional(lines, rng):
    lines[:] = [TO_TRADITIONAL.convert(line) if rng.random() < 0.7 else line for line in lines]


def _join_lines(lines, rng):
    # Line ends lost: one very long line.
    i = rng.randrange(len(lines))
    lines[i : i + rng.randint(2, 20)] = ["".join(lines[i : i + 20])]


def split_lines(lines, rng):
    # Column breaks anywhere, mid-word included.
    out = []
    for line in lines:
        if len(line) > 4 and rng.random() < 0.3:
            cut = rng.randrange(1, len(line))
            out += [line[:cut], line[cut:]]
        else:
            out.append(line)
    lines[:] = out


def _stray_lines(lines, rng):
    for _ in range(rng.randint(1, 5)):
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(STRAYS))


def _credits_at_line_ends(lines, rng):
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        lines[i] += rng.choice(CREDITS)


def _repeat_lines(lines, rng):
    i = rng.randrange(len(lines))
    lines[i:i] = lines[i : i + rng.randint(1, 10)]


def _cut_the_page(lines, rng):
    k = rng.randint(1, len(lines))
    lines[:] = lines[:k] if rng.random() < 0.5 else lines[k - 1 :]


def _only_a_header(lines, rng):
    lines[:] = [HEADER] + rng.sample(STRAYS, rng.randint(0, 3))


def _interleave_columns(lines, rng):
    if len(lines) > 10:
        i = rng.randrange(len(lines) - 10)
        a, b = lines[i : i + 5], lines[i + 5 : i + 10]
        lines[i : i + 10] = [line for pair in zip(a, b) for line in pair]


def _title_runs(lines, rng):
    run = ["".join(rng.choice(TITLE_CHARS) for _ in range(rng.randint(4, 32))) for _ in range(rng.randint(2, 9))]
    lines[rng.randrange(len(lines) + 1) : 0] = [("——" + r if rng.random() < 0.3 else r) for r in run]


def _odd_blanks(lines, rng):
    blank = rng.choice(BLANKS)
    lines[:] = [line.replace(" ", blank) if rng.random() < 0.5 else "\u3000\u3000" + line for line in lines]


def _sentence_ends_lost(lines, rng):
    lines[:] = [line.rstrip("。!?") if rng.random() < 0.2 else line for line in lines]


MUTATORS = [
    _shuffle_a_window,
    _drop_lines,
    _drop_titles,
    _full_width,
    _half_width,
    _traditional,
    _join_lines,
    split_lines,
    _stray_lines,
    _credits_at_line_ends,
    _repeat_lines,
    _cut_the_page,
    _only_a_header,
    _interleave_columns,
    _title_runs,
    _odd_blanks,
    _sentence_ends_lost,
]
LINE_ENDS = ["\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\n\n\n\n\n", "\n \n\t\n"]


@st.composite
def damaged_pages(draw) -> str:
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    lines = list(SEED_LINES)
    for mutate in draw(st.lists(st.sampled_from(MUTATORS), min_size=1, max_size=5)):
        mutate(lines, rng)
    text = draw(st.sampled_from(LINE_ENDS)).join(lines)
    return draw(st.sampled_from(["", "\ufeff"])) + text + draw(st.sampled_from(["", "\n", "\r\n"]))


_ROLE_WORDS = re.compile(
    "|".join(sorted((re.escape(word) for word, _ in PRINTED_ROLE_WORDS), key=len, reverse=True))
    + r"|(?:本报|新华社)驻[\u4e00-\u9fff]{1,8}?(?:首席)?记者|摄影|摄|供图|提供|供稿|报送|报道|图片由|本报"
)


def assert_fields_say_their_spans(page) -> None:
    """No part of a credit or subtitle line is dropped on the way to its field."""
    text = fold(page.text)  # role words read in Simplified, as the parser reads them
    for item in page.items:
        names = fold("".join(b.name for b in item.bylines) + item.dateline)
        for span in item.spans["bylines"]:
            rest = _ROLE_WORDS.sub("", text[span.start : span.end])
            lost = [c for c in rest if "\u4e00" <= c <= "\u9fff" and c not in names]
            assert not lost, (text[span.start : span.end], item.bylines)
        subtitle = re.sub(r"\s", "", item.subtitle)
        for span in item.spans["subtitle"]:
            printed = re.sub(r"\s", "", page.text[span.start : span.end]).lstrip("—-─")
            assert printed in subtitle, (printed, item.subtitle)


def check_damaged(text: str) -> None:
    try:
        page = parse_page(text)
    except PageParseError as error:
        assert not text.lstrip("\ufeff").strip() and "empty" in str(error)
        return
    assert page.text == text
    assert_coverage(page)
    assert_spans_consistent(page)
    assert_fields_say_their_spans(page)
    again = parse_page(text)
    assert [(summary(i), i.spans, i.confidence) for i in again.items] == [
        (summary(i), i.spans, i.confidence) for i in page.items
    ]
    assert again.furniture == page.furniture and again.header == page.header


@MUTATIONS
@given(damaged_pages())
def test_a_damaged_page_loses_no_text_and_parses_the_same_twice(text):
    check_damaged(text)


def _layout(page) -> list:
    """Where each part of each item stands, and what kind of credit each byline is."""
    return [(i.kind, i.spans, [b.spans for b in i.blocks], [b.role for b in i.bylines]) for i in page.items]


@MUTATIONS
@given(damaged_pages())
@example(text=SEED)
def test_a_page_printed_in_traditional_characters_reads_as_its_simplified_twin(text):
    traditional = TO_TRADITIONAL.convert(text)
    assume(len(traditional) == len(text))
    try:
        page = parse_page(text)
    except PageParseError:
        return
    twin = parse_page(traditional)
    assert _layout(twin) == _layout(page)
    check_damaged(traditional)


def test_a_traditional_page_keeps_its_own_characters_in_every_field():
    text = (
        "朔州日報 2022年11月21日 星期一 第3版 責任編輯:張國強\n\n市商務局幹部下沉社區\n\n本報記者 呂霞\n\n"
        "本報訊 連日來，市商務局黨組高度重視，聞令而動、依令而行。\n"
    )
    page = parse_page(text)
    [item] = page.items
    assert (item.headline, item.dateline, [(b.name, b.role) for b in item.bylines]) == (
        "市商務局幹部下沉社區",
        "本報訊",
        [("呂霞", "reporter")],
    )
    # The editor's role is one of the words the rules know; the name is as printed.
    assert (page.header.paper, page.header.editors) == ("朔州日報", [("责任编辑", "張國強")])
