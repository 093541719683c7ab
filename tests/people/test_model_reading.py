"""The model's reading: how sure it is of a span, and the names it is sure of where the rules see none.

The sentences are written for these tests."""

from __future__ import annotations

import math

import pytest

from people.extract import find_persons, model_available
from people.extract.model import ModelReading

needs_model = pytest.mark.skipif(not model_available(), reason="the model's package is not installed")


def _reading(log_begin: list[float], log_inside: list[float], offset: int = 0, length: int = 6) -> ModelReading:
    reading = ModelReading(length)
    reading.add(offset, [], log_begin, log_inside)
    return reading


def test_a_spans_probability_is_its_start_its_continuations_and_the_end_after_it():
    begin = [math.log(0.9), math.log(0.1), math.log(0.1), math.log(0.1)]
    inside = [math.log(0.05), math.log(0.8), math.log(0.5), math.log(0.2)]
    reading = _reading(begin, inside, offset=1)
    # 0.9 to start at 1, 0.8 and 0.5 to go on at 2 and 3, 1 - 0.2 not to go on at 4
    assert reading.span_probability(1, 4) == pytest.approx(0.9 * 0.8 * 0.5 * 0.8)
    # a span that ends its piece has no next character to weigh
    assert reading.span_probability(1, 5) == pytest.approx(0.9 * 0.8 * 0.5 * 0.2)
    assert reading.piece(2) == (1, 5)


def test_a_span_that_runs_out_of_its_piece_is_no_name():
    reading = ModelReading(6)
    reading.add(0, [], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0])
    reading.add(3, [], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0])
    assert reading.span_probability(1, 5) == 0.0
    assert reading.span_probability(3, 3) == 0.0


def test_spans_are_offsets_into_the_whole_text():
    reading = ModelReading(8)
    reading.add(4, [(0, 2)], [0.0] * 4, [0.0] * 4)
    assert reading.spans == [(4, 6)]


@needs_model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a given name alone, no surname the lists know and no cue around it: the model is sure
        ("晓燕笑着点了点头，转身走进了教室。", ["晓燕"]),
        ("秀兰每天五点起床，先去给羊添草。", ["秀兰"]),
    ],
)
def test_a_name_the_model_is_sure_of_is_kept_where_the_rules_see_none(text, expected):
    assert [p.name for p in find_persons(text, use_model=True)] == expected
    assert find_persons(text, use_model=False) == []


@needs_model
def test_a_name_the_model_is_unsure_of_is_not_taken_where_the_rules_see_none():
    # the model half-reads the country as a name (about 0.4) in a clause with no candidate of the rules
    assert find_persons("今年，马拉维已经吸引了不少游客。", use_model=True) == []


def test_a_part_read_again_replaces_the_reading_there():
    reading = ModelReading(8)
    reading.add(0, [(1, 3)], [0.0] * 8, [0.0] * 8)
    reading.replace(2, [(1, 3)], [math.log(0.5)] * 4, [math.log(0.25)] * 4)
    # the span that ran into the part is dropped, the part's own is placed at its offset
    assert reading.spans == [(3, 5)]
    assert reading.piece(3) == (2, 6)
    assert reading.span_probability(3, 5) == pytest.approx(0.5 * 0.25 * 0.75)


@needs_model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他在灯下反复阅读《毛泽东选集》第一卷。", ["毛泽东"]),
        ("书架上摆着《司马迁评传》和几本字典。", ["司马迁"]),
        ("《王安石变法研究》一书出版。", ["王安石"]),
        ("她读完《红楼梦》后写了笔记。", []),
    ],
)
def test_names_inside_a_works_title_are_read_by_the_model(text, expected):
    # in the sentence the model reads the title as one work's name and tags no person in it
    assert [p.name for p in find_persons(text, use_model=True)] == expected


@needs_model
def test_a_rule_candidate_the_model_is_sure_of_is_kept_though_the_rules_doubt_it():
    assert [p.name for p in find_persons("（文/苏萱）学校昨天开学。", use_model=True)] == ["苏萱"]


@needs_model
def test_a_run_of_words_jieba_tags_as_names_is_no_list_when_the_model_reads_none_of_them():
    # a headline run into its byline: to jieba's tags 海燕, 花香, 丹青, 丹尼 and 阿君 make an unseparated list
    text = "海燕花香丹青丹尼阿君８月，"
    assert [p.name for p in find_persons(text, use_model=False)] == ["海燕", "花香", "丹青", "丹尼", "阿君"]
    assert [p.name for p in find_persons(text, use_model=True)] == ["阿君"]


@needs_model
def test_a_list_is_kept_whole_when_the_model_reads_one_of_its_names():
    # the model tags only 韦钰 here exactly: a list of names run together is hard for it to read
    names = [p.name for p in find_persons("常务委员：丁石孙王文元王光英王选韦钰", use_model=True)]
    assert names == ["丁石孙", "王文元", "王光英", "王选", "韦钰"]


@needs_model
def test_a_one_character_given_name_must_be_likely_in_real_given_names():
    # 缓 is rare in people's given names: 徐缓 here is "slowly", though jieba and the model read a name
    assert [p.name for p in find_persons("歌声徐缓而悠长。", use_model=True)] == []
    assert [p.name for p in find_persons("李鹏会见了来访的客人。", use_model=True)] == ["李鹏"]


@needs_model
def test_a_name_without_a_surname_the_model_is_sure_of_must_read_as_a_given_name():
    # 怜 is rarer in people's given names than in words: 怜子 here is "to love one's child"
    assert [p.name for p in find_persons("无情未必真豪杰，怜子如何不丈夫。", use_model=True)] == []
    assert [p.name for p in find_persons("晓燕笑着说，明天再来。", use_model=True)] == ["晓燕"]
