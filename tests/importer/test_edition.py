"""Several pages of one edition: print order and stories joined across pages."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importer.edition import EditionError, EditionFile, number_in_name, parse_edition
from articles.importer.parse import parse_page

from .corpus.generate import compose_edition
from .corpus.texts import STORIES

HEAD = "老旧小区用上了稳定暖气"
P1 = "入冬以来，城区供热管网改造工程进入收尾阶段，三十二个老旧小区的居民用上了稳定的暖气。"
P2 = "据介绍，改造后的管网每年可节约燃煤一万余吨，减少热量损失近三成。"
OTHER = [
    "南河镇大棚蔬菜陆续上市",
    "本报记者　赵建军",
    "连日来，南河镇的八百亩设施大棚里一片繁忙，西红柿、黄瓜和彩椒陆续上市。",
    "镇里牵头与三家超市签订了长期供货协议。",
]
THIRD = ["市图书馆新馆开放", "本报通讯员　周丽娟", "市图书馆新馆于本月正式向读者开放，馆藏图书达到八十万册。"]


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def header(n: int) -> str:
    return f"2022年11月21日　星期一　第{n}版　要闻　责任编辑：张丽"


def front(mark="（下转第二版）"):
    return page(header(1), HEAD, "本报记者　王建国", P1, P2[:21] + mark, *OTHER)


def back(mark="（上接第一版）", n=2):
    return page(header(n), *THIRD, mark, P2[21:] + "（李娜）")


def assert_edition_coverage(edition, files):
    """Every printed character of every page is in exactly one span of the edition."""
    texts = {p.number: p.page.text for p in edition.pages}
    owner = {n: [0] * len(t) for n, t in texts.items()}
    for p in edition.pages:
        for f in p.page.furniture:
            for i in range(f.span.start, f.span.end):
                owner[p.number][i] += 1
        for item in p.page.items:
            spans = [s for ss in item.spans.values() for s in ss] + [s for b in item.blocks for s in b.spans]
            for s in spans:
                for i in range(s.start, s.end):
                    owner[s.page or p.number][i] += 1
    for n, text in texts.items():
        for i, c in enumerate(text):
            if not c.isspace() and not (i == 0 and c == "\ufeff"):
                assert owner[n][i] == 1, (n, i, c, text[max(0, i - 10) : i + 10])
    assert sorted(texts.values()) == sorted(f.text for f in files)


def test_a_story_continued_on_another_page_is_joined_where_it_starts():
    files = [EditionFile("a.txt", front()), EditionFile("b.txt", back())]
    edition = parse_edition(files)
    assert [p.number for p in edition.pages] == [1, 2]
    joined = edition.pages[0].page.items[0]
    assert joined.headline == HEAD
    assert [b.text for b in joined.blocks] == [P1, P2]
    assert [(b.name, b.role) for b in joined.bylines] == [("王建国", "reporter"), ("李娜", "author")]
    assert joined.continued_to is None and not joined.warnings
    assert [j.kind for j in joined.joins][-1] == "page"
    assert {s.page for s in joined.blocks[-1].spans} == {None, 2}
    assert [i.headline for i in edition.pages[1].page.items] == ["市图书馆新馆开放"]
    assert [(n, i.headline) for n, i in edition.articles()] == [(1, HEAD), (1, OTHER[0]), (2, "市图书馆新馆开放")]
    assert_edition_coverage(edition, files)


def test_several_stories_jumping_to_one_page_each_get_their_own_continuation():
    # The front page sends two stories to page 2; page 2 prints their rests in the
    # other order.  The seam (管 | 网) and the shared words tell which is which.
    two = "城东新建的三座公园已全部开放，园内的健身步道和儿童乐园深受市民欢迎，周末游"
    two_rest = "园的市民超过两万人次，公园管理处增派了二十名保洁员。"
    first = page(
        header(1),
        HEAD,
        "本报记者　王建国",
        P1,
        P2[:21] + "（下转第二版）",
        "三座公园全部开放",
        "本报记者　李娜",
        two + "（转2版）",
    )
    second = page(header(2), *THIRD, "（上接第一版）", two_rest, "（上接第一版）", P2[21:])
    files = [EditionFile("1.txt", first), EditionFile("2.txt", second)]
    edition = parse_edition(files)
    joined = {i.headline: [b.text for b in i.blocks] for i in edition.pages[0].page.items}
    assert joined == {HEAD: [P1, P2], "三座公园全部开放": [two + two_rest]}
    assert [i.headline for i in edition.pages[1].page.items] == ["市图书馆新馆开放"]
    assert_edition_coverage(edition, files)


@pytest.mark.parametrize("to, back_mark", [("（转2版）", "（接1版）"), ("（下转第2版）", "（上接1版）")])
def test_jump_mark_variants(to, back_mark):
    edition = parse_edition([EditionFile("1.txt", front(to)), EditionFile("2.txt", back(back_mark))])
    assert [b.text for b in edition.pages[0].page.items[0].blocks] == [P1, P2]


def test_pages_are_ordered_by_their_headers_whatever_the_file_names():
    edition = parse_edition([EditionFile("z-scan.txt", front()), EditionFile("a-scan.txt", back())])
    assert [(p.number, p.name, p.numbered_by) for p in edition.pages] == [
        (1, "z-scan.txt", "header"),
        (2, "a-scan.txt", "header"),
    ]


def test_pages_without_headers_are_ordered_by_the_numbers_in_their_file_names():
    one = front().split("\n\n", 1)[1]
    two = back().split("\n\n", 1)[1]
    edition = parse_edition(
        [
            EditionFile("page-10.txt", two.replace("第一版", "第九版")),
            EditionFile("page-9.txt", one.replace("第二版", "第十版")),
        ]
    )
    assert [(p.number, p.numbered_by) for p in edition.pages] == [(9, "file name"), (10, "file name")]
    assert [b.text for b in edition.pages[0].page.items[0].blocks] == [P1, P2]


def test_a_story_continued_over_three_pages():
    middle = page(header(2), *THIRD, "（上接第一版）", P2[21:40] + "（下转第三版）")
    last = page(header(3), "（上接第二版）", P2[40:])
    edition = parse_edition([EditionFile("1.txt", front()), EditionFile("2.txt", middle), EditionFile("3.txt", last)])
    assert [b.text for b in edition.pages[0].page.items[0].blocks] == [P1, P2]
    assert edition.pages[2].page.items == []


def test_a_continuation_whose_page_is_missing_is_kept_and_flagged():
    edition = parse_edition([EditionFile("2.txt", back()), EditionFile("3.txt", page(header(3), *OTHER))])
    cont = next(i for i in edition.pages[0].page.items if i.continued_from == 1)
    assert any("not in this edition" in w for w in cont.warnings) and cont.confidence < 0.6


def test_two_files_of_the_same_page_are_refused():
    with pytest.raises(EditionError, match="same page"):
        parse_edition([EditionFile("x.txt", front()), EditionFile("y.txt", front())])


@pytest.mark.parametrize(
    "name, number", [("page-03.txt", 3), ("A12.txt", 12), ("2022-11-21-4.txt", 4), ("front.txt", None)]
)
def test_page_numbers_in_file_names(name, number):
    assert number_in_name(name) == number


def test_a_jump_mark_at_the_top_of_a_page_is_not_its_header():
    top = page("（上接第一版）", P2[21:], *THIRD)
    edition = parse_edition([EditionFile("page-01.txt", front()), EditionFile("page-02.txt", top)])
    assert [(p.number, p.numbered_by) for p in edition.pages] == [(1, "file name"), (2, "file name")]
    assert [b.text for b in edition.pages[0].page.items[0].blocks] == [P1, P2]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_no_character_is_lost_or_duplicated_across_an_edition(seed):
    generated = compose_edition(0, STORIES, random.Random(seed))
    files = [EditionFile(p.filename, p.text) for p in generated.pages]
    assert_edition_coverage(parse_edition(files), files)


def test_a_headline_repeated_over_a_continuation():
    # Dailies print the headline again over the part continued on another page.
    second = page(header(2), *THIRD, HEAD, "（上接第一版）", P2[21:] + "（李娜）")
    alone = parse_page(second)
    cont = next(i for i in alone.items if i.continued_from == 1)
    assert cont.headline == HEAD and [b.text for b in cont.blocks] == [P2[21:]]
    assert [i.headline for i in alone.items] == ["市图书馆新馆开放", HEAD]
    files = [EditionFile("1.txt", front()), EditionFile("2.txt", second)]
    edition = parse_edition(files)
    assert [(n, i.headline) for n, i in edition.articles()] == [(1, HEAD), (1, OTHER[0]), (2, "市图书馆新馆开放")]
    assert [b.text for b in edition.pages[0].page.items[0].blocks] == [P1, P2]
    assert [f.kind for f in edition.pages[1].page.furniture] == ["header", "jump", "jump"]
    assert_edition_coverage(edition, files)
