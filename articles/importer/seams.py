"""How well two pieces of text run together across a break, judged by jieba.

A column break that splits a word (一声不 | 吭, 北 | 城派出所) leaves a seam
that jieba's dictionary can see: segmenting the joined string yields a token
that spans the seam, and the best segmentation becomes much more probable
than segmenting the two halves apart.  That log-probability gain is the
evidence; it is exactly 0 when the best path does not cross the seam.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from articles.chinese import jieba_tokenizer

from .lines import NON_STARTERS

_WINDOW = 6
_STOP = re.compile(r"[\s。!?!?…,,、;;::“”‘’\"'()()《》【】「」—\-]")


def tokenizer():
    """jieba's default tokenizer, dictionary loaded once on first use."""
    return jieba_tokenizer()


@lru_cache(maxsize=8192)
def _best_path(text: str) -> tuple[float, tuple[tuple[int, int], ...]]:
    """Log-probability and tokens of jieba's best dictionary segmentation (no HMM)."""
    if not text:
        return 0.0, ()
    dt = tokenizer()
    dag = dt.get_DAG(text)
    route: dict[int, tuple[float, int]] = {}
    dt.calc(text, dag, route)
    tokens, i = [], 0
    while i < len(text):
        j = route[i][1] + 1
        tokens.append((i, j))
        i = j
    return route[0][0], tuple(tokens)


def _tail(text: str) -> str:
    """Last few characters up to the nearest punctuation: what a word could span."""
    t = text[-_WINDOW:]
    m = None
    for _match in _STOP.finditer(t):
        pass
    return t[m.end() :] if m else t


def _head(text: str) -> str:
    t = text[:_WINDOW]
    m = _STOP.search(t)
    return t[: m.start()] if m else t


@lru_cache(maxsize=4096)
def seam_gain(left: str, right: str) -> float:
    """Evidence (nats, ≥ 0) that ``left`` and ``right`` are one text split mid-word.

    Positive only if jieba's best segmentation of the joined window has a token
    spanning the seam; the value is how much more probable that segmentation
    is than the two halves segmented apart, which rewards rare joined words
    (一声不吭) over common accidental pairs.
    """
    a, b = _tail(left), _head(right)
    if not a or not b:
        return 0.0
    joined_lp, tokens = _best_path(a + b)
    seam = len(a)
    strong = 0.0
    if any(s < seam < e for s, e in tokens):
        strong = max(0.0, joined_lp - _best_path(a)[0] - _best_path(b)[0])
    return max(strong, _weak_span(a, b))


# The most a word crossing the seam off jieba's best path can score (see
# :func:`_weak_span`): evidence above it means the best path crosses the seam.
WEAK_SPAN_MAX = 3.0


def _weak_span(a: str, b: str) -> float:
    """1…3 if some dictionary word crosses the seam even off jieba's best path.

    jieba's frequencies predate some current vocabulary (初心 has a count of
    3), so a spanning word the best path avoids is still weak evidence,
    graded by its frequency.
    """
    freq = tokenizer().FREQ
    best = 0
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            f = freq.get(a[-i:] + b[:j], 0)
            if f > best:
                best = f
    return min(WEAK_SPAN_MAX, 1.0 + math.log10(best + 1)) if best else 0.0


# Particles (and particle words) that, standing as a word of their own,
# never open a sentence.
_PARTICLES = frozenset("的了着们么吗呢吧啦地得")
_BOUND_WORDS = frozenset(("的话", "似的", "而已", "罢了", "的时候"))


def opens_with_particle(text: str) -> bool:
    """``的话,…`` or ``着下一次…``: the first word jieba finds is a bound particle."""
    head = _head(text)
    if not head or head[0] not in _PARTICLES:
        return False
    _, tokens = _best_path(head)
    s, e = tokens[0]
    return e == 1 or head[s:e] in _BOUND_WORDS


_FIRST_SENTENCE = re.compile(r"^[^。!?!?…]{1,4}[。!?!?…]")


def continuation_evidence(left: str, right: str) -> float:
    """Seam evidence plus fixed bonuses when ``right`` cannot open a story.

    A start with punctuation or a bound particle cannot open a sentence; a
    "sentence" of one short word (``支持。``) is the tail of a longer one.
    """
    bonus = 0.0
    if right[:1] in NON_STARTERS or opens_with_particle(right):
        bonus = 8.0
    elif _FIRST_SENTENCE.match(right):
        bonus = 4.0
    return bonus + seam_gain(left, right)
