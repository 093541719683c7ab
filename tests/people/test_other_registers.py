"""The extractor on text unlike its evaluation set: local news, court news, and the model's boundaries.

The stories are written for these tests (a county daily's register: 记者/通讯员
bylines, village officials, kinship and familiar forms), so nothing here was
tuned on; they hold with the model and with the rules alone.
"""

from __future__ import annotations

import pytest

from people.extract import find_persons, model_available, people_in_story
from people.extract.candidate_span import Candidate
from people.extract.combine import _dotted_chain, _extended_by_model, _joined_at_dots, _without_title

VILLAGE = (
    "本报讯（记者 刘晓燕 通讯员 赵建军）11月28日上午，朔城区南榆林乡东村村委会主任王建平带着村里的几位老党员，"
    "来到村东头的李大爷家。七十六岁的李永福老人独自生活，儿子李强在太原打工。“王主任隔三岔五就来看我。”李永福说。\n"
    "乡党委副书记陈志刚表示，下一步将在全乡推广东村的做法。\n"
    "记者在现场看到，志愿者小刘和老孙正帮着老人清扫院子。一位姓马的村民说：“有了这个呼叫器，我们当儿女的也放心了。”\n"
    "应县交警大队民警郭晓东提醒，冬季路面结冰，出行务必减速慢行。市人民医院心内科主任医师杨丽萍建议，老年人早晚要注意保暖。\n"
    "（王荣 摄）"
)
COURT = (
    "怀仁市法院近日审结一起赡养纠纷案。原告赵某某今年八十一岁，长子赵某、次子赵某某均以经济困难为由拒绝赡养。"
    "承办法官孙丽娜多次上门调解。“我妈把我们拉扯大不容易。”赵家女儿说。孙丽娜告诉记者，此类案件有所上升。\n"
    "在昨天举行的中外青年交流会上，来自英国的留学生艾米丽·布朗讲述了她在朔州的见闻。"
    "山西大学外国语学院副院长周文斌主持交流会。周文斌说，艾米丽已经在这里学习了两年。"
)
MODES = [pytest.param(False, id="rules")] + (
    [pytest.param(True, id="model")] if model_available() else [pytest.param(True, id="model", marks=pytest.mark.skip)]
)


@pytest.mark.parametrize("use_model", MODES)
def test_village_story_people_titles_and_bylines(use_model):
    found = {p.name: p.title for p in people_in_story(VILLAGE, use_model=use_model)}
    assert found == {
        "王建平": "朔城区南榆林乡东村村委会主任",
        "李永福": "",
        "李强": "",
        "陈志刚": "乡党委副书记",
        "郭晓东": "应县交警大队民警",
        "杨丽萍": "市人民医院心内科主任医师",
    }


@pytest.mark.parametrize("use_model", MODES)
def test_court_story_anonymised_family_forms_and_a_foreign_short_name(use_model):
    people = {p.name: p for p in people_in_story(COURT, use_model=use_model)}
    assert set(people) == {"孙丽娜", "艾米丽·布朗", "周文斌"}
    assert people["孙丽娜"].title == "承办法官"
    assert people["艾米丽·布朗"].count == 2
    assert people["艾米丽·布朗"].aliases_seen == ["艾米丽"]


@pytest.mark.parametrize("use_model", MODES)
@pytest.mark.parametrize(
    "text, expected",
    [
        ("学者们坚持用马克思主义的立场分析问题。", ["马克思"]),
        ("他们深入学习邓小平理论，联系实际。", ["邓小平"]),
        ("游客们沿着雅克·卡蒂埃大桥走向老城。", []),
        ("车队驶过扬·斯马茨大街。", []),
        ("赵家女儿每周回来看望父母。", []),
        ("王家卫导演的新片昨天上映。", ["王家卫"]),
    ],
)
def test_glued_names_streets_and_families(text, expected, use_model):
    assert [p.name for p in find_persons(text, use_model=use_model)] == expected


def test_model_span_one_name_character_longer_wins():
    text = "收藏名家严汉祥和扬州的季之光"
    rule = Candidate(4, 6, 2.0, "cn")  # 严汉: jieba cut 严汉/祥和
    added = _extended_by_model(text, [rule], [(4, 7)])
    assert [(c.start, c.end, c.kind) for c in added] == [(4, 7, "cn")]
    assert added[0].score > rule.score


def test_model_span_longer_by_a_title_or_caption_does_not_win():
    assert _extended_by_model("王主任说", [Candidate(0, 1, 2.5, "cn")], [(0, 2)]) == []
    assert _extended_by_model("记者温宪图为马拉维首都", [Candidate(2, 4, 2.0, "cn")], [(2, 5)]) == []


def test_titles_cut_off_the_models_spans():
    assert _without_title("乔石委员长访问", (0, 4)) == (0, 2)
    assert _without_title("江主席访问", (0, 2)) == (0, 1)
    assert _without_title("王建平说", (0, 3)) == (0, 3)


def test_a_dotted_chain_of_the_models_may_hold_one_odd_character_a_piece():
    assert _dotted_chain("阿卜杜勒·卡拉勒")
    assert not _dotted_chain("保罗·肖莫德步卡蒂埃后尘")  # the model ran on into the sentence
    assert not _dotted_chain("蒙博托·")


def test_model_spans_cut_at_a_dot_are_joined():
    text = "副主席穆罕默德·舒克利·阿亚西出席"
    assert _joined_at_dots(text, [(3, 12), (12, 15)]) == [(3, 15)]
    assert _joined_at_dots("甲·乙和丙", [(0, 1), (2, 3)]) == [(0, 3)]
    assert _joined_at_dots("张三和李四", [(0, 2), (3, 5)]) == [(0, 2), (3, 5)]
