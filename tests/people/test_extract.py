"""Rules of people.extract, tested on strings (no Django, no database)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from people.extract import PersonSpan, StoryPerson, find_bylines, find_persons, people_in_story

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "shuozhou-page-2022-11.txt"


def names(text: str, **kw) -> list[str]:
    return [p.name for p in find_persons(text, **kw)]


def titled(text: str) -> dict[str, str]:
    return {p.name: p.title for p in find_persons(text)}


# --------------------------------------------------------------------------- spans
def test_spans_are_slices_in_text_order():
    text = "国务院总理李鹏今天会见了美国国务卿奥尔布赖特。"
    spans = find_persons(text)
    assert [p.name for p in spans] == ["李鹏", "奥尔布赖特"]
    for p in spans:
        assert isinstance(p, PersonSpan)
        assert text[p.start : p.end] == p.name
    assert spans == sorted(spans, key=lambda p: p.start)


def test_empty_text():
    assert find_persons("") == []
    assert people_in_story("") == []


# --------------------------------------------------------------------------- titles
@pytest.mark.parametrize(
    "text, name, title",
    [
        ("11月18日10时50分许,朔城分局巡逻民警武卫平、辅警王鹏巡逻至医院门口。", "武卫平", "朔城分局巡逻民警"),
        ("11月18日10时50分许,朔城分局巡逻民警武卫平、辅警王鹏巡逻至医院门口。", "王鹏", "辅警"),
        (
            "在临时党支部全体党员会议上,市政协机关副秘书长、临时党支部书记郭重阳坚定有力地说。",
            "郭重阳",
            "市政协机关副秘书长、临时党支部书记",
        ),
        ("韩永红是市公交公司的一名公交车驾驶员,有着4年车龄。", "韩永红", "市公交公司公交车驾驶员"),
        ("王小明（市教育局局长）表示，将加强管理。", "王小明", "市教育局局长"),
        ("俄罗斯总统叶利钦表示，两国关系良好。", "叶利钦", "俄罗斯总统"),
    ],
)
def test_title_patterns(text, name, title):
    assert titled(text)[name] == title


def test_title_distributes_over_a_name_list():
    text = "民警张文杰带领辅警谢康、张建华、赵生强4人驾车在辖区巡逻。"
    t = titled(text)
    assert t["张文杰"] == "民警"
    assert t["谢康"] == t["张建华"] == t["赵生强"] == "辅警"


def test_no_title_when_story_gives_none():
    assert titled("此外,还有像张宇、田宏、纪俊等党员干部。") == {"张宇": "", "田宏": "", "纪俊": ""}


# --------------------------------------------------------------------------- exclusions
def test_anonymised_forms_are_not_persons():
    text = "市民孙某求助，李某的妻子临近预产期，王某某称不知情，张某人也来了。"
    assert names(text) == []


def test_kinship_and_familiar_address_forms_are_not_persons():
    text = "“李哥,嫂子那边啥情况?”老王说，小张和王姐都来了。"
    assert names(text) == []


def test_familiar_forms_even_when_tagged_alone():
    for text in ("老王说：“没事。”", "小张笑了。", "阿三来了。"):
        assert names(text) == [], text


def test_titles_places_and_common_words_are_not_persons():
    text = "迅速成立由市政协机关党组书记常务率队,每一位工作人员身穿大白,来自平鲁支援朔城区的医护人员。"
    assert names(text) == []


def test_place_used_with_a_place_suffix_elsewhere_in_text():
    text = "怀仁:“线上线下”筑心“防”。怀仁市教育局开展活动。"
    assert names(text) == []


# --------------------------------------------------------------------------- known names
def test_known_names_are_found_even_when_the_tagger_misses_them():
    text = "今天纳兰容若的词被大家传诵。"
    assert "纳兰容若" in names(text, known_names=["纳兰容若"])


# --------------------------------------------------------------------------- stories
def test_short_form_joined_to_full_name():
    story = "张国强是朔州经开区财政部预算科科长。“国强,你怎么了?”同事问。"
    (p,) = people_in_story(story)
    assert isinstance(p, StoryPerson)
    assert p.name == "张国强"
    assert p.count == 2
    assert "国强" in p.aliases_seen
    assert p.title == "朔州经开区财政部预算科科长"
    assert p.first_offset == 0


@pytest.mark.parametrize("use_model", [False, True])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("收藏家林振东和他的朋友聊天，林收藏有邮票三万枚。", ["林振东", "林"]),
        ("画家周海林办了画展，（周自幼学画）观者甚众。", ["周海林", "周"]),
        # two people of the surname: which one is meant is unclear
        ("画家周海林和周海山兄弟，周收藏有古画。", ["周海林", "周海山"]),
        # the surname's character starting an everyday word, or a conjunction
        ("画家周海林办了画展，周围站满了观众。", ["周海林"]),
    ],
)
def test_a_found_persons_surname_alone_opening_a_clause_is_that_person(text, expected, use_model):
    assert [p.name for p in find_persons(text, use_model=use_model)] == expected


@pytest.mark.parametrize("use_model", [False, True])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # jieba reads the surname as a verb (祝) or an adverb (曾)
        ("站长祝海涛每天第一个到岗。", [("祝海涛", "站长")]),
        ("主任曾庆华主持了会议。", [("曾庆华", "主任")]),
        # an adverb before a verb after a title is no name
        ("党员干部都坚守在一线。", []),
    ],
)
def test_a_surname_jieba_reads_as_a_verb_or_adverb_starts_a_name_after_a_title(text, expected, use_model):
    assert [(p.name, p.title) for p in find_persons(text, use_model=use_model)] == expected


@pytest.mark.parametrize("use_model", [False, True])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # jieba reads the surname as an adverb (曾) or a verb (祝, 毕)
        ("曾教授介绍说，这批文物来自宋代。", ["曾"]),
        ("祝先生今年六十岁。", ["祝"]),
        # a preposition or a conjunction before a title keeps its reading
        ("向教授们请教问题。", []),
        ("和先生一起去的。", []),
    ],
)
def test_a_surname_jieba_reads_as_a_verb_or_adverb_before_a_title_is_a_person(text, expected, use_model):
    assert [p.name for p in find_persons(text, use_model=use_model)] == expected


def test_known_alias_maps_to_canonical_name():
    story = "卫平说：“没问题。”"
    (p,) = people_in_story(story, known={"卫平": "武卫平"})
    assert p.name == "武卫平"
    assert p.aliases_seen == ["卫平"]


def test_surname_with_honorific_joins_the_full_name():
    story = "国家主席江泽民今天抵达。江主席在机场发表讲话。"
    (p,) = people_in_story(story)
    assert p.name == "江泽民"
    assert p.count == 2
    assert p.title == "国家主席"


@pytest.mark.parametrize("use_model", [False, None])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("这座古老的小城，每年都吸引不少游客。", []),
        ("几位元老坐在前排。", []),
        ("他把家里的古董都捐给了博物馆。", []),
        ("班主任王丽说，孩子们进步很快。", ["王丽"]),
        ("支队长李刚带队赶到现场。", ["李刚"]),
        ("党代表刘红梅走访了十几户村民。", ["刘红梅"]),
        ("江主席在会上讲话。", ["江"]),
    ],
)
def test_an_everyday_word_that_looks_like_surname_and_honorific_is_no_person(text, expected, use_model):
    assert names(text, use_model=use_model) == expected


@pytest.mark.parametrize("use_model", [False, None])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("该校校长杨明说，学校将增设书法课。", ["杨明"]),
        ("杨明说，学校将增设书法课。", ["杨明"]),
        ("他对记者明说了自己的想法。", []),
    ],
)
def test_a_given_name_jieba_glued_to_a_speech_verb_is_cut_off_it(text, expected, use_model):
    assert names(text, use_model=use_model) == expected


def test_bylines_excluded_given_and_detected():
    story = "记者 武跃林\n\n民警武卫平说：“没问题。”武卫平笑了。(王荣 王晓丽)"
    got = people_in_story(story, exclude=["武跃林"])
    assert [p.name for p in got] == ["武卫平"]
    assert got[0].count == 2
    assert got[0].title == "民警"
    assert {"武跃林", "王荣", "王晓丽"} <= find_bylines(story)


def test_explicit_exclude_wins_even_for_a_mention():
    assert people_in_story("民警武卫平说。", exclude=["武卫平"]) == []


def test_best_title_is_the_longest():
    story = "辅警赵生强联系了李某。朔城分局北城派出所辅警赵生强说。"
    (p,) = people_in_story(story)
    assert p.title == "朔城分局北城派出所辅警"
    assert p.count == 2


def test_first_mention_order():
    story = "杨志强是司机。韩永红说。杨志强又说。"
    assert [p.name for p in people_in_story(story)] == ["杨志强", "韩永红"]


# --------------------------------------------------------------------------- MSRA-style sentences
@pytest.mark.parametrize(
    "text, expected",
    [
        ("法国总统希拉克和德国总理科尔举行会谈。", ["希拉克", "科尔"]),
        ("全党要在邓小平理论指引下团结奋斗。", ["邓小平"]),
        ("江主席在会上说，两国关系很重要。", ["江"]),
        ("张明华、王忠诚、刘建国、陈晓燕等代表参加了讨论。", ["张明华", "王忠诚", "刘建国", "陈晓燕"]),
        ("诸葛亮和司马懿都是三国时期的人物。", ["诸葛亮", "司马懿"]),
        ("欧阳修是北宋著名文学家。", ["欧阳修"]),
        ("加拿大总督罗密欧·勒布朗会见了代表团。", ["罗密欧·勒布朗"]),
        ("江泽民主席抵达檀香山，受到热烈欢迎。", ["江泽民"]),
        (
            "主席团成员：王建国李明华张晓东陈志刚刘玉梅赵文龙",
            ["王建国", "李明华", "张晓东", "陈志刚", "刘玉梅", "赵文龙"],
        ),
    ],
)
def test_msra_style_sentences(text, expected):
    assert names(text) == expected


# --------------------------------------------------------------------------- the seed page
def _story(page: str, start: str, end: str | None) -> str:
    a = page.index(start)
    b = page.index(end, a) if end else len(page)
    return page[a:b]


@pytest.fixture(scope="module")
def page() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def _stories(page: str) -> dict[str, tuple[str, list[str], list[str]]]:
    """story -> (text, expected people, byline names)."""
    bus = _story(page, "每一次疫情突发", "连续奋战显担当") + _story(page, "记者 符焯邦", None)
    zhang = _story(page, "连续奋战显担当", "中煤平朔集团保卫中心 疫情") + _story(
        page, "吭,依然咬牙", "为保障职工生命安全"
    )
    return {
        "政协人": (
            _story(page, "冲在“疫”线的政协人", "(抗疫日记)"),
            ["郭重阳", "孔令飞", "张宇", "田宏", "纪俊"],
            ["洪常中"],
        ),
        "大白": (_story(page, "我当“大白”的经历", "怀仁:"), [], ["吕延斌"]),
        "怀仁": (_story(page, "怀仁:", "市商务局干部下沉社区"), ["龚海荷"], ["王荣", "王晓丽"]),
        "商务局": (_story(page, "市商务局干部下沉社区", "平鲁区委组织部做好"), [], ["吕霞"]),
        "平鲁": (_story(page, "平鲁区委组织部做好", "朔城公安"), [], []),
        "公安": (
            _story(page, "朔城公安", "市纪委监委保障举措"),
            ["武卫平", "王鹏", "赵生强", "张文杰", "谢康", "张建华"],
            ["武跃林"],
        ),
        "纪委": (_story(page, "市纪委监委保障举措", "每一次疫情突发"), ["宋艳玲", "白程"], []),
        "公交": (bus, ["韩永红", "刘高汉", "杨志强"], ["符焯邦"]),
        "张国强": (zhang, ["张国强", "霍锋水"], ["孙宇"]),
        "中煤": (_story(page, "中煤平朔集团保卫中心 疫情", "吭,依然咬牙"), [], ["杨岗"]),
        "图片": (_story(page, "为保障职工生命安全", "奔波在疫情防控一线"), [], ["王汉平"]),
    }


STORY_KEYS = ["政协人", "大白", "怀仁", "商务局", "平鲁", "公安", "纪委", "公交", "张国强", "中煤", "图片"]


@pytest.mark.parametrize("key", STORY_KEYS)
def test_seed_page_people_per_story(page, key):
    text, expected, bylines = _stories(page)[key]
    got = people_in_story(text, exclude=bylines)
    assert [p.name for p in got] == expected


@pytest.mark.parametrize("key", STORY_KEYS)
def test_seed_page_bylines_are_detected_without_help(page, key):
    text, expected, _ = _stories(page)[key]
    assert [p.name for p in people_in_story(text)] == expected


def test_seed_page_titles(page):
    people = {p.name: p for key in STORY_KEYS for p in people_in_story(_stories(page)[key][0])}
    assert people["郭重阳"].title == "市政协机关副秘书长、临时党支部书记"
    assert people["龚海荷"].title == "怀仁市教育局未成年人健康成长辅导中心负责人"
    assert people["武卫平"].title == "朔城分局巡逻民警"
    assert people["王鹏"].title == "辅警"
    assert people["赵生强"].title == "朔城分局北城派出所辅警"  # line break in the page joined
    assert people["张文杰"].title == "朔城分局北城派出所民警"
    assert people["宋艳玲"].title == "朔州经济开发区纪检监察工委书记"
    assert people["白程"].title == "市纪委监委派驻机构负责人"
    assert people["霍锋水"].title == "经开区财政运营管理部部长"
    assert people["韩永红"].title == "市公交公司公交车驾驶员"
    assert people["刘高汉"].title == "市公交公司驾驶员"
    assert people["张国强"].title.endswith("预算科科长")
    assert people["张国强"].count >= 6 and "国强" in people["张国强"].aliases_seen
    assert people["孔令飞"].title == ""


def test_seed_page_whole_has_nothing_false(page):
    allowed = {
        "郭重阳",
        "孔令飞",
        "张宇",
        "田宏",
        "纪俊",
        "龚海荷",
        "武卫平",
        "王鹏",
        "赵生强",
        "张文杰",
        "谢康",
        "张建华",
        "宋艳玲",
        "白程",
        "张国强",
        "霍锋水",
        "韩永红",
        "刘高汉",
        "杨志强",
    }
    got = [p.name for p in people_in_story(page)]
    assert set(got) == allowed
    for bad in ("常务", "大白", "孙某", "李某", "李哥", "怀仁", "平鲁"):
        assert bad not in got


# --------------------------------------------------------------------------- threads
def test_concurrent_first_use_is_safe():
    texts = ["辅警王鹏巡逻至医院门口。", "俄罗斯总统叶利钦表示。", "民警武卫平说。"] * 4
    results: list = [None] * len(texts)

    def work(k):
        results[k] = names(texts[k])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == ["王鹏"] and results[1] == ["叶利钦"] and results[2] == ["武卫平"]


# --------------------------------------------------------------------------- given names
def test_a_transliterations_piece_is_no_surname_with_a_one_character_given_name():
    # 尔 is common in the three-character names of jieba's dictionary (many transliterated),
    # rare in people's given names
    assert names("一架伊尔７６运输机降落在机场。", use_model=False) == []
    assert names("国务院总理李鹏今天会见了客人。", use_model=False) == ["李鹏"]


def test_a_one_character_given_name_weighs_the_lower_of_both_statistics():
    from people import names as linguistics

    assert linguistics.given_name_score("斯") < linguistics.given_char_score("斯")
    assert linguistics.given_name_score("鹏") == linguistics.given_char_score("鹏")
    assert linguistics.given_name_score("斯文") == min(map(linguistics.given_char_score, "斯文"))


def test_a_given_name_alone_reads_as_one_when_its_characters_are_likelier_in_given_names_than_in_words():
    from people import names as linguistics

    assert linguistics.real_given_name_score("晓燕") > 0 > linguistics.real_given_name_score("怜子")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本报记者李华图为村民在收割小麦。", ["李华"]),
        ("本报记者张明图为新建的大桥。", ["张明"]),
        # not after a byline word, 图 ends a given name
        ("画家李宏图为大家作画。", ["李宏图"]),
    ],
)
def test_a_photo_caption_opening_right_after_a_byline_name_is_not_part_of_it(text, expected):
    assert names(text, use_model=False) == expected
    assert names(text, use_model=True) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("国家旅游局局长张光致欢迎词。", ["张光"]),
        ("大会主席团成员刘建致贺词。", ["刘建"]),
        ("市长王建致辞。", ["王建"]),
    ],
)
def test_delivers_a_speech_after_a_name_is_not_part_of_it(text, expected):
    assert names(text, use_model=False) == expected
    assert names(text, use_model=True) == expected


def test_a_conjunction_before_a_name_and_an_honorific_is_no_surname():
    assert names("我们要认真学习和小平同志的讲话。", use_model=False) == ["小平"]
    assert names("我们要认真学习和小平同志的讲话。", use_model=True) == ["小平"]


# --------------------------------------------------------------------------- numbered alternatives
@pytest.mark.parametrize("use_model", [True, False])
@pytest.mark.parametrize(
    "text, expected",
    [
        # the last item runs into the next question's number; the middle item is cut short without the rule
        (
            "请问这位外长是：（１）普里马科夫（２）奥尔布赖特（３）科济列夫４．下一题。",
            ["普里马科夫", "奥尔布赖特", "科济列夫"],
        ),
        ("这位球星是：①马拉多纳②贝利③罗纳尔多２．世界杯在哪里举行？", ["马拉多纳", "贝利", "罗纳尔多"]),
        # places enumerated the same way stay places
        ("首都是：①新德里②曼谷③达卡４．", []),
        # the words after the last item are the sentence's, not the name's
        ("获奖者是：①王军②李强③张伟说，他们都很努力。", ["王军", "李强", "张伟"]),
        ("候选人：①王军②李强③刘洋说", ["王军", "李强", "刘洋"]),
    ],
)
def test_items_of_an_enumeration_whose_other_items_are_names_are_names(text, expected, use_model):
    assert names(text, use_model=use_model) == expected
