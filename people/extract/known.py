"""Names the caller already knows, and names found once, matched by string.

Known names (people in the database, a story's alias map) are taken wherever
they occur, longest first, without overlaps.  A full name the rules found once
is also taken at its other occurrences, where the rules may miss it for lack
of context, unless that occurrence is glued inside a longer word (王鹏 in 王鹏飞)
or is an address form.
"""
from __future__ import annotations

from typing import Iterable

from .. import names as N
from .address_forms import _familiar_or_anon
from .candidates import _Cand
from .tokens import _Tok


def _known_spans(text: str, known_names: Iterable[str]) -> list[_Cand]:
    ks = sorted({k for k in known_names if k and len(k) >= 2}, key=len, reverse=True)
    out: list[_Cand] = []
    used = [False] * len(text)
    for k in ks:
        start = 0
        while True:
            p = text.find(k, start)
            if p < 0:
                break
            if not any(used[p : p + len(k)]):
                out.append(_Cand(p, p + len(k), 10.0, "known"))
                for q in range(p, p + len(k)):
                    used[q] = True
            start = p + 1
    return out


def _propagate(text: str, toks: list[_Tok], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A full name (>=2 chars) found once is found at its other occurrences
    too, unless that occurrence sits inside a longer word (王鹏 in 王鹏飞)."""
    found = {text[s:e] for s, e in spans if e - s >= 2}
    if not found:
        return spans
    starts = {t.s for t in toks}
    ends = {t.e for t in toks}
    occupied = list(spans)
    for c in _known_spans(text, found):
        if any(c.s < e and s < c.e for s, e in occupied):
            continue
        long_name = c.e - c.s >= 3  # 3+ characters are rarely the prefix of another word
        left_ok = long_name or c.s in starts or c.s == 0 or not N.is_han(text[c.s - 1])
        right_ok = long_name or c.e in ends or c.e == len(text) or not N.is_han(text[c.e]) or text[c.e] in "说称讲问答道"
        if left_ok and right_ok and not _familiar_or_anon(text, c.s, c.e):
            occupied.append((c.s, c.e))
    return sorted(occupied)
