"""Name lists written without separators (名单: 李鹏乔石李瑞环…).

jieba mangles such runs, and one list can hold hundreds of names, so a chunk
of text between punctuation that is mostly person-tagged tokens is segmented
on its own by dynamic programming into surname + given names, dictionary names
and dotted transliterations.  Its entries then replace the ordinary candidates
inside the chunk (see persons.py).
"""

from __future__ import annotations

import re

from .. import names
from .model import ModelReading
from .tokens import DOTS, FUNCTION_TAGS, NAME_TAGS, Token, is_punct, word_freq


def _list_piece_score(u: str, tok_tags: dict[str, str]) -> float | None:
    """Score of ``u`` as one entry of an unseparated name list (None: not a name)."""
    if any(c in DOTS for c in u):
        parts = re.split("[" + DOTS + "]", u)
        if all(1 <= len(p) <= 8 and all(names.is_han(c) for c in p) for p in parts) and names.is_translit(
            parts[0][-1:], 1
        ):
            return 2.0
        return None
    if not all(names.is_han(c) for c in u):
        return None
    tag = tok_tags.get(u) or names.dict_tag(u)
    sp = names.split_surname(u)
    if sp is not None:
        g = names.given_name_score(sp[1])
        sc = 1.0 + 0.5 * max(-3.0, min(g, 2.0))
        if len(sp[1]) == 2:
            sc += 0.8
        if tag in NAME_TAGS:
            sc += 1.5
        elif word_freq(u) > 0:
            sc -= 1.0
        return sc
    if u in tok_tags and 2 <= len(u) <= 5:
        if tag in NAME_TAGS:
            return 1.0
        if names.is_translit(u):
            return 0.0
    return None


def name_lists(text: str, toks: list[Token]) -> list[tuple[int, int, int, int]]:
    """Entries of name lists written without separators (名单: 李鹏乔石李瑞环…).

    Returns (chunk_start, chunk_end, start, end) tuples.  A chunk (text between
    punctuation) is a list when most of its characters are in person-tagged
    tokens; it is then segmented by dynamic programming into surname+given
    names, dictionary names and dotted transliterations."""
    out = []
    chunk: list[Token] = []

    def flush():
        if not chunk:
            return
        total = chunk[-1].end - chunk[0].start
        named = sum(t.end - t.start for t in chunk if t.flag in NAME_TAGS)
        nnames = sum(1 for t in chunk if t.flag in NAME_TAGS)
        nfunc = sum(1 for t in chunk if t.flag in FUNCTION_TAGS)
        if total >= 9 and nnames >= 4 and named >= 0.65 * total and nfunc <= 0.15 * len(chunk):
            out.extend(_segment_list(text, chunk))
        chunk.clear()

    for t in toks:
        if is_punct(t.word) and t.word not in DOTS:
            flush()
        else:
            chunk.append(t)
    flush()
    return out


def lists_the_model_reads(
    lists: list[tuple[int, int, int, int]], reading: ModelReading
) -> list[tuple[int, int, int, int]]:
    """The lists in which the model tags at least one entry exactly as a name.

    A headline run into its byline (丹尼利昆稻花香阿君) can look like an
    unseparated list to jieba's tags; in a real list the model, which reads
    names in runs poorly, still tags some entries exactly (one of five in
    丁石孙王文元王光英王选韦钰), and in such a headline none."""
    model_spans = set(reading.spans)
    read = {(a, b) for a, b, s, e in lists if (s, e) in model_spans}
    return [entry for entry in lists if (entry[0], entry[1]) in read]


def _segment_list(text: str, chunk: list[Token]) -> list[tuple[int, int, int, int]]:
    base = chunk[0].start
    c = text[base : chunk[-1].end]
    L = len(c)
    tok_tags = {t.word: t.flag for t in chunk}
    tok_bounds = {t.start - base for t in chunk} | {L}
    NEG = -1e9
    best = [NEG] * (L + 1)
    back: list[tuple[int, bool]] = [(0, False)] * (L + 1)
    best[0] = 0.0
    for i in range(L):
        if best[i] == NEG:
            continue
        maxlen = 16 if any(d in c[i : i + 16] for d in DOTS) else 5
        for j in range(i + 1, min(L, i + maxlen) + 1):
            u = c[i:j]
            sc = None
            if j - i >= 2:
                sc = _list_piece_score(u, tok_tags)
                if sc is not None and i in tok_bounds:
                    sc += 0.4
                if sc is not None and j in tok_bounds:
                    sc += 0.4
            is_name = sc is not None
            if sc is None:
                # filler: an original jieba token, or a single character
                if u in tok_tags and i in tok_bounds and j in tok_bounds:
                    sc = -1.0
                elif j - i == 1:
                    sc = -3.0
                else:
                    continue
            v = best[i] + sc
            if v > best[j]:
                best[j] = v
                back[j] = (i, is_name)
    res = []
    j = L
    while j > 0:
        i, is_name = back[j]
        if is_name:
            res.append((base, base + L, base + i, base + j))
        j = i
    return res[::-1]
