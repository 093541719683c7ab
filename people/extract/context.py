"""Context evidence for a candidate name: the words and marks around it.

Many given names are ordinary words (国强, 建华), so shape alone cannot decide.
The score adds up: a title or person cue before, a speech verb, honorific or
short title after, a 、-list, "（女）", a credit in parentheses or an
enumeration mark raise it; a place cue before, "的" before a two-character
token and a place suffix after lower it.
"""

from __future__ import annotations

from .. import names
from .. import titles as terms
from .title_words import ends_with_title, starts_with_word
from .tokens import Token

_ENUMS = {f"{o}{d}{c}" for o, c in (("（", "）"), ("(", ")")) for d in "１２３４５６７８９123456789"}
_LIST_SEP = {"、"}
_CREDIT_AFTER = {"摄）", "摄)"} | {f"{slash}{work}" for slash in "／/" for work in "文图画摄"}


CONTEXT_PARTS = (
    "title_before",
    "speech_after",
    "list_separator",
    "place_before",
    "de_before",
    "place_after",
    "female",
    "credit",
    "enumeration",
)


def context_score(toks: list[Token], i: int, j: int, text: str) -> float:
    """Context evidence for a name made of tokens i..j-1."""
    return sum(context_parts(toks, i, j, text))


def context_parts(toks: list[Token], i: int, j: int, text: str) -> tuple[float, ...]:
    """The evidence of each cue (in CONTEXT_PARTS order) for a name made of tokens i..j-1."""
    prev = toks[i - 1].word if i > 0 else ""
    nxt = toks[j].word if j < len(toks) else ""
    title_before = 1.5 if prev and (ends_with_title(prev) or prev in terms.PERSON_CUE_BEFORE) else 0.0
    speech_after = (
        1.5
        if nxt
        and (
            starts_with_word(nxt, terms.SPEECH_AFTER)
            or nxt in terms.HONORIFICS_AFTER
            or ends_with_title(nxt)
            and len(nxt) <= 3
        )
        else 0.0
    )
    list_separator = 0.5 if prev in _LIST_SEP or nxt in _LIST_SEP else 0.0
    place_before = (
        -1.5
        if prev in terms.PLACE_CUE_BEFORE and (j - i > 1 or len(toks[i].word) <= 2 or names.is_translit(toks[i].word))
        else 0.0
    )
    de_before = -1.0 if prev == "的" and j - i == 1 and len(toks[i].word) == 2 else 0.0
    place_after = (
        -1.5 if nxt and (nxt[0] in terms.PLACE_SUFFIX_AFTER or starts_with_word(nxt, terms.PLACE_WORDS_AFTER)) else 0.0
    )
    female = 2.0 if nxt in ("（", "(") and text[toks[j].end : toks[j].end + 2] in ("女）", "女)") else 0.0
    s0, e0 = toks[i].start, toks[j - 1].end
    # (苏萱) (许光明摄) (马得／画): credit lines name persons
    credit = (
        1.0
        if s0 > 0 and text[s0 - 1] in "（(" and (text[e0 : e0 + 1] in "）)" or text[e0 : e0 + 2] in _CREDIT_AFTER)
        else 0.0
    )
    # enumerations: （１）克林顿（２）布什
    enumeration = 1.0 if s0 > 0 and (text[s0 - 1] in "①②③④⑤⑥⑦⑧⑨⑩" or text[max(0, s0 - 3) : s0] in _ENUMS) else 0.0
    return (
        title_before,
        speech_after,
        list_separator,
        place_before,
        de_before,
        place_after,
        female,
        credit,
        enumeration,
    )
