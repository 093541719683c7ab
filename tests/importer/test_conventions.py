"""The catalogue of Chinese newspaper conventions, each on a page that exercises it.

Every page here is written for the test (invented town, invented people).
Each convention is printed the way dailies print it, amid other stories, and
the parse is checked field by field.
"""

from __future__ import annotations

import datetime as dt

import pytest

from articles.importer.parse import parse_page

from .test_parse import assert_coverage, assert_spans_consistent

HEAD = "老旧小区用上了稳定暖气"
P1 = "入冬以来，城区供热管网改造工程进入收尾阶段，三十二个老旧小区的居民用上了稳定的暖气。"
P2 = "据介绍，改造后的管网每年可节约燃煤一万余吨，减少热量损失近三成。"
OTHER = [
    "南河镇大棚蔬菜陆续上市",
    "本报记者　赵建军",
    "连日来，南河镇的八百亩设施大棚里一片繁忙，西红柿、黄瓜和彩椒陆续上市。",
    "镇里牵头与三家超市签订了长期供货协议，让菜卖得出、卖得好。",
]


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def parsed(text: str):
    result = parse_page(text)
    assert_coverage(result)
    assert_spans_consistent(result)
    return result


def story(text: str, headline: str = HEAD):
    items = [i for i in parsed(text).items if i.headline == headline]
    assert len(items) == 1, [i.headline for i in parsed(text).items]
    return items[0]


def body(item) -> list[tuple[str, str]]:
    return [(b.type, b.text) for b in item.blocks]


# -- bylines -------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, bylines",
    [
        ("本报记者　王建国", [("王建国", "reporter")]),
        ("本报记者　王建国　李娜", [("王建国", "reporter"), ("李娜", "reporter")]),
        ("本报记者　王建国、李娜", [("王建国", "reporter"), ("李娜", "reporter")]),
        ("本报驻加拿大记者　邹德浩", [("邹德浩", "reporter")]),
        ("本报特约记者　王建国", [("王建国", "reporter")]),
        ("见习记者　王建国", [("王建国", "reporter")]),
        ("实习生　王建国", [("王建国", "reporter")]),
        ("本报记者　王建国　实习生　李娜", [("王建国", "reporter"), ("李娜", "reporter")]),
        ("本报通讯员　王建国", [("王建国", "correspondent")]),
        ("记者　王建国　通讯员　李娜", [("王建国", "reporter"), ("李娜", "correspondent")]),
        ("新华社记者　王建国", [("王建国", "reporter")]),
        ("文/王建国　图/李娜", [("王建国", "author"), ("李娜", "photographer")]),
        ("本报记者　王建国　摄", [("王建国", "photographer")]),
        ("王建国", [("王建国", "author")]),
        ("本报首席记者　王建国", [("王建国", "reporter")]),
        ("本报见习记者　王建国", [("王建国", "reporter")]),
        ("■本报记者　王建国", [("王建国", "reporter")]),
        ("□记者　王建国　通讯员　李娜", [("王建国", "reporter"), ("李娜", "correspondent")]),
        ("文/图　王建国", [("王建国", "author")]),
        ("文/图　本报记者　王建国", [("王建国", "reporter")]),
        ("本报全媒体记者　王建国", [("王建国", "reporter")]),
        ("融媒体记者　王建国", [("王建国", "reporter")]),
        ("本报记者　王建国　刘　娜", [("王建国", "reporter"), ("刘娜", "reporter")]),
        ("文：王建国　图：李娜", [("王建国", "author"), ("李娜", "photographer")]),
        ("本报记者　王建国　摄影报道", [("王建国", "photographer")]),
        ("本报记者　王建国　整理", [("王建国", "reporter")]),
        ("本报记者　王建国　实习生　李娜　报道", [("王建国", "reporter"), ("李娜", "reporter")]),
        ("记者　王建国　发自北京", [("王建国", "reporter")]),
        ("王建国/文　李娜/图", [("王建国", "author"), ("李娜", "photographer")]),
        ("本报评论员", [("本报评论员", "author")]),
        ("人民日报评论员", [("人民日报评论员", "author")]),
        ("本报特约评论员　王建国", [("王建国", "author")]),
    ],
)
def test_byline_lines_under_the_headline(line, bylines):
    item = story(page(*OTHER, HEAD, line, P1, P2))
    assert [(b.name, b.role) for b in item.bylines] == bylines
    assert body(item) == [("p", P1), ("p", P2)]


@pytest.mark.parametrize(
    "credit, bylines",
    [
        ("（王建国）", [("王建国", "author")]),
        ("（王建国　李娜）", [("王建国", "author"), ("李娜", "author")]),
        ("（市纪委监委提供）", [("市纪委监委", "credit")]),
    ],
)
def test_trailing_credits(credit, bylines):
    item = story(page(HEAD, "本报讯　" + P1, P2 + credit, *OTHER))
    assert [(b.name, b.role) for b in item.bylines] == bylines
    assert body(item) == [("p", P1), ("p", P2)]


def test_a_byline_form_the_seed_never_used_is_not_taken_for_a_headline():
    # The real headline keeps its body (本报驻加拿大记者 is a byline, not a title).
    items = parsed(page(HEAD, "本报驻加拿大记者邹德浩", P1, P2)).items
    assert [i.headline for i in items] == [HEAD]
    assert [(b.name, b.role) for b in items[0].bylines] == [("邹德浩", "reporter")]


# -- datelines -----------------------------------------------------------------


@pytest.mark.parametrize(
    "lead, dateline, bylines",
    [
        ("本报讯　", "本报讯", []),
        ("本报讯（记者　王建国）", "本报讯", [("王建国", "reporter")]),
        ("本报讯（通讯员　李娜）", "本报讯", [("李娜", "correspondent")]),
        ("本报讯（记者　王建国　通讯员　李娜）", "本报讯", [("王建国", "reporter"), ("李娜", "correspondent")]),
        ("本报讯（记者　王建国/文　李娜/图）", "本报讯", [("王建国", "author"), ("李娜", "photographer")]),
        ("本报讯（全媒体记者　王　建）", "本报讯", [("王建", "reporter")]),
        ("本报11月20日讯　", "本报11月20日讯", []),
        ("本报１１月２０日讯　", "本报１１月２０日讯", []),
        ("本报十一月二十日讯　", "本报十一月二十日讯", []),
        ("本报北京1月19日电　记者王建国报道：", "本报北京1月19日电", [("王建国", "reporter")]),
        ("新华社北京１月１９日电（记者　王建国）", "新华社北京１月１９日电", [("王建国", "reporter")]),
        ("据新华社电　", "据新华社电", []),
        ("本报讯：", "本报讯", []),
        ("本报讯（记者　王建国）：", "本报讯", [("王建国", "reporter")]),
        ("本报讯　记者王建国报道：", "本报讯", [("王建国", "reporter")]),
        ("新华社北京1月19日电：", "新华社北京1月19日电", []),
        ("本报北京12月1日消息　", "本报北京12月1日消息", []),
        ("本报北京消息（记者　王建国）", "本报北京消息", [("王建国", "reporter")]),
        ("新华网北京12月1日电（记者　王建国）", "新华网北京12月1日电", [("王建国", "reporter")]),
        ("人民网北京12月1日电　", "人民网北京12月1日电", []),
        ("【本报讯】", "本报讯", []),
        ("【新华社北京1月19日电】", "新华社北京1月19日电", []),
        ("【本报讯】（记者　王建国）", "本报讯", [("王建国", "reporter")]),
        ("本报讯　记者　王建国　", "本报讯", [("王建国", "reporter")]),
        ("本报讯　记者　王建国　李娜　", "本报讯", [("王建国", "reporter"), ("李娜", "reporter")]),
        ("本报讯　记者　王建国　通讯员　李娜　", "本报讯", [("王建国", "reporter"), ("李娜", "correspondent")]),
    ],
)
def test_datelines_opening_the_story(lead, dateline, bylines):
    item = story(page(*OTHER, HEAD, lead + P1, P2))
    assert item.dateline == dateline
    assert [(b.name, b.role) for b in item.bylines] == bylines
    assert body(item) == [("p", P1), ("p", P2)]


@pytest.mark.parametrize(
    "lead, dateline",
    [
        ("本报内蒙古自治区呼和浩特十一月二十日讯　", "本报内蒙古自治区呼和浩特十一月二十日讯"),
        ("本报北京电　", "本报北京电"),
        ("新华社北京电（记者　王建国）", "新华社北京电"),
        ("据新华社北京11月20日电　", "据新华社北京11月20日电"),
    ],
)
def test_datelines_with_a_long_place_or_no_date(lead, dateline):
    item = story(page(*OTHER, HEAD, lead + P1, P2))
    assert item.dateline == dateline
    assert body(item) == [("p", P1), ("p", P2)]


@pytest.mark.parametrize(
    "lead",
    [
        "本报记者从市通讯管理局获悉，",
        "本报消息灵通人士透露，",
        "本报记者近日从市供电公司获悉，",
        "本报与市电视台联合举办的",
        "新华社记者从国家电网获悉，",
        "据新华社记者从国家电网了解，",
    ],
)
def test_a_lead_opening_with_the_papers_name_and_a_word_holding_xun_or_dian_is_no_dateline(lead):
    item = story(page(*OTHER, HEAD, lead + P1, P2))
    assert not item.dateline
    assert body(item) == [("p", lead + P1), ("p", P2)]


@pytest.mark.parametrize(
    "lead",
    [
        "本报讯　记者　近日　",  # a time word is no name
        "本报讯　记者　走访发现，",
        "本报讯　记者站　",
    ],
)
def test_words_after_a_dateline_set_off_by_blanks_are_no_byline_unless_names(lead):
    item = story(page(*OTHER, HEAD, lead + P1, P2))
    assert item.dateline == "本报讯"
    assert not item.bylines
    assert body(item)[0][1].startswith(lead[len("本报讯　") :].strip())


@pytest.mark.parametrize("end", ["（完）", "(完)"])
def test_the_end_mark_of_agency_copy_ends_the_story_and_is_no_text(end):
    text = page(HEAD, "新华社北京1月19日电　" + P1, P2 + end, *OTHER)
    assert body(story(text)) == [("p", P1), ("p", P2)]
    assert not story(text).bylines
    assert story(text, OTHER[0]).body_text().startswith("连日来")


@pytest.mark.parametrize(
    "lead, bylines",
    [
        ("本报记者王建国报道：", [("王建国", "reporter")]),
        ("本报记者　王建国　李娜报道：", [("王建国", "reporter"), ("李娜", "reporter")]),
        ("本报通讯员王建国报道：", [("王建国", "correspondent")]),
        ("本报全媒体记者王建国报道：", [("王建国", "reporter")]),
        ("记者王建国报道：", [("王建国", "reporter")]),
    ],
)
def test_a_reporter_named_before_the_first_sentence_without_a_dateline(lead, bylines):
    item = story(page(*OTHER, HEAD, lead + P1, P2))
    assert not item.dateline
    assert [(b.name, b.role) for b in item.bylines] == bylines
    assert body(item) == [("p", P1), ("p", P2)]


@pytest.mark.parametrize(
    "lead",
    [
        "本报记者王建国报道的那场比赛，",  # no colon: the words run on into the sentence
        "记者报道：",  # no name
        "本报记者走访发现的问题报道：",  # no name after the role word, a phrase
    ],
)
def test_words_about_a_report_opening_a_paragraph_are_no_byline(lead):
    item = story(page(*OTHER, HEAD, lead + P1, P2))
    assert not item.bylines
    assert body(item) == [("p", lead + P1), ("p", P2)]


@pytest.mark.parametrize(
    "line, name",
    [
        ("来源：新华社", "新华社"),
        ("（来源：朔州日报）", "朔州日报"),
        ("稿件来源：市融媒体中心", "市融媒体中心"),
        ("信息来源：《人民日报》", "《人民日报》"),
    ],
)
def test_a_source_line_closing_a_story_credits_it(line, name):
    text = page(HEAD, "本报记者　王建国", P1, P2, line, *OTHER)
    item = story(text)
    assert [(b.name, b.role) for b in item.bylines] == [("王建国", "reporter"), (name, "credit")]
    assert body(item) == [("p", P1), ("p", P2)]
    following = story(text, OTHER[0])
    assert not following.kicker
    assert [(b.name, b.role) for b in following.bylines] == [("赵建军", "reporter")]


def test_a_source_printed_at_the_end_of_the_last_paragraph_credits_the_story():
    item = story(page(HEAD, "本报讯　" + P1, P2 + "（来源：新华社）", *OTHER))
    assert [(b.name, b.role) for b in item.bylines] == [("新华社", "credit")]
    assert body(item) == [("p", P1), ("p", P2)]


def test_a_data_source_line_stays_text():
    item = story(page(HEAD, "本报讯　" + P1, "数据来源：市统计局", P2, *OTHER))
    assert not item.bylines
    assert "数据来源：市统计局" in item.body_text()


def test_a_dateline_printed_at_the_end_is_not_glued_to_the_next_headline():
    text = page(HEAD, "本报驻阿根廷记者　李娜", P1, P2 + "（本报布宜诺斯艾利斯一月十八日电）", *OTHER)
    item = story(text)
    assert item.dateline == "本报布宜诺斯艾利斯一月十八日电"
    assert body(item) == [("p", P1), ("p", P2)]
    assert story(text, OTHER[0]).body_text().startswith("连日来")


# -- titles --------------------------------------------------------------------


def test_a_kicker_above_the_headline():
    item = story(page(*OTHER, "坚持人民至上　守护万家灯火", HEAD, "本报记者　王建国", P1, P2))
    assert (item.kicker, item.headline) == ("坚持人民至上　守护万家灯火", HEAD)


@pytest.mark.parametrize("lines", [["（民生关注）", HEAD], [HEAD, "（民生关注）"]])
def test_bracketed_kickers_before_or_after_the_headline(lines):
    item = story(page(*OTHER, *lines, "本报记者　王建国", P1, P2))
    assert item.kicker == "民生关注"


def test_a_headline_broken_over_two_lines_is_one_headline():
    # The second line opens on a particle: the break falls inside the phrase,
    # and Chinese puts no space there.
    item = story(page(*OTHER, "老旧小区用上", "了稳定暖气", "本报记者　王建国", P1, P2), HEAD)
    assert item.kicker == ""


def test_a_headline_broken_inside_a_word_is_joined_without_a_space():
    item = story(page(*OTHER, "老旧小区用上了稳", "定的暖气", "本报记者　王建国", P1, P2), "老旧小区用上了稳定的暖气")
    assert item.kicker == "" and item.spans["headline"] and len(item.spans["headline"]) == 2


@pytest.mark.parametrize(
    "lines, headline",
    [
        (["疫情不灭", "我不退"], "疫情不灭 我不退"),
        (["管网改造不停", "暖气送进万家"], "管网改造不停 暖气送进万家"),
        (["供热管网改造完工", "居民用上稳定暖气"], "供热管网改造完工 居民用上稳定暖气"),
    ],
)
def test_a_headline_of_two_phrases_on_two_lines_keeps_them_apart(lines, headline):
    # Each line a phrase of its own: one space between them, as the same two
    # phrases printed on one line (the test below) are kept.
    item = story(page(*OTHER, *lines, "本报记者　王建国", P1, P2), headline)
    assert item.kicker == ""


@pytest.mark.parametrize(
    "lines",
    [
        ["植树造林", "绿化荒山"],  # two formula phrases of four characters
        ["老区换新颜", "山村变通途"],  # one rhythm of words (2+3), opening on one part of speech
        ["政策送到家", "技术教到田"],  # a character repeated in place
    ],
)
def test_parallel_title_lines_mirror_each_other(lines):
    # jieba finds no verb in many parallel lines; their symmetry shows them.
    headline = " ".join(lines)
    assert story(page(*OTHER, *lines, "本报记者　王建国", P1, P2), headline).kicker == ""


def test_a_headline_of_two_phrases_on_one_line_is_kept_as_printed():
    item = story(
        page(*OTHER, "供热管网改造完工 居民用上稳定暖气", "本报记者　王建国", P1, P2),
        "供热管网改造完工 居民用上稳定暖气",
    )
    assert item.kicker == ""


@pytest.mark.parametrize(
    "lines, kicker",
    [(["记者手记", "（抗疫日记）"], "记者手记 抗疫日记"), (["（抗疫日记）", "（民生关注）"], "抗疫日记 民生关注")],
)
def test_two_kicker_lines_set_apart_by_their_own_marks_stay_apart(lines, kicker):
    # A column label or a bracketed line is a unit of its own, never half of a phrase.
    assert story(page(*OTHER, *lines, HEAD, "本报记者　王建国", P1, P2)).kicker == kicker


@pytest.mark.parametrize("kicker", ["聚焦冬季民生实事", "为民办实事进行时"])
def test_a_plain_kicker_as_long_as_its_headline(kicker):
    # Two title lines of about one length and no word broken between them: the
    # headline is the line whose words the story repeats, the other its kicker.
    headline = "居民家里暖气热了"
    item = story(page(*OTHER, kicker, headline, "本报记者　王建国", P1, P2), headline)
    assert item.kicker == kicker


def test_a_headline_broken_at_a_word_boundary_stays_one_headline():
    # Both lines speak of the story: one headline set on two lines.
    # The first line only names (no verb): the subject of the second, read on without a space.
    item = story(page(*OTHER, "老旧小区居民", "用上稳定暖气", "本报记者　王建国", P1, P2), "老旧小区居民用上稳定暖气")
    assert item.kicker == ""


@pytest.mark.parametrize("dash", ["——", "――", "—— ", "--"])
def test_a_subtitle_after_a_dash(dash):
    # ―― (U+2015 twice): the dash as text converted from GB2312 has it.
    item = story(page(*OTHER, HEAD, dash + "城区供热管网改造工程纪实", "本报记者　王建国", P1, P2))
    assert item.subtitle == "城区供热管网改造工程纪实"


def test_a_subtitle_broken_over_two_lines_is_one_subtitle():
    item = story(page(*OTHER, HEAD, "——城区供热管网改造", "工程纪实", "本报记者　王建国", P1, P2))
    assert item.subtitle == "城区供热管网改造工程纪实"


@pytest.mark.parametrize(
    "kicker, lines, headline",
    [
        ("聚焦冬季民生", ["疫情不灭", "我不退"], "疫情不灭 我不退"),
        ("为民办实事进行时", ["老旧小区用上", "了稳定暖气"], HEAD),
    ],
)
def test_a_kicker_over_a_headline_set_on_two_lines(kicker, lines, headline):
    item = story(page(*OTHER, kicker, *lines, "本报记者　王建国", P1, P2), headline)
    assert item.kicker == kicker


def test_a_headline_broken_twice_inside_its_words_has_no_kicker():
    lines = ["管网改造后居民有滋", "有味地用上了", "稳定的暖气"]
    item = story(page(*OTHER, *lines, "本报记者　王建国", P1, P2), "".join(lines))
    assert item.kicker == ""


@pytest.mark.parametrize("label", ["短评", "记者手记", "编者按", "相关链接", "新闻链接", "图片新闻"])
def test_column_labels_are_kickers(label):
    item = story(page(*OTHER, label, HEAD, "本报记者　王建国", P1, P2))
    assert item.kicker == label
    assert body(item) == [("p", P1), ("p", P2)]


@pytest.mark.parametrize("subhead", ["“科学谋划精准施策”", "一、科学谋划精准施策", "科学谋划，精准施策"])
def test_subheads_inside_a_story(subhead):
    item = story(page(HEAD, "本报记者　王建国", P1, subhead, P2, *OTHER))
    assert body(item) == [("p", P1), ("h", subhead), ("p", P2)]


# -- page furniture ------------------------------------------------------------


def test_the_page_header_is_kept_out_and_fills_the_edition():
    text = page(
        "2022年11月21日　星期一　第二版　要闻　责任编辑：张丽　版式：刘强　校对：陈静",
        HEAD,
        "本报记者　王建国",
        P1,
        P2,
        *OTHER,
    )
    result = parsed(text)
    assert [i.headline for i in result.items] == [HEAD, OTHER[0]]
    assert (result.header.date, result.header.number, result.header.name) == (dt.date(2022, 11, 21), 2, "要闻")
    assert ("责任编辑", "张丽") in result.header.editors
    assert [f.kind for f in result.furniture] == ["header"]


def test_a_header_over_several_lines_and_a_masthead():
    text = page(
        "朔州日报",
        "SHUOZHOU RIBAO",
        "中共朔州市委机关报",
        "国内统一连续出版物号　CN14-0023",
        "第8213期　今日8版",
        "第3版",
        "综合新闻",
        "2022年11月21日　星期一",
        "责任编辑：张丽",
        HEAD,
        "本报记者　王建国",
        P1,
        P2,
    )
    result = parsed(text)
    assert [i.headline for i in result.items] == [HEAD]
    assert (result.header.number, result.header.name, result.header.paper) == (3, "综合新闻", "朔州日报")


@pytest.mark.parametrize(
    "foot, editors",
    [
        (["本版编辑：王芳"], [("本版编辑", "王芳")]),
        (["责任编辑：王芳　美编：李娜　校对：张强"], [("责任编辑", "王芳"), ("美编", "李娜"), ("校对", "张强")]),
        (["责任编辑：王芳", "版式：李娜"], [("责任编辑", "王芳"), ("版式", "李娜")]),
    ],
)
def test_the_page_s_editor_lines_at_its_foot_belong_to_no_story(foot, editors):
    result = parsed(page(*OTHER, HEAD, "本报记者　王建国", P1, P2, *foot))
    assert [i.headline for i in result.items] == [OTHER[0], HEAD]
    assert [(b.name, b.role) for b in result.items[1].bylines] == [("王建国", "reporter")]
    assert body(result.items[1]) == [("p", P1), ("p", P2)]
    assert [f.kind for f in result.furniture] == ["header"] * len(foot)
    assert result.header.editors == editors


def test_an_editor_credit_in_brackets_closing_a_story_stays_the_story_s():
    item = story(page(*OTHER, HEAD, "本报讯　" + P1, P2, "（责任编辑：王芳）"))
    assert [(b.name, b.role) for b in item.bylines] == [("王芳", "editor")]


def test_an_advertisement_belongs_to_no_story():
    text = page(
        HEAD,
        "本报记者　王建国",
        P1,
        P2,
        "广告",
        "天和家具城冬季大促",
        "全场商品八折起　买满千元送礼品",
        "地址：开发区民福路18号　电话：0349-2216688",
        *OTHER,
    )
    result = parsed(text)
    assert [i.headline for i in result.items] == [HEAD, OTHER[0]]
    assert body(result.items[0]) == [("p", P1), ("p", P2)]
    assert [f.kind for f in result.furniture] == ["advert"] * 4


# -- body shapes ---------------------------------------------------------------


def test_a_lead_in_ending_in_a_colon_is_not_a_headline():
    lead = "为此，当地采取了一系列举措："
    items = ["一是成立工作专班，逐户摸排情况。", "二是开通服务热线，当天受理问题。"]
    item = story(page(HEAD, "本报记者　王建国", P1, lead, *items, *OTHER))
    assert body(item) == [("p", P1), ("p", lead), ("p", items[0]), ("p", items[1])]


def test_numbered_items_after_a_lead_in():
    items = ["（一）成立工作专班，逐户摸排情况。", "（二）开通服务热线，当天受理问题。"]
    item = story(page(HEAD, "本报记者　王建国", P1, "主要做法有：", *items, *OTHER))
    assert body(item)[1:] == [("p", "主要做法有："), ("p", items[0]), ("p", items[1])]


def test_very_short_paragraphs_and_quotations():
    quote = "“只要肯干，日子一定会越过越好。”"
    item = story(page(HEAD, "本报记者　王建国", P1, "群众纷纷点赞。", quote, P2, *OTHER))
    assert body(item) == [("p", P1), ("p", "群众纷纷点赞。"), ("p", quote), ("p", P2)]


def test_a_paragraph_broken_right_after_its_opening_words():
    item = story(
        page(
            HEAD, "本报记者　王建国", P1, "据介绍，改造后的管", "网每年可节约燃煤一万余吨，减少热量损失近三成。", *OTHER
        )
    )
    assert body(item) == [("p", P1), ("p", P2)]


@pytest.mark.parametrize(
    "opening, rest",
    [
        ("据介绍，改造后的", "管网每年可节约燃煤一万余吨，减少热量损失近三成。"),
        ("由于管网老化，供热", "效果一直不好，今年终于全部换新。"),
        ("记者看到，他们正", "在给最后一段管道做保温。"),
        ("改造这段管网，有利于", "减少热量损失，每年可节约燃煤一万余吨。"),
        ("工程完工后，居民家里", "室温普遍达到了二十度以上。"),
        ("入冬以来，供热公司", "每天派人巡查管网，随叫随到。"),
        ("副市长刘洋说，供热管网", "改造还将继续推进，明年覆盖全城。"),
        ("在改造过程中，施工队", "把老管道一段一段换成了保温管。"),
    ],
)
def test_opening_words_shaped_like_a_comma_subhead_are_not_one(opening, rest):
    # Two short phrases and a comma, like 科学谋划，精准施策; but a subordinate
    # opener, a pronoun or a last word that needs what follows is a sentence's grammar.
    item = story(page(HEAD, "本报记者　王建国", P1, opening, rest, *OTHER))
    assert body(item) == [("p", P1), ("p", opening + rest)]


def test_a_comma_subhead_whose_last_word_only_brushes_the_next_paragraph():
    # 谋划 | 一位 holds the dictionary word 划一 across the seam: not a broken word.
    item = story(page(HEAD, "本报记者　王建国", P1, "多方联动，科学谋划", "一位居民说，今年家里暖和多了。", *OTHER))
    assert body(item) == [("p", P1), ("h", "多方联动，科学谋划"), ("p", "一位居民说，今年家里暖和多了。")]


def test_opening_words_left_above_another_story_are_kept_with_their_story():
    # The rest of the paragraph is printed further down the page: the opening
    # words stay the end of their story, not a line of the next story's header.
    closed = [*OTHER[:-1], OTHER[-1] + "（赵建军）"]
    text = page(HEAD, "本报记者　王建国", P1, "据介绍，他们改造后的", *closed, "管网每年可节约燃煤一万余吨。")
    item = story(text)
    assert body(item) == [("p", P1), ("p", "据介绍，他们改造后的管网每年可节约燃煤一万余吨。")]
    assert story(text, OTHER[0]).kicker == ""


def test_a_paragraph_broken_mid_sentence_by_a_column_end():
    item = story(page(HEAD, "本报记者　王建国", P1[:20], P1[20:], P2, *OTHER))
    assert body(item) == [("p", P1), ("p", P2)]


# -- continuations on another page ---------------------------------------------


@pytest.mark.parametrize("to, back", [("（下转第二版）", "（上接第一版）"), ("（转2版）", "（接1版）")])
def test_a_story_alone_keeps_its_part_and_says_it_goes_on(to, back):
    first = parsed(page(HEAD, "本报记者　王建国", P1, P2[:20] + to, *OTHER))
    item = first.items[0]
    assert item.continued_to == 2
    assert body(item) == [("p", P1), ("p", P2[:20])]
    assert any("page 2" in w for w in item.warnings) and item.confidence < 0.6
    second = parsed(page(*OTHER, back, P2[20:]))
    cont = [i for i in second.items if i.continued_from == 1]
    assert [b.text for b in cont[0].blocks] == [P2[20:]]
    assert any("page 1" in w for w in cont[0].warnings)
    assert {f.kind for f in first.furniture} == {"jump"}


@pytest.mark.parametrize(
    "credit, bylines",
    [
        ("　王汉平　摄", [("王汉平", "photographer")]),
        ("　本报记者　王汉平　摄", [("王汉平", "photographer")]),
        ("　王汉平　供图", [("王汉平", "photographer")]),
        ("（图片由市文旅局提供）", [("市文旅局", "credit")]),
        ("　本报全媒体记者　王汉平　摄", [("王汉平", "photographer")]),
        ("　通讯员　王汉平　李娜　摄", [("王汉平", "photographer"), ("李娜", "photographer")]),
        ("　本报记者　李　娜　摄", [("李娜", "photographer")]),
        ("新华社发（王汉平　摄）", [("新华社", "credit"), ("王汉平", "photographer")]),
        ("新华社发", [("新华社", "credit")]),
        ("　新华社记者　王汉平　摄", [("王汉平", "photographer")]),
    ],
)
def test_photo_captions_alone_in_the_flow(credit, bylines):
    caption = "图为工人们在安装供热管道。"
    result = parsed(page(HEAD, "本报记者　王建国", P1, caption + credit, P2, *OTHER))
    photo = next(i for i in result.items if i.kind == "photo")
    assert [b.text for b in photo.blocks] == [caption]
    assert [(b.name, b.role) for b in photo.bylines] == bylines
    assert body(story(page(HEAD, "本报记者　王建国", P1, caption + credit, P2, *OTHER))) == [("p", P1), ("p", P2)]


def test_a_story_left_open_above_a_caption_is_resumed_further_down():
    # The caption stands in the column; the story's rest is printed below the
    # next story, which has no closing credit: only the seam tells where it starts.
    left = "今年全市新建改造供热管网一百二十公里，老旧小区的居民普遍反映室内温度比往年高了两三度，供热系"
    rest = "统运行平稳，没有出现大面积停暖。"
    text = page(HEAD, "本报记者　王建国", P1, left, "图为工人们在安装供热管道。　王汉平　摄", *OTHER, rest)
    assert body(story(text)) == [("p", P1), ("p", left + rest)]
    assert body(story(text, OTHER[0])) == [("p", p) for p in OTHER[2:]]


def test_an_opening_set_above_its_headline_after_a_caption():
    # The story above ends its sentence; after the caption an opening runs into
    # the next header without ending, and the body under that headline resumes it.
    opening = "市图书馆新馆于本月正式向读者开放，馆藏图书达到八十万册，每天接待读者"
    rest = "超过三千人次，周末更是一座难求。"
    text = page(
        *OTHER,
        "图为工人们在安装供热管道。　王汉平　摄",
        opening,
        "图书馆新馆开放",
        "本报通讯员　周丽娟",
        rest,
        HEAD,
        "本报记者　王建国",
        P1,
        P2,
    )
    assert body(story(text, "图书馆新馆开放")) == [("p", opening + rest)]
    assert body(story(text, OTHER[0])) == [("p", p) for p in OTHER[2:]]


def test_an_opening_with_its_dateline_set_above_the_headline():
    # The lead paragraph, dateline and all, stands above the headline; the body
    # under the headline resumes its sentence (燃 | 煤).
    opening = "本报讯（记者　王建国）入冬以来，城区供热管网改造工程进入收尾阶段，改造后的管网每年可节约燃"
    rest = "煤一万余吨，减少热量损失近三成。"
    closed = [*OTHER[:-1], OTHER[-1] + "（赵建军）"]
    item = story(page(*closed, opening, HEAD, rest, P1))
    assert item.dateline == "本报讯"
    assert [(b.name, b.role) for b in item.bylines] == [("王建国", "reporter")]
    assert body(item) == [("p", opening[11:] + rest), ("p", P1)]


def test_opening_words_set_above_the_header_with_a_word_broken_across_it():
    # 孩 | header | 子们…: the first words of the body stand above the headline.
    closed = [*OTHER[:-1], OTHER[-1] + "（赵建军）"]
    opening, rest = "新馆开放的第一天，不少孩", "子一早就在门口排起了长队，阅览室里座无虚席。"
    item = story(page(*closed, opening, "图书馆新馆开放", "本报通讯员　周丽娟", rest, P1), "图书馆新馆开放")
    assert (item.kicker, [(b.name, b.role) for b in item.bylines]) == ("", [("周丽娟", "correspondent")])
    assert body(item) == [("p", opening + rest), ("p", P1)]


def test_an_opening_of_several_paragraphs_with_its_dateline_above_the_headline():
    closed = [*OTHER[:-1], OTHER[-1] + "（赵建军）"]
    lead = "市图书馆新馆本月正式开放。"
    opening, rest = "新馆开放的第一天，不少孩", "子一早就在门口排起了长队，阅览室里座无虚席。"
    text = page(*closed, "本报讯　" + lead, opening, "图书馆新馆开放", "本报通讯员　周丽娟", rest, P1)
    item = story(text, "图书馆新馆开放")
    assert item.dateline == "本报讯"
    assert body(item) == [("p", lead), ("p", opening + rest), ("p", P1)]


def test_a_plain_subhead_whose_section_goes_on_with_the_story():
    # No comma, quotes or number: the line is a subhead because the text under it
    # goes on about the story above (供热, 管网), not about the other stories.
    more = "供热公司表示，明年将继续改造剩余的老旧供热管网，让更多居民受益。"
    item = story(page(HEAD, "本报记者　王建国", P1, P2, "小切口撬动大民生", more, *OTHER))
    assert body(item) == [("p", P1), ("p", P2), ("h", "小切口撬动大民生"), ("p", more)]
    assert any("subhead" in w for w in item.warnings)


@pytest.mark.parametrize(
    "section",
    [
        "此外，今年还新建了两座社区卫生服务站，方便周边群众就近看病。",
        "二是新建两座社区卫生服务站，方便周边群众就近看病。",
    ],
)
def test_a_plain_subhead_over_text_that_opens_mid_story(section):
    # Nothing of the story's words under the line, but no story's lead opens on
    # 此外 or on a second list item: the text goes on with the story above.
    item = story(page(HEAD, "本报记者　王建国", P1, P2, "服务质量稳步提升", section, *OTHER))
    assert body(item) == [("p", P1), ("p", P2), ("h", "服务质量稳步提升"), ("p", section)]


def test_a_plain_subhead_whose_section_ends_with_the_story_s_credit():
    # The closing credit under the section closes the whole story.
    more = "供热公司表示，明年将继续改造剩余的老旧供热管网，让更多居民受益。"
    item = story(page(HEAD, "本报记者　王建国", P1, P2, "小切口撬动大民生", more, "（市住建局提供）", *OTHER))
    assert body(item) == [("p", P1), ("p", P2), ("h", "小切口撬动大民生"), ("p", more)]
    assert ("市住建局", "credit") in [(b.name, b.role) for b in item.bylines]


def test_two_plain_subheads_in_one_story():
    # The two sections share more words with each other than with the text
    # above them; each is still a section of that story, not a rival story.
    one = "供热公司还组建了党员服务队，党员服务队走进小区，帮助居民检修暖气片。"
    two = "党员服务队实行网格化管理，每名党员联系十户居民，党员服务队的电话贴在每个单元门口。"
    text = page(HEAD, "本报记者　王建国", P1, P2, "小切口撬动大民生", one, "党建引领聚合力", two, *OTHER)
    assert body(story(text)) == [
        ("p", P1),
        ("p", P2),
        ("h", "小切口撬动大民生"),
        ("p", one),
        ("h", "党建引领聚合力"),
        ("p", two),
    ]


def test_a_bare_headline_over_other_news_is_not_taken_for_a_subhead():
    brief = "市图书馆新馆于本月正式向读者开放，馆藏图书达到八十万册，设有少儿阅览区。"
    result = parsed(page(HEAD, "本报记者　王建国", P1, P2, "市图书馆新馆开放", brief, *OTHER))
    assert [i.headline for i in result.items] == [HEAD, "市图书馆新馆开放", OTHER[0]]


CANTEEN = "城区首家社区食堂昨日开门迎客，附近老旧小区的居民在家门口就能吃上热饭。"
SERVICE = "供热公司还组建了党员服务队，党员服务队走进小区，帮助居民检修暖气片。"
GRID = "党员服务队实行网格化管理，每名党员联系十户居民，党员服务队的电话贴在每个单元门口。"


def test_a_bare_headline_whose_words_its_own_text_repeats_starts_a_story():
    # The text under it shares the heating story's words (老旧小区, 居民), but
    # the line names what that text says, not what the story above said.
    result = parsed(page(HEAD, "本报记者　王建国", P1, P2, "社区食堂开门迎客", CANTEEN, *OTHER))
    assert [i.headline for i in result.items] == [HEAD, "社区食堂开门迎客", OTHER[0]]
    assert body(result.items[1]) == [("p", CANTEEN)]


def test_a_subhead_naming_its_section_over_a_further_subhead_stays_a_subhead():
    # 党员服务队走进小区 names its own section only, like a headline; the next
    # line down is a further subhead going on with the story, so the two divide it.
    text = page(HEAD, "本报记者　王建国", P1, P2, "党员服务队走进小区", SERVICE, "党建引领聚合力", GRID, *OTHER)
    assert body(story(text)) == [
        ("p", P1),
        ("p", P2),
        ("h", "党员服务队走进小区"),
        ("p", SERVICE),
        ("h", "党建引领聚合力"),
        ("p", GRID),
    ]


def test_a_subhead_naming_its_section_under_an_earlier_subhead_stays_a_subhead():
    works = "施工中，改造队伍分片包干，老旧小区的管网改造做到不停暖、不扰民。"
    text = page(HEAD, "本报记者　王建国", P1, P2, "小切口撬动大民生", works, "党员服务队走进小区", SERVICE, *OTHER)
    assert body(story(text)) == [
        ("p", P1),
        ("p", P2),
        ("h", "小切口撬动大民生"),
        ("p", works),
        ("h", "党员服务队走进小区"),
        ("p", SERVICE),
    ]


def test_two_bare_headlines_each_naming_its_own_text_are_two_stories():
    # Each line could be the other's fellow subhead; neither is one by its own evidence.
    repairs = "城区供热公司的维修队走进老旧小区，居民家里的暖气片漏水，维修队上门就修。"
    result = parsed(
        page(HEAD, "本报记者　王建国", P1, P2, "社区食堂开门迎客", CANTEEN, "维修队上门就修", repairs, *OTHER)
    )
    assert [i.headline for i in result.items] == [HEAD, "社区食堂开门迎客", "维修队上门就修", OTHER[0]]


def test_a_numbered_subhead_earlier_does_not_make_a_plain_line_a_subhead():
    text = page(HEAD, "本报记者　王建国", P1, "一、小切口撬动大民生", P2, "社区食堂开门迎客", CANTEEN, *OTHER)
    assert [i.headline for i in parsed(text).items] == [HEAD, "社区食堂开门迎客", OTHER[0]]


@pytest.mark.parametrize("kicker", ["稳就业，保民生", "聚焦民生实事，回应群众期盼"])
def test_a_kicker_of_two_phrases_above_the_next_headline(kicker):
    # Shaped like a comma subhead, but nothing of the story above follows it.
    result = parsed(page(HEAD, "本报记者　王建国", P1, P2, kicker, *OTHER))
    other = next(i for i in result.items if i.headline == OTHER[0])
    assert other.kicker == kicker
    assert body(story(page(HEAD, "本报记者　王建国", P1, P2, kicker, *OTHER))) == [("p", P1), ("p", P2)]


def test_a_word_straddling_two_title_lines_off_the_best_path_does_not_join_them():
    from articles.importer.titles import second_title_line

    # 底面 is a dictionary word, but jieba reads 民生底 | 面对 as two words each side.
    assert second_title_line("织密保障网,兜住民生底", "面对美国文化影响") == "kicker"
    assert second_title_line("老旧小区用上", "了稳定暖气") == "headline"


@pytest.mark.parametrize("indent", ["\u3000\u3000", "    "])
def test_a_paragraph_s_indented_first_line_never_joins_the_headline(indent):
    # A plain-text page wrapped at the column's width, each paragraph's first
    # line indented and no blank lines: a wrapped line ending on a comma looks
    # like the second line of a headline, its indent says it is not.
    def wrapped(paragraph, width=18):
        return [indent + paragraph[:width]] + [paragraph[i : i + width] for i in range(width, len(paragraph), width)]

    lines = [
        OTHER[0],
        OTHER[1],
        *wrapped(OTHER[2]),
        *wrapped(OTHER[3]),
        HEAD,
        "本报记者　王建国",
        *wrapped(P1),
        *wrapped(P2),
    ]
    item = story("\n".join(lines) + "\n")
    assert [(b.name, b.role) for b in item.bylines] == [("王建国", "reporter")]
    assert body(item) == [("p", P1), ("p", P2)]
