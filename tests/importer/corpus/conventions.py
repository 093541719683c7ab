"""The printed conventions the corpus generator draws: bylines, datelines,
titles, page furniture, continuation marks.  Every phrase here was written
for the corpus; the expected parse of each convention is set next to it.
"""

from __future__ import annotations

import random
import re

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁龙林欣"
PLACES = ["北京", "太原", "大同", "上海", "广州", "西安", "布宜诺斯艾利斯", "渥太华", "莫斯科", "东京", "开罗"]
ABROAD = ["加拿大", "俄罗斯", "阿根廷", "日本", "埃及", "法国"]
INSTITUTIONS = ["市纪委监委", "县融媒体中心", "市文旅局", "市公安局", "区委宣传部"]
PAPERS = [("朔州日报", "SHUOZHOU RIBAO", "中共朔州市委机关报"), ("桑干河晚报", "SANGGANHE WANBAO", "桑干河日报社主办")]
SECTIONS = ["要闻", "综合新闻", "经济", "社会", "文化", "城乡", "民生", "体育"]
COLUMN_LABELS = ["短评", "记者手记", "编者按", "相关链接", "新闻链接"]
BRACKET_KICKERS = ["抗疫日记", "基层一线", "民生关注", "一线见闻", "走基层"]
KICKERS = ["坚持人民至上　守护万家灯火", "聚焦冬季民生", "奋进新征程　建功新时代", "乡村振兴进行时", "为民办实事"]
SPARE_HEADLINES = ["基层治理有新招", "民生实事落地见效", "冬日里的暖心事"]
SUBHEAD_PHRASES = ["科学谋划", "精准施策", "多方联动", "真抓实干", "惠及群众", "补齐短板", "守正创新", "久久为功"]
LEAD_INS = [
    "为此，当地采取了一系列举措：",
    "具体来说，主要有以下几项工作：",
    "这项工作有三个特点：",
    "记者了解到，今年的做法主要是：",
]
SHORT_PARAGRAPHS = ["会议由副市长主持。", "活动持续到下午五点。", "这一数字创下历史新高。", "群众纷纷点赞。"]
QUOTATIONS = ["“只要肯干，日子一定会越过越好。”", "“我们心里踏实了，干劲也更足了。”", "“这件事办到了老百姓的心坎上。”"]
CAPTIONS = [
    "图为工人们在安装供热管道。",
    "图为孩子们在新建的阅览室里读书。",
    "图为志愿者为老人测量血压。",
    "图为农民在大棚里采摘西红柿。",
    "图为候鸟在湿地上空飞翔。",
    "图为消防员为居民演示灭火器的使用方法。",
]
ADVERTS = [
    ["天和家具城冬季大促", "全场商品八折起　买满千元送礼品", "地址：开发区民福路18号　电话：0349-2216688"],
    ["新华书店年终特惠", "图书满百减二十", "服务热线：0349-6012345"],
]
CN_DIGITS = "〇一二三四五六七八九"
FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
WEEKDAYS = "一二三四五六日"


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def clauses(sentence: str) -> list[str]:
    return [c for c in re.split(r"[，。！？；：、“”（）]", sentence) if c and all(is_cjk(ch) for ch in c)]


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def cn_number(n: int) -> str:
    """1–31 in Chinese numerals as dates print them (十一, 二十, 三十一)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def random_date(rng: random.Random):
    import datetime as dt

    return dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(365))


def month_day(rng: random.Random) -> str:
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    style = rng.random()
    if style < 0.2:
        return f"{m}月{d}日".translate(FULL_DIGITS)
    if style < 0.35:
        return f"{cn_number(m)}月{cn_number(d)}日"
    return f"{m}月{d}日"


def item_mark(k: int, bracketed: bool) -> str:
    return f"（{CN_DIGITS[k + 1]}）" if bracketed else ["一是", "二是", "三是", "四是"][k]


def subhead(sentences: list[str], rng: random.Random, k: int) -> str:
    a, b = rng.sample(SUBHEAD_PHRASES, 2)
    style = rng.random()
    if style < 0.34:
        return f"“{a}{b}”"
    if style < 0.67:
        return f"{'一二三'[k]}、{a}{b}"
    return f"{a}，{b}"


def early_cut(text: str, rng: random.Random) -> int | None:
    """Right after the opening words: the first clause and a few characters more."""
    comma = text.find("，")
    if comma == -1 or comma > 24:
        return None
    cut = comma + 1 + rng.randint(2, 6)
    if cut >= len(text) - 8 or not (is_cjk(text[cut - 1]) and is_cjk(text[cut])):
        return None
    return cut


def _people(rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        candidate = name(rng)
        if candidate not in out:
            out.append(candidate)
    return out


def dress(story, rng: random.Random) -> dict:
    """Choose the header, byline and dateline conventions of ``story``.

    Sets the story's expected kicker, subtitle, dateline and bylines and
    returns the printed lines: ``head`` (above the body), ``lead`` (before the
    first paragraph) and ``trail`` (after the last one).
    """
    head: list[str] = []
    lead = trail = ""
    headline = story.headline
    form = rng.random()
    if form < 0.10:
        story.kicker = rng.choice(KICKERS)
        head.append(story.kicker)
    elif form < 0.18:
        story.kicker = rng.choice(BRACKET_KICKERS)
        head.append(f"（{story.kicker}）")
    elif form < 0.28:
        story.kicker = rng.choice(COLUMN_LABELS)
        head.append(story.kicker)
    if form >= 0.06 and rng.random() < 0.1 and len(headline) >= 10:
        # A headline broken by the column width fills its first line.
        cut = rng.randint((len(headline) + 1) // 2, len(headline) - 3)
        head += [headline[:cut], headline[cut:]]
    else:
        head.append(headline)
    if form >= 0.28 and rng.random() < 0.06:
        story.kicker = rng.choice(BRACKET_KICKERS)
        head.append(f"（{story.kicker}）")
    if rng.random() < 0.15:
        story.subtitle = "".join(rng.sample(SUBHEAD_PHRASES, 3)) + "纪实"
        head.append("——" + story.subtitle)

    a, b = _people(rng, 2)
    credit = rng.randrange(22)
    by = story.bylines
    if credit == 0:
        head.append(f"本报记者　{a}"), by.append((a, "reporter"))
    elif credit == 1:
        head.append(f"本报记者　{a}　{b}"), by.extend([(a, "reporter"), (b, "reporter")])
    elif credit == 2:
        head.append(f"本报记者　{a}、{b}"), by.extend([(a, "reporter"), (b, "reporter")])
    elif credit == 3:
        head.append(f"本报驻{rng.choice(ABROAD)}记者　{a}"), by.append((a, "reporter"))
    elif credit == 4:
        head.append(f"本报特约记者　{a}"), by.append((a, "reporter"))
    elif credit == 5:
        head.append(f"见习记者　{a}"), by.append((a, "reporter"))
    elif credit == 6:
        head.append(f"本报记者　{a}　实习生　{b}"), by.extend([(a, "reporter"), (b, "reporter")])
    elif credit == 7:
        head.append(f"本报通讯员　{a}"), by.append((a, "correspondent"))
    elif credit == 8:
        head.append(f"记者　{a}　通讯员　{b}"), by.extend([(a, "reporter"), (b, "correspondent")])
    elif credit == 9:
        head.append(f"新华社记者　{a}"), by.append((a, "reporter"))
    elif credit == 10:
        head.append(f"文/{a}　图/{b}"), by.extend([(a, "author"), (b, "photographer")])
    elif credit == 11:
        head.append(a), by.append((a, "author"))
    elif credit == 12:
        story.dateline = "本报讯"
        lead = "本报讯　"
        names = [a] if rng.random() < 0.5 else [a, b]
        trail = "（" + "　".join(names) + "）"
        by.extend((n, "author") for n in names)
    elif credit == 13:
        story.dateline = "本报讯"
        role, word = rng.choice([("reporter", "记者"), ("correspondent", "通讯员")])
        lead = f"本报讯（{word}　{a}）"
        by.append((a, role))
    elif credit == 14:
        story.dateline = "本报讯"
        lead = f"本报讯（记者　{a}　通讯员　{b}）"
        by.extend([(a, "reporter"), (b, "correspondent")])
    elif credit == 15:
        story.dateline = f"本报{month_day(rng)}讯"
        head.append(f"本报记者　{a}"), by.append((a, "reporter"))
        lead = story.dateline + "　"
    elif credit == 16:
        story.dateline = f"本报{rng.choice(PLACES)}{month_day(rng)}电"
        lead = f"{story.dateline}　记者{a}报道："
        by.append((a, "reporter"))
    elif credit == 17:
        story.dateline = f"新华社{rng.choice(PLACES)}{month_day(rng)}电"
        lead = f"{story.dateline}（记者　{a}）"
        by.append((a, "reporter"))
    elif credit == 18:
        story.dateline = "据新华社电"
        lead = "据新华社电　"
    elif credit == 19:
        head.append(f"本报驻{rng.choice(ABROAD)}记者　{a}"), by.append((a, "reporter"))
        story.dateline = f"本报{rng.choice(PLACES)}{month_day(rng)}电"
        trail = f"（{story.dateline}）"
    elif credit == 20:
        inst = rng.choice(INSTITUTIONS)
        head.append(f"本报记者　{a}"), by.append((a, "reporter"))
        trail = f"（{inst}提供）"
        by.append((inst, "credit"))
    # credit 21: nothing printed at all.
    first_p = next(k for k, (kind, _) in enumerate(story.blocks) if kind == "p")
    return {"head": head, "lead": lead, "trail": trail, "first_p": first_p}


def caption(rng: random.Random) -> dict:
    from .generate import Story

    text = rng.choice(CAPTIONS)
    a = name(rng)
    form = rng.randrange(4)
    if form == 0:
        line, by = f"{text}　{a}　摄", [(a, "photographer")]
    elif form == 1:
        line, by = f"{text}　本报记者　{a}　摄", [(a, "photographer")]
    elif form == 2:
        line, by = f"{text}　{a}　供图", [(a, "photographer")]
    else:
        inst = rng.choice(INSTITUTIONS)
        line, by = f"{text}（图片由{inst}提供）", [(inst, "credit")]
    return {"line": line, "story": Story(headline="", kind="photo", blocks=[("p", text)], bylines=by)}


def page_name(n: int, rng: random.Random) -> str:
    return f"第{cn_number(n)}版" if rng.random() < 0.5 else f"第{n}版"


def jump_to(n: int, rng: random.Random) -> str:
    return rng.choice([f"（下转第{cn_number(n)}版）", f"（转{n}版）", f"（下转第{n}版）", f"（转第{cn_number(n)}版）"])


def jump_from(n: int, rng: random.Random) -> list[str]:
    return [rng.choice([f"（上接第{cn_number(n)}版）", f"（接{n}版）", f"（上接{n}版）"])]


def page_header(paper: tuple[str, str, str], date, number: int, rng: random.Random) -> list[str]:
    """Furniture at the top of a page; never part of a story."""
    lines: list[str] = []
    if number == 1 and rng.random() < 0.6:
        lines += [
            paper[0],
            paper[1],
            paper[2],
            f"国内统一连续出版物号　CN14-00{rng.randint(10, 99)}",
            f"第{rng.randint(5000, 9999)}期　今日{rng.choice((4, 8, 12))}版",
        ]
    if rng.random() < 0.15:
        return lines  # no header line: the page number comes from the file name
    d = f"{date.year}年{date.month}月{date.day}日　星期{WEEKDAYS[date.weekday()]}"
    editor, layout, proof = (name(rng) for _ in range(3))
    section = rng.choice(SECTIONS)
    style = rng.random()
    if style < 0.4:
        lines.append(f"{d}　{page_name(number, rng)}　{section}　责任编辑：{editor}　版式：{layout}")
    elif style < 0.75:
        lines += [f"{paper[0]}　{d}", f"{page_name(number, rng)}　{section}　责任编辑：{editor}　校对：{proof}"]
    else:
        lines += [page_name(number, rng), section, d, f"责任编辑：{editor}"]
    return lines


def advert(rng: random.Random) -> list[str]:
    return ["广告"] + rng.choice(ADVERTS)


def file_names(pages: int, rng: random.Random) -> list[str]:
    style = rng.random()
    if style < 0.5:
        return [f"page-{n:02d}.txt" for n in range(1, pages + 1)]
    if style < 0.75:
        return [f"{n}.txt" for n in range(1, pages + 1)]
    return [f"scan-{rng.randrange(16**4):04x}.txt" for _ in range(pages)]
