"""Chinese personal-name linguistics: surnames, transliteration characters and
given-name character statistics.  Pure Python, no Django imports.

The character statistics are derived lazily from jieba's own dictionary
(``dict.txt``): entries tagged ``nr``/``nrfg`` that look like "surname + two
characters" give the given-name character counts, all other entries give the
general-vocabulary counts.  A second given-name statistic comes from how
often each character is in real people's given names (the character counts
that the ngender package ships, MIT), and weighs one-character given names.
Nothing here comes from any evaluation data.
"""

from __future__ import annotations

import csv
import math
import os
import threading
from collections import Counter
from importlib.util import find_spec

# Common single-character surnames (百家姓 and the modern top-400 lists).
SURNAMES_SINGLE = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安"
    "齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管"
    "柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边"
    "卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘"
    "满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜"
    "羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富"
    "尧闭由郗洪虢凤怀伦瞿乜骞綦宦渠廖郦鄂蔚弓仉羿矫蓟伍冉晁逄撒阴佀钮湛"
)

# The hundred most frequent surnames (they cover ~85% of the population).
TOP_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)

SURNAMES_COMPOUND = frozenset(
    """欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 西门 南宫 独孤 澹台 公冶 宗政 濮阳
    太史 申屠 仲孙 钟离 闻人 万俟 赫连 呼延 司空 第五 梁丘 左丘 东郭 百里 拓跋 完颜 纳兰 爱新觉罗""".split()
)

# Characters used by the standard (Xinhua) transliteration of foreign names,
# plus those common in Tibetan/Uyghur/Mongolian names written in Chinese.
TRANSLIT_CHARS = frozenset(
    "阿埃艾爱安昂奥澳巴拔白班邦包保鲍贝本比彼毕别宾滨波伯勃博布查察达大戴丹当道德登邓迪狄蒂丁东杜敦多厄俄鄂恩尔"
    "法凡范菲费芬丰冯佛弗福夫盖甘冈高戈哥格根贡古瓜圭桂果哈海汉豪好赫黑亨洪胡华怀霍基吉季济加佳贾简杰捷金晋居卡凯"
    "坎康考柯科可克肯孔库夸奎昆拉腊莱赖兰朗劳勒雷蕾里理丽利莉列林琳玲铃隆卢鲁陆路伦罗洛马玛迈麦曼芒毛茂梅美门蒙孟"
    "米密敏明缪摩莫墨默姆木穆拿纳娜乃奈南内尼妮涅宁纽努诺欧帕潘庞佩彭皮匹平珀普齐奇契恰乔切钦琴青丘屈让热荣茹瑞"
    "若撒萨塞赛桑瑟森沙莎山善尚绍舍申什施史士舒斯松苏索塔泰坦汤唐陶特滕提蒂廷通图托瓦万汪旺威韦维温文沃乌伍武西"
    "希锡席夏肖谢辛欣休许雅亚延扬杨耶叶伊依仪因尤约泽扎詹兹佐"
    "买提木孜吾尔吐逊坚赞措旦珠吉顿巴桑平措格勒其格图日嘎迪力夏祖拜略历治"
)

# Given-name characters that essentially never occur in names (place and
# organisation suffixes, function words).  Used as a veto on top of the
# statistics.
NON_NAME_CHARS = frozenset(
    "的了是在和与或及等们个这那哪么吗呢吧啊省市县区乡镇村街路巷号楼层室部局处科厅署委会院所校系队组社团司厂店"
    "场站港湾岛洲州口桥寨堡屯坡岭沟洞界党警职员者官们人上下左右内外前后月日时分秒周点几第每各该此某"
)

_lock = threading.Lock()
_stats: dict | None = None


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def split_surname(word: str) -> tuple[str, str] | None:
    """Return (surname, given) if ``word`` has the shape of a Chinese name."""
    if len(word) >= 3 and word[:2] in SURNAMES_COMPOUND:
        sur, given = word[:2], word[2:]
    elif word and word[0] in SURNAMES_SINGLE:
        sur, given = word[0], word[1:]
    else:
        return None
    if not 1 <= len(given) <= 2 or not all(is_han(c) for c in given):
        return None
    return sur, given


def _dict_path() -> str:
    import jieba

    return os.path.join(os.path.dirname(jieba.__file__), "dict.txt")


# Added to every count, as in jieba's statistic above (on the development half
# 0.5 to 5,000 scored alike; 50,000 weighs too little to change anything).
REAL_NAME_SMOOTHING = 0.5


def _real_given_name_counts() -> Counter:
    """Each character's count in real people's given names (ngender's charfreq.csv), empty if not installed."""
    spec = find_spec("ngender")
    if spec is None or not spec.submodule_search_locations:
        return Counter()
    path = os.path.join(spec.submodule_search_locations[0], "charfreq.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        return Counter({row["char"]: int(row["male"]) + int(row["female"]) for row in csv.DictReader(fh)})


def _real_name_scores(gen_cnt: Counter) -> dict[str, float]:
    """Log-ratio: how much likelier a character is in real given names than in a dictionary word."""
    real = _real_given_name_counts()
    if not real:
        return {}
    total, ng = sum(real.values()), sum(gen_cnt.values()) or 1
    return {
        c: math.log((real[c] + REAL_NAME_SMOOTHING) / total) - math.log((gen_cnt[c] + 0.5) / ng)
        for c in set(real) | set(gen_cnt)
    }


def _load_stats() -> dict:
    """Given-name vs general-vocabulary character counts from jieba's dict."""
    name_cnt: Counter = Counter()
    gen_cnt: Counter = Counter()
    tags: dict[str, str] = {}
    with open(_dict_path(), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 3:
                continue
            word, _freq, tag = parts[0], parts[1], parts[2]
            tags[word] = tag
            if tag in ("nr", "nrfg") and len(word) == 3 and word[0] in SURNAMES_SINGLE:
                name_cnt[word[1]] += 1
                name_cnt[word[2]] += 1
            elif not tag.startswith("nr"):
                for c in set(word):
                    gen_cnt[c] += 1
    nn = sum(name_cnt.values()) or 1
    ng = sum(gen_cnt.values()) or 1
    score: dict[str, float] = {}
    for c in set(name_cnt) | set(gen_cnt):
        score[c] = math.log((name_cnt[c] + 0.5) / nn) - math.log((gen_cnt[c] + 0.5) / ng)
    return {"score": score, "tags": tags, "name_cnt": name_cnt, "real_score": _real_name_scores(gen_cnt)}


def stats() -> dict:
    global _stats
    if _stats is None:
        with _lock:
            if _stats is None:
                _stats = _load_stats()
                foreign_places()
    return _stats


def given_char_score(ch: str) -> float:
    """Log-ratio: how much likelier ``ch`` is in a given name than in a word."""
    if ch in NON_NAME_CHARS or not is_han(ch):
        return -6.0
    return stats()["score"].get(ch, -1.0)


def given_name_score(given: str) -> float:
    """The least likely character of ``given`` as a given-name character.

    jieba's names are three characters long, so its statistic knows a
    character's place in two-character given names; a one-character given
    name must also be likely in real given names (伊尔, 斯马 and 于斯 are
    pieces of transliterations and of classical phrases, not names)."""
    if not given:
        return -9.0
    score = min(given_char_score(c) for c in given)
    if len(given) == 1:
        score = min(score, stats()["real_score"].get(given, score))
    return score


def real_given_name_score(given: str) -> float:
    """How much likelier ``given``'s characters are, on average, in real given names than in words (0: unknown)."""
    real = stats()["real_score"]
    scores = [real[c] for c in given if c in real]
    return sum(scores) / len(scores) if scores else 0.0


def dict_tag(word: str) -> str | None:
    return stats()["tags"].get(word)


_places: frozenset | None = None


def foreign_places() -> frozenset:
    """Foreign countries/cities (people/data/foreign_places.txt)."""
    global _places
    if _places is None:
        path = os.path.join(os.path.dirname(__file__), "data", "foreign_places.txt")
        words: set[str] = set()
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.startswith("#"):
                    words.update(line.split())
        _places = frozenset(words)
    return _places


_PLACE_ENDINGS = (
    "斯坦",
    "尼亚",
    "兰卡",
    "利亚",
    "维亚",
    "加拉",
    "群岛",
    "王国",
    "共和国",
    "联邦",
    "堡",
    "港",
    "湾",
    "岛",
    "州",
    "市",
    "省",
    "县",
    "城",
    "河",
    "湖",
    "山",
    "洲",
)


def looks_like_place(word: str) -> bool:
    if word in foreign_places():
        return True
    if len(word) < 3 or not word.endswith(_PLACE_ENDINGS):
        return False
    # a Chinese full name may end in 山/河/城… (刘云山): only multi-char endings veto it
    return split_surname(word) is None or word.endswith(_PLACE_ENDINGS[:8])


def is_translit(word: str, min_len: int = 2) -> bool:
    return len(word) >= min_len and all(c in TRANSLIT_CHARS for c in word)
