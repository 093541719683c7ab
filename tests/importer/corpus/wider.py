"""Conventions of real pages the first corpus did not draw, added on request.

Drawn from a random stream of their own (see ``generate(..., wide=True)``):
a headline printed again over the part of a story continued on another page;
plain kickers with a comma or of a headline's length; subheads that are not
two four-character phrases; headlines of two parallel phrases set on two
lines.  Every phrase here was written for the corpus.
"""

from __future__ import annotations

import random

# Each inventory is split once by index parity (see :func:`part`): even
# entries print in the development editions, odd ones in the held-out editions
# and in any fresh corpus, so the held-out figure measures phrases the parser
# was never tuned on.
COMMA_KICKERS = [
    "聚焦民生实事，回应群众期盼",
    "稳就业，保民生",
    "织密保障网，兜住民生底",
    "冬季供暖一线见闻",
    "落实“双减”一学期",
    "两会代表委员热议政府工作报告",
    "深化改革，扩大开放",
    "贯彻全会精神，推动科学发展",
    "抓好春耕备耕，夯实农业基础",
    "迎接党的十五大召开",
    "国企改革攻坚纪实",
    "减轻农民负担，保护农民利益",
    "再就业工程在行动",
    "香港回归倒计时",
    "扶贫攻坚，重在落实",
    "精神文明建设巡礼",
    "全国人大代表谈西部开发",
    "抗洪抢险第一线",
    "加快经济结构调整，提高增长质量",
    "依法治国，建设法治国家",
    "学习邓小平理论，投身改革开放",
    "走进老工业基地",
    "重点工程建设巡礼",
    "科教兴国，人才为本",
    "节约用水，从我做起",
    "来自希望工程的报告",
    "春运一线，温暖回家路",
    "发展特色农业，拓宽增收渠道",
    "城乡一体化发展调查",
    "菜篮子工程见闻",
    "抓住机遇，加快发展",
    "保护生态环境，建设美丽家园",
    "政协委员建言献策",
    "深入开展“三讲”教育",
    "迎新春，送温暖",
    "改革开放二十年",
    "安全生产，警钟长鸣",
    "西部大开发系列报道",
    "群众利益无小事",
    "建设社会主义新农村",
]
SUBHEADS = [
    "坚持人民至上，守护万家灯火",
    "既要富口袋，也要富脑袋",
    "小切口撬动大民生",
    "党建引领聚合力",
    "从“等靠要”到“主动干”",
    "（一）夯实基层基础",
    "1.补齐公共服务短板",
    "产业结构调整步伐加快",
    "农民收入稳步增长",
    "市场供应充足，物价基本稳定",
    "科技成为第一推动力",
    "让群众得到实惠",
    "国有企业扭亏增盈",
    "“菜篮子”拎得更稳了",
    "（二）加强队伍建设",
    "2.健全长效机制",
    "基础设施日趋完善",
    "外贸出口逆势上扬",
    "干部作风明显转变",
    "一张蓝图绘到底",
    "既抓当前，又谋长远",
    "从“输血”到“造血”",
    "教育投入逐年增加",
    "环境整治见成效",
    "生态保护与开发并重",
    "再就业门路越走越宽",
    "（三）完善服务体系",
    "3.强化监督检查",
    "老工业基地焕发生机",
    "社会治安明显好转",
    "一手抓建设，一手抓管理",
    "科技兴农结硕果",
    "乡镇企业异军突起",
    "“小窗口”连着大民生",
    "精打细算过日子",
    "开放带来新活力",
    "资金投向更加合理",
    "服务意识不断增强",
    "依法行政迈出新步",
    "民营经济蓬勃发展",
]

# Headlines of two phrases, set on two lines.  Their expected text parts the
# lines with one space, the importer's convention for two phrases (a line
# broken inside a phrase is expected joined with nothing).
PARALLEL_HEADLINES = [
    ("疫情不灭", "我不退"),
    ("坚持人民至上", "守护万家灯火"),
    ("小区封控", "服务不停"),
    ("党员冲在前", "群众暖在心"),
    ("管网改造不停工", "暖气按时进万家"),
    ("守初心", "担使命"),
    ("冬日送温暖", "真情暖人心"),
    ("稳岗位", "保就业"),
    ("稳增长", "惠民生"),
    ("城乡同步", "协调发展"),
    ("抓改革", "促发展"),
    ("科技兴农", "富民强县"),
    ("严管理", "重服务"),
    ("保护耕地", "造福子孙"),
    ("扩大内需", "拉动增长"),
    ("转变作风", "取信于民"),
    ("百姓点菜", "政府买单"),
    ("山区修路", "群众致富"),
    ("抗洪救灾", "重建家园"),
    ("企业减负", "职工受益"),
    ("一手抓治理", "一手抓发展"),
    ("讲学习", "讲政治"),
    ("办实事", "求实效"),
    ("优化结构", "提高效益"),
    ("依法治税", "从严治队"),
    ("退耕还林", "绿染山川"),
    ("科教兴市", "人才强市"),
    ("政企分开", "转换机制"),
    ("双拥共建", "军民同心"),
    ("节水灌溉", "旱地增收"),
    ("送医下乡", "情暖农家"),
    ("治理污染", "还我碧水"),
    ("筑牢防线", "守护平安"),
    ("引进来", "走出去"),
    ("减员增效", "下岗分流"),
    ("打假治劣", "净化市场"),
    ("青山常在", "绿水长流"),
    ("借东风", "谋发展"),
    ("心系群众", "情暖万家"),
    ("立足本职", "争创一流"),
]


def part(items: list, unseen: bool) -> list:
    """The development part of an inventory (even entries) or its held-out part (odd entries)."""
    return items[int(unseen) :: 2]


def parallel_headline(story, print_: dict, unseen: bool = False) -> None:
    """Now and then, a headline of two parallel phrases set on two lines.

    Drawn from a stream seeded by the story's own headline, so every other
    draw of the wider corpus stays as it was.
    """
    rng = random.Random("parallel " + story.headline)
    if rng.random() >= 0.1:
        return
    head = print_["head"]
    if story.headline in head:
        at, n = head.index(story.headline), 1
    else:
        at = next((k for k in range(len(head) - 1) if head[k] + head[k + 1] == story.headline), None)
        if at is None:
            return
        n = 2
    first, second = rng.choice(part(PARALLEL_HEADLINES, unseen))
    head[at : at + n] = [first, second]
    story.headline = f"{first} {second}"


def vary(story, print_: dict, rng: random.Random, unseen: bool = False) -> None:
    """Give ``story`` (already dressed) a kicker or subheads of other shapes, now and then.

    ``unseen`` draws from the held-out part of each inventory (held-out
    editions and fresh corpora), else from the development part.
    """
    head = print_["head"]
    if story.kicker and story.kicker in head and rng.random() < 0.4:
        # A plain kicker line (not bracketed, not a column label) of another shape.
        at = head.index(story.kicker)
        story.kicker = rng.choice(part(COMMA_KICKERS, unseen))
        head[at] = story.kicker
    subheads = [k for k, (kind, _) in enumerate(story.blocks) if kind == "h"]
    if subheads and rng.random() < 0.5:
        for k, text in zip(subheads, rng.sample(part(SUBHEADS, unseen), len(subheads))):
            story.blocks[k] = ("h", text)
    parallel_headline(story, print_, unseen)


def repeated_headline(story, rng: random.Random) -> list[str]:
    """The headline printed again over a continuation, half of the time."""
    return [story.headline] if rng.random() < 0.5 else []
