"""The title a story gives each person it names.

Three patterns, tried in this order: TITLE + NAME (市公交公司驾驶员韩永红),
NAME + 是 + … + TITLE up to the clause end, and NAME（TITLE）.  A name later in
a 、-list with no title of its own shares the title before the list
(辅警谢康、张建华、赵生强).

Title normalisation (documented decision): the title is the phrase the story
gives the person, with punctuation quotes removed, "的" removed and a leading
numeral + classifier removed, e.g. 韩永红是市公交公司的一名公交车驾驶员 ->
"市公交公司公交车驾驶员"; enumerations are kept with "、" (市政协机关副秘书长、
临时党支部书记).
"""

from __future__ import annotations

import re

from .. import titles as terms
from .title_words import ends_with_title
from .tokens import Token, is_punct

_CLASSIFIER_RE = re.compile(r"(?:[一二三四五六七八九十两几]|[0-9０-９]+)(?:名|位|个)")


def _normalise_title(t: str) -> str:
    t = re.sub(r"[“”\"'‘’「」『』]", "", t)
    t = t.replace("的", "")
    t = _CLASSIFIER_RE.sub("", t)
    t = t.strip("，,、 ")
    return t


_TITLE_BREAK_TAGS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "d", "m", "t", "y", "e", "o", "q", "mq"}


def _title_before(toks: list[Token], i: int, text: str) -> str:
    """Title phrase right before token i (TITLE+NAME), '' if none."""
    j = i - 1
    if j < 0 or not ends_with_title(toks[j].word):
        return ""
    k = j
    while k >= 0:
        t = toks[k]
        w = t.word
        if w == "、":
            # an enumeration of titles (…副秘书长、临时党支部书记) stays together
            if k - 1 >= 0 and ends_with_title(toks[k - 1].word):
                k -= 1
                continue
            break
        if is_punct(w) or "\n" in w:
            break
        glued_place = t.flag == "p" and len(w) == 1 and k + 1 < len(toks) and toks[k + 1].flag == "ns"  # 经/开区
        if (
            k != j
            and not glued_place
            and (w in terms.TITLE_STOP_WORDS or t.flag in _TITLE_BREAK_TAGS or (t.flag == "v" and len(w) == 1))
        ):
            break
        k -= 1
    if k + 1 > j:
        return ""
    phrase = text[toks[k + 1].start : toks[j].end]
    return _normalise_title(phrase)


def _title_after_shi(toks: list[Token], j: int, text: str) -> str:
    """NAME + 是 + ... + TITLE (up to the clause end)."""
    if j >= len(toks) or toks[j].word != "是":
        return ""
    k = j + 1
    last_title = -1
    while k < len(toks) and k - j < 16:
        w, f = toks[k].word, toks[k].flag
        if is_punct(w) and w != "、":
            break
        glued_place = f == "p" and len(w) == 1 and k + 1 < len(toks) and toks[k + 1].flag == "ns"  # 经/开区
        if not glued_place and ((f == "v" and len(w) == 1) or f in ("a", "ad", "d", "p", "c", "r", "l", "i")):
            return ""
        if ends_with_title(w):
            last_title = k
        k += 1
    if last_title < 0:
        return ""
    return _normalise_title(text[toks[j + 1].start : toks[last_title].end])


def _title_in_parens(toks: list[Token], j: int, text: str) -> str:
    """NAME（TITLE）."""
    if j >= len(toks) or toks[j].word not in ("（", "("):
        return ""
    k = j + 1
    while k < len(toks) and toks[k].word not in ("）", ")") and k - j < 12:
        k += 1
    if k >= len(toks) or k == j + 1:
        return ""
    inner = text[toks[j + 1].start : toks[k - 1].end]
    if ends_with_title(inner):
        return _normalise_title(inner)
    return ""


def assign_titles(text: str, toks: list[Token], spans: list[tuple[int, int]]) -> list[str]:
    start_idx = {t.start: k for k, t in enumerate(toks)}
    end_idx = {t.end: k for k, t in enumerate(toks)}
    titles: list[str] = []
    prev_title = ""
    prev_end = -10
    for s, e in spans:
        title = ""
        i = start_idx.get(s)
        j = end_idx.get(e)
        if i is not None:
            title = _title_before(toks, i, text)
        if not title and j is not None:
            title = _title_after_shi(toks, j + 1, text) or _title_in_parens(toks, j + 1, text)
        if not title and prev_title and text[prev_end:s] == "、":
            title = prev_title  # 辅警谢康、张建华、赵生强
        titles.append(title)
        if title:
            prev_title = title
        elif text[prev_end:s] != "、":
            prev_title = ""
        prev_end = e
    return titles
