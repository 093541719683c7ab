"""Which candidates are names: edges mended, thresholds, vetoes and overlap resolution.

A three-character name is first cut where its edge belongs to the words
around it (记者温宪图为…, 何光致欢迎词, 学习和小平同志).

Address forms and words the text itself uses as places (怀仁市 -> 怀仁) are
dropped; a weak Chinese candidate next to a sure name in a 、/和/与/及 list is
promoted; then, among overlapping spans, known names win, then list entries,
then dotted chains (which absorb their pieces), then the higher score, then
the longer span.
"""

from __future__ import annotations

import re

from articles.byline_roles import NAME_INTRODUCERS

from .. import titles as terms
from .address_forms import is_address_form
from .candidate_span import CHINESE, Candidate
from .title_words import starts_with_word

# 图为…, 摄影…: a photo caption starts right after a byline name
CAPTION_OPENERS = frozenset({"图为", "图片", "摄影"})

# 致辞, 致欢迎词, 致贺词: "delivers a speech", which jieba sometimes reads as a name's last character
_DELIVERS_SPEECH_RE = re.compile(r"致[\u4e00-\u9fff]{0,2}[辞词]")

# 和, 与, 跟, 同: also surnames, but before a name they join it to what came before
CONJUNCTIONS = frozenset("和与跟同")

_THRESH = {"cn": 1.5, "tr": 1.5, "glued": 1.5, "hon": 1.0, "dot": 1.0, "known": 0.0, "list": 0.0}


_PLACE_SUFFIX_RE = re.compile(r"([\u4e00-\u9fff]{2})(?:市|县|区|镇|乡|村|省|州|旗|盟)")


def _places_in_text(text: str) -> set[str]:
    """Two-character words the text itself uses as place names (怀仁市 -> 怀仁)."""
    out = set()
    for m in _PLACE_SUFFIX_RE.finditer(text):
        w = m.group(1)
        nxt = text[m.end() : m.end() + 1]
        if nxt not in ("长", "委"):  # 王市长 … is a title, not a place
            out.add(w)
    return out


def _without_last_word_start(text: str, cand: Candidate) -> Candidate:
    """A three-character name whose last character starts the words after it is the two before it.

    记者温宪图为…: a photo caption opens right after a byline's name (only
    after a byline word: elsewhere 图 ends given names, 画家李宏图为大家作画);
    局长何光致欢迎词: 致 starts "delivers a speech"."""
    if cand.kind != CHINESE or cand.end - cand.start != 3:
        return cand
    last = cand.end - 1
    caption = text[last : last + 2] in CAPTION_OPENERS and text[: cand.start].endswith(NAME_INTRODUCERS)
    if caption or _DELIVERS_SPEECH_RE.match(text, last, last + 6):
        return Candidate(cand.start, last, cand.score, cand.kind)
    return cand


def _without_conjunction(text: str, cand: Candidate) -> Candidate:
    """学习和小平同志的讲话: a conjunction before a two-character name and an honorific is no surname."""
    if (
        cand.kind == CHINESE
        and cand.end - cand.start == 3
        and text[cand.start] in CONJUNCTIONS
        and starts_with_word(text[cand.end : cand.end + 6], terms.HONORIFICS_AFTER)
    ):
        return Candidate(cand.start + 1, cand.end, cand.score, cand.kind)
    return cand


def select_spans(text: str, cands: list[Candidate]) -> list[tuple[int, int]]:
    places = _places_in_text(text)
    cands = [_without_conjunction(text, _without_last_word_start(text, c)) for c in cands]
    cands = [
        c
        for c in cands
        if not is_address_form(text, c.start, c.end)
        and not (c.kind in ("cn", "tr") and text[c.start : c.end] in places)
    ]
    # 、-lists: a weak candidate between list commas next to a sure name is a name
    sure_ends = {c.end for c in cands if c.score >= _THRESH[c.kind]}
    sure_starts = {c.start for c in cands if c.score >= _THRESH[c.kind]}
    for _ in range(2):
        for c in cands:
            if c.kind == "cn" and _THRESH["cn"] - 1.5 <= c.score < _THRESH["cn"]:
                before = c.start >= 1 and text[c.start - 1] in "、和与及" and (c.start - 1) in sure_ends
                after = c.end < len(text) and text[c.end] in "、和与及" and (c.end + 1) in sure_starts
                if before or after:
                    c.score = _THRESH["cn"]
                    sure_ends.add(c.end)
                    sure_starts.add(c.start)
    cands = [c for c in cands if c.score >= _THRESH[c.kind]]
    # dotted chains absorb their pieces; otherwise prefer higher score, then longer
    cands.sort(key=lambda c: (c.kind != "known", c.kind != "list", c.kind != "dot", -c.score, -(c.end - c.start)))
    taken: list[tuple[int, int]] = []
    for c in cands:
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        taken.append((c.start, c.end))
    # in text order, as callers read them
    taken.sort()
    return taken
