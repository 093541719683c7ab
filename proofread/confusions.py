"""Common confusions, only where the wrong form is never right.

Each entry is a wrong form that is not a word or phrase of Chinese, with the
form that was meant: misspelt idioms (再接再励 → 再接再厉) and words whose
wrong character is a homophone (既使 → 即使). Pairs where both forms are words
(反应/反映, 截止/截至, 其他/其它) and the 的/地/得 choice need a parse of the
sentence to decide, and a guess would be wrong too often: they are left out.
"""

from __future__ import annotations

from functools import lru_cache

from proofread.findings import Finding
from proofread.wordlist import Entry, WordList

CONFUSIONS = {
    "再接再励": "再接再厉",
    "按步就班": "按部就班",
    "迫不急待": "迫不及待",
    "一股作气": "一鼓作气",
    "不径而走": "不胫而走",
    "谈笑风声": "谈笑风生",
    "穿流不息": "川流不息",
    "走头无路": "走投无路",
    "默守成规": "墨守成规",
    "甘败下风": "甘拜下风",
    "自抱自弃": "自暴自弃",
    "原形必露": "原形毕露",
    "一愁莫展": "一筹莫展",
    "鬼鬼崇崇": "鬼鬼祟祟",
    "竭泽而鱼": "竭泽而渔",
    "滥芋充数": "滥竽充数",
    "变本加利": "变本加厉",
    "凭心而论": "平心而论",
    "出奇不意": "出其不意",
    "名符其实": "名副其实",
    "貌和神离": "貌合神离",
    "人情事故": "人情世故",
    "金榜提名": "金榜题名",
    "必恭必敬": "毕恭毕敬",
    "再所不惜": "在所不惜",
    "一如继往": "一如既往",
    "有持无恐": "有恃无恐",
    "义不容缓": "刻不容缓",
    "迫在眉节": "迫在眉睫",
    "众志成诚": "众志成城",
    "全力以付": "全力以赴",
    "义无返顾": "义无反顾",
    "坚持不谢": "坚持不懈",
    "精益求经": "精益求精",
    "即然": "既然",
    "松驰": "松弛",
    "渲泄": "宣泄",
    "家俱": "家具",
    "布署": "部署",
    "篮天": "蓝天",
    "针贬": "针砭",
    "国藉": "国籍",
    "籍口": "借口",
    "防碍": "妨碍",
    "妨害公务": "",
    "急燥": "急躁",
    "烦燥": "烦躁",
    "一诺千斤": "一诺千金",
    "焕然一新": "",
    "涣然一新": "焕然一新",
    "震憾": "震撼",
    "寒喧": "寒暄",
    "追朔": "追溯",
    "气慨": "气概",
    "贪脏": "贪赃",
    "发韧": "发轫",
    "赝品": "",
    "膺品": "赝品",
    "脉博": "脉搏",
    "厉行节约": "",
    "励行节约": "厉行节约",
    "九宵": "九霄",
    "报筹": "报酬",
    "粗旷": "粗犷",
    "辩别": "辨别",
    "分辩是非": "分辨是非",
    "度假村": "",
    "渡假": "度假",
    "喝彩": "",
    "喝采": "喝彩",
    "部暑": "部署",
    "核酸检则": "核酸检测",
}


@lru_cache(maxsize=1)
def _wordlist() -> WordList:
    # Entries with an empty right form are correct words kept here so that a
    # longer correct phrase wins over a wrong form inside it.
    return WordList([Entry(wrong, "confusion", right) for wrong, right in CONFUSIONS.items()])


def common_confusions(text: str, context=None) -> list[Finding]:
    return [
        Finding(start, end, "confusion", f"「{entry.word}」应为「{entry.preferred}」")
        for start, end, entry in _wordlist().matches(text)
        if entry.preferred
    ]
