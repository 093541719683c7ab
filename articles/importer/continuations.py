"""Deciding which fragment continues which.

Every fragment that stops mid-sentence (an *open end*) wants a successor; every
fragment that does not begin a story by itself may be one.  Each possible
link is scored from how the text runs across the break (jieba seam evidence,
a start no sentence can have), from layout (continuations run forward, and a
headline-less fragment exists only because something broke), and from shared
rare vocabulary (names, places).  The best consistent assignment is searched
exhaustively when small, greedily otherwise: each fragment gets at most one
predecessor and one successor, no cycles, at most one headline and one
dateline per chain.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter

from .fragment_types import Fragment
from .lines import bigrams
from .seams import continuation_evidence

MIN_LINK = 0.5
MAX_SKIPPED = 19
PAIR_BUDGET = 3000
_OPENER_RE = re.compile(
    r"^(?:[“\"「『]|\d{1,4}年|\d{1,2}月|\d{1,2}日|近日|日前|连日来|近期|近年|今年以来|当天|据悉|记者从)"
)
_CJK = re.compile(r"[\u4e00-\u9fff]{2,}")
_EXHAUSTIVE_LIMIT = 200_000


def fragment_text(frag: Fragment, page: str) -> str:
    return "".join(page[s:e] for b in frag.blocks for s, e in b.spans)


def _start_text(frag: Fragment, page: str) -> str | None:
    """The text a continuation would resume with, or None if it cannot be one."""
    if (
        frag.dateline is not None
        or frag.photo
        or frag.jump_from is not None
        or not frag.blocks
        or frag.blocks[0].type != "p"
    ):
        return None
    s, e = frag.blocks[0].spans[0]
    return page[s:e]


def _end_text(frag: Fragment, page: str) -> str | None:
    if not frag.open_end or frag.jump_to is not None:
        return None
    s, e = frag.blocks[-1].spans[-1]
    return page[s:e]


def shared_vocabulary(a: str, b: str) -> float:
    """Share of the rarer text's two-character words that the other text also has (0…1).

    Two parts of one story keep naming the same people, places and things;
    across two different stories mostly common words repeat, and those are
    frequent in both, so each shared bigram is weighted by how seldom it
    occurs in the two texts together.
    """
    ga, gb = Counter(), Counter()
    for run in _CJK.findall(a):
        ga.update(map(str.__add__, run, run[1:]))
    for run in _CJK.findall(b):
        gb.update(map(str.__add__, run, run[1:]))
    if not ga or not gb:
        return 0.0
    shared = sum(1.0 / (ga[g] + gb[g]) for g in ga.keys() & gb.keys())
    return shared / min(len(ga), len(gb))


class Similarity:
    """Shared-rare-bigram affinity between fragments (idf-weighted cosine)."""

    def __init__(self, frags: list[Fragment], page: str):
        self._frags, self._page = frags, page
        self.weighted: list[dict[str, float]] | None = None  # built on first use: most pages need none
        self.norm: list[float] = []
        self._cache: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = {}

    def _build(self) -> None:
        grams = [bigrams(fragment_text(f, self._page) + "".join(t for t, _ in f.headlines)) for f in self._frags]
        df = Counter(g for gs in grams for g in gs)
        n = max(len(self._frags), 2)
        # Bigrams in every fragment carry no information (idf 0): drop them.
        idf = {g: math.log(n / c) for g, c in df.items() if c < n}
        self.weighted = [{g: idf[g] for g in gs if g in idf} for gs in grams]
        self.norm = [sum(w.values()) for w in self.weighted]

    def _group(self, ids: list[int]) -> tuple[dict[str, float], float]:
        if self.weighted is None:
            self._build()
        if len(ids) == 1:
            return self.weighted[ids[0]], self.norm[ids[0]]
        merged: dict[str, float] = {}
        for i in ids:
            merged.update(self.weighted[i])
        return merged, sum(merged.values())

    def score(self, a: list[int], b: list[int]) -> float:
        """Cosine of idf-weighted bigram sets: 0 (nothing rare shared) … 1."""
        key = (tuple(a), tuple(b))
        if key not in self._cache:
            wa, na = self._group(a)
            wb, nb = self._group(b)
            if len(wa) > len(wb):
                wa, wb = wb, wa
            shared = sum(w for g, w in wa.items() if g in wb)
            self._cache[key] = shared / math.sqrt(na * nb) if na and nb else 0.0
        return self._cache[key]


def link_score(
    a: Fragment, b: Fragment, end: str, start: str, affinity: float, skipped: int = 0, top_orphan: bool = False
) -> float:
    """How plausible it is that ``b`` picks up the sentence ``a`` left open.

    ``affinity`` (0…1) is how much rare vocabulary ``b`` shares with ``a``
    relative to the best-sharing candidate.
    ``skipped`` counts the other fragments that could have resumed the text
    and stand between the two: layout puts a continuation at the nearest
    place that fits, so each one passed over costs a little.
    """
    evidence = continuation_evidence(end, start)
    score = 1.0 + min(evidence, 12.0) / 2.0
    if not b.headed:
        score += 1.5
    elif evidence == 0 and _OPENER_RE.match(start):
        score -= 2.5
    score += 3.0 * affinity
    if b.index < a.index:
        # Text runs forward; but a headless fragment standing above every
        # headline of the page can only be the rest of something further down.
        score -= 1.0 if top_orphan else 3.0
    score -= 0.6 * skipped
    return score


def _chain_ok(succ: dict[int, int], pred: dict[int, int], a: int, b: int, frags: list[Fragment]) -> bool:
    """Would linking a→b keep chains acyclic with at most one story start?"""
    if a in succ or b in pred or a == b:
        return False
    head = a
    seen = {a}
    while head in pred:
        head = pred[head]
        if head in seen:
            return False
        seen.add(head)
    headlines = datelines = 0
    node = head
    while True:
        if node == b:
            return False  # b already upstream of a: cycle
        headlines += frags[node].headed
        datelines += frags[node].dateline is not None
        if node == a:
            break
        node = succ[node]
    node = b
    while True:
        headlines += frags[node].headed
        datelines += frags[node].dateline is not None
        if node not in succ:
            break
        node = succ[node]
    # One story has one headline and one dateline; its opening paragraph,
    # dateline and all, may stand above the headline.
    return headlines <= 1 and datelines <= 1


def link_scores(succ: dict[int, int], options: list) -> dict[int, tuple[float, float | None]]:
    """For each chosen link a→b: its score and the best score of another candidate for a or for b."""
    by_a = {a: cands for a, cands in options}
    out = {}
    for a, b in succ.items():
        cands = by_a.get(a, [])
        chosen = next((s for s, bi in cands if bi == b), 0.0)
        others = [s for s, bi in cands if bi != b]
        others += [s for a2, c2 in options if a2 != a and a2 not in succ for s, bi in c2 if bi == b]
        out[a] = (chosen, max(others) if others else None)
    return out


def assign(frags: list[Fragment], page: str, sim: Similarity | None = None) -> dict[int, int]:
    """Best successor for each open-ended fragment: {fragment index: successor index}."""
    return assign_scored(frags, page, sim)[0]


def assign_scored(frags: list[Fragment], page: str, sim: Similarity | None = None):
    """:func:`assign`, with each link's score and its best rival's (see :func:`link_scores`)."""
    sim = sim or Similarity(frags, page)
    starts = {f.index: t for f in frags if (t := _start_text(f, page))}
    first_starter = next((f.index for f in frags if f.starter), len(frags))
    options: list[tuple[int, list[tuple[float, int]]]] = []
    order = sorted(starts)
    open_ends = sum(1 for f in frags if _end_text(f, page) is not None)
    # Beyond what any page has (75 open ends), the window narrows so that a
    # pathological page still parses in seconds; a real page keeps the exact one.
    reach = min(MAX_SKIPPED, max(2, PAIR_BUDGET // (2 * open_ends or 1)))
    for a in frags:
        end = _end_text(a, page)
        if end is None:
            continue
        # Each start passed over costs 0.6 and no link scores more than 11.5, so
        # starts beyond MAX_SKIPPED of them can never link: only nearer ones are
        # scored, which keeps a page linear in its fragments.
        here = bisect.bisect_left(order, a.index)
        window = [bi for bi in order[max(0, here - reach - 1) : here + reach + 2] if bi != a.index]
        sims = {bi: sim.score([a.index], [bi]) for bi in window}
        top = max(sims.values(), default=0.0) or 1.0
        cands = []
        for bi in window:
            lo, hi = sorted((a.index, bi))
            skipped = bisect.bisect_left(order, hi) - bisect.bisect_right(order, lo)
            s = link_score(a, frags[bi], end, starts[bi], sims[bi] / top, skipped, bi < first_starter)
            if s > MIN_LINK:
                cands.append((s, bi))
        cands.sort(reverse=True)
        if cands:
            options.append((a.index, cands[:6]))
    options.sort(key=lambda o: -o[1][0][0])
    size = 1
    for _, c in options:
        size *= len(c) + 1
    succ = _exhaustive(options, frags) if size <= _EXHAUSTIVE_LIMIT else _greedy(options, frags)
    return succ, link_scores(succ, options)


def _greedy(options, frags) -> dict[int, int]:
    succ: dict[int, int] = {}
    pred: dict[int, int] = {}
    for _score, a, b in sorted(((s, a, b) for a, c in options for s, b in c), reverse=True):
        if _chain_ok(succ, pred, a, b, frags):
            succ[a], pred[b] = b, a
    return succ


def _exhaustive(options, frags) -> dict[int, int]:
    best: list = [-1.0, {}]
    succ: dict[int, int] = {}
    pred: dict[int, int] = {}
    # Upper bound of what the remaining open ends can still add, for pruning.
    remaining = [0.0] * (len(options) + 1)
    for k in range(len(options) - 1, -1, -1):
        remaining[k] = remaining[k + 1] + options[k][1][0][0]

    def go(k: int, total: float) -> None:
        if total + remaining[k] <= best[0]:
            return
        if k == len(options):
            best[0], best[1] = total, dict(succ)
            return
        a, cands = options[k]
        for s, b in cands:
            if _chain_ok(succ, pred, a, b, frags):
                succ[a], pred[b] = b, a
                go(k + 1, total + s)
                del succ[a], pred[b]
        go(k + 1, total)

    go(0, 0.0)
    return best[1]
