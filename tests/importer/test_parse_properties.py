"""Property tests: the parser never crashes and never loses or duplicates text."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.importer.parse import PageParseError, parse_page

from .test_page_mutations import split_lines
from .test_parse import SEED, assert_coverage, assert_spans_consistent, summary

SEED_LINES = [line for line in SEED.split("\n") if line.strip()]

# Pieces that exercise every rule: Chinese text, both punctuation widths,
# quotes, brackets, dashes, credit and dateline words, odd whitespace, breaks.
TOKENS = st.sampled_from(
    list("冲在疫线的政协人王荣李张杨岗吭一声不空隙给家人党员干部着了")
    + list(",。、;:?!…“”‘’()()【】《》—-")
    + list(",.;:?!()\"' \t\u3000\u00a0\u200b\ufeff0123456789abc")
    + [
        "\n",
        "\n",
        "\n\n",
        "\n\n",
        "\r\n",
        "\r",
        "——",
        "本报讯",
        "记者 ",
        "通讯员 ",
        " 摄",
        "提供",
        "(通讯员 吕霞)",
        "(王荣 王晓丽)",
        "(本通)",
        "(抗疫日记)",
        "一声不",
        "吭,",
        "王汉平 摄",
    ]
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEED_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def token_text(max_tokens: int, min_tokens: int = 0):
    return st.lists(TOKENS, min_size=min_tokens, max_size=max_tokens).map("".join)


def check_page(text: str) -> None:
    try:
        page = parse_page(text)
    except PageParseError:
        assert not text.lstrip("\ufeff").strip(), "only blank input may be refused"
        return
    assert page.text == text
    assert_coverage(page)
    assert_spans_consistent(page)
    offsets = [i.first_offset() for i in page.items]
    assert offsets == sorted(offsets)


@SETTINGS
@given(token_text(300))
def test_random_text(text):
    check_page(text)


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_unicode(text):
    check_page(text)


@SETTINGS
@given(st.lists(token_text(30, 1), max_size=30))
@example(lines=["冲冲", "(\t冲)"])  # a bracketed kicker with a tab inside its brackets
@example(lines=["冲冲", "(\xa0冲)"])  # …or a no-break space
def test_lines_of_junk(lines):
    check_page("\n\n".join(lines))


@SEED_SETTINGS
@given(st.randoms(use_true_random=False), st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n \n"]))
def test_shuffled_and_split_seed_paragraphs(rng: random.Random, sep: str):
    lines = list(SEED_LINES)
    rng.shuffle(lines)
    split_lines(lines, rng)
    check_page(sep.join(lines))


@SEED_SETTINGS
@given(st.randoms(use_true_random=False), st.lists(token_text(20, 1), max_size=8))
def test_seed_with_junk_lines(rng: random.Random, junk):
    lines = list(SEED_LINES)
    for j in junk:
        lines.insert(rng.randrange(len(lines) + 1), j)
    check_page("\n\n".join(lines))


@SEED_SETTINGS
@given(st.randoms(use_true_random=False))
def test_seed_stories_survive_unrelated_junk_at_the_end(rng: random.Random):
    """Junk after the last story must not change the stories above it."""
    junk = "".join(rng.choice("杂乱文字,。“”()记者") for _ in range(rng.randrange(1, 60)))
    page = parse_page(SEED + "\n\n" + junk + "。\n")
    from .seed_expected import SEED_EXPECTED

    got = [summary(i) for i in page.items if i.headline]
    want = [e for e in SEED_EXPECTED if e["headline"]]
    assert [g["headline"] for g in got] == [w["headline"] for w in want]
    for g, w in zip(got, want):
        if g["headline"] != "奔波在疫情防控一线的“公交人”":  # the last story may absorb the junk paragraph
            assert g == w
    assert_coverage(page)


@pytest.mark.parametrize(
    "text", ["a", "。", "(", "——", "本报讯", "王汉平 摄", "(王荣)", "记者 张三", "\ufeff本报讯(记者 张三)"]
)
def test_tiny_pages(text):
    check_page(text)


def test_deterministic():
    assert [summary(i) for i in parse_page(SEED).items] == [summary(i) for i in parse_page(SEED).items]
