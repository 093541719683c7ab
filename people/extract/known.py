"""Names the caller already knows, and names found once, matched by string.

Known names (people in the database, a story's alias map) are taken wherever
they occur, longest first, without overlaps.  A full name the rules found once
is also taken at its other occurrences, where the rules may miss it for lack
of context, unless that occurrence is glued inside a longer word (王鹏 in 王鹏飞)
or is an address form.  A found full name's surname alone, opening a clause,
is taken as that person (see ``surname_references``).
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import names
from .address_forms import is_address_form
from .candidate_span import Candidate
from .tokens import FUNCTION_TAGS, Token, word_freq


def known_spans(text: str, known_names: Iterable[str]) -> list[Candidate]:
    ks = sorted({k for k in known_names if k and len(k) >= 2}, key=len, reverse=True)
    out: list[Candidate] = []
    used = [False] * len(text)
    for k in ks:
        start = 0
        while True:
            p = text.find(k, start)
            if p < 0:
                break
            if not any(used[p : p + len(k)]):
                out.append(Candidate(p, p + len(k), 10.0, "known"))
                for q in range(p, p + len(k)):
                    used[q] = True
            start = p + 1
    return out


def propagate_found_names(text: str, toks: list[Token], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A full name (>=2 chars) found once is found at its other occurrences
    too, unless that occurrence sits inside a longer word (王鹏 in 王鹏飞)."""
    found = {text[s:e] for s, e in spans if e - s >= 2}
    if not found:
        return spans
    starts = {t.start for t in toks}
    ends = {t.end for t in toks}
    occupied = list(spans)
    for c in known_spans(text, found):
        if any(c.start < e and s < c.end for s, e in occupied):
            continue
        long_name = c.end - c.start >= 3  # 3+ characters are rarely the prefix of another word
        left_ok = long_name or c.start in starts or c.start == 0 or not names.is_han(text[c.start - 1])
        right_ok = (
            long_name
            or c.end in ends
            or c.end == len(text)
            or not names.is_han(text[c.end])
            or text[c.end] in "说称讲问答道"
        )
        if left_ok and right_ok and not is_address_form(text, c.start, c.end):
            occupied.append((c.start, c.end))
    return sorted(occupied)


# what may stand right before a surname used alone as the subject of a clause
CLAUSE_OPENERS = "，。；：！？、（(\n"


def surname_references(text: str, toks: list[Token], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """严汉祥 … （严收藏有…, 季之光 … ，季则有…: a found person's surname alone, opening a clause, is that person.

    A features' habit for a person already named in full: the surname alone
    stands as the clause's subject.  It is taken only where jieba does not
    read it as the start of an everyday word (张开, 高度), and only for a
    surname one found full name holds (two people of that surname: unclear)."""
    full = [text[s:e] for s, e in spans if e - s == 3 and text[s] in names.SURNAMES_SINGLE]
    surnames = {name[0] for name in full if sum(other[0] == name[0] for other in set(full)) == 1}
    if not surnames:
        return spans
    occupied = list(spans)
    for token in toks:
        char = text[token.start]
        if char not in surnames or (token.start > 0 and text[token.start - 1] not in CLAUSE_OPENERS):
            continue
        if len(token.word) > 1 and word_freq(token.word) > 0:
            continue  # 张开, 高度: the start of a word
        if len(token.word) == 1 and token.flag in FUNCTION_TAGS:
            continue  # 和 as a conjunction
        end = token.start + 1
        if any(token.start < e and s < end for s, e in occupied) or is_address_form(text, token.start, end):
            continue
        occupied.append((token.start, end))
    return sorted(occupied)
