"""Parse the plain text of one printed newspaper page into stories and photos.

Pure Python (no Django).  Pipeline:

1. :mod:`.lines` — split into non-blank lines, offsets into the input string;
2. :mod:`.pieces` — classify each line by what its own text allows;
3. :mod:`.fragments` — group lines into fragments (a header and what runs
   under it, up to the next header or closing credit), joining paragraphs
   split by column breaks in place;
4. :mod:`.continuations` — link fragments left mid-sentence to the fragment
   that resumes them, choosing the best global assignment;
5. here — turn chains of fragments into items; a chain with no headline is
   attached to the story it shares rare vocabulary with, or kept on its own.

How short lines are read (see :mod:`.fragments`): a short unpunctuated line
is a *headline* when kicker/subtitle/byline lines stand next to it or a
dateline paragraph follows; otherwise a *subhead* if it is wholly quoted,
numbered, or two comma-separated phrases; otherwise a headline standing
alone.  It is the *middle of a broken paragraph* instead only when jieba
sees it running on at both ends.

Known limits (text alone cannot decide them): a continuation that starts a
fresh sentence and follows a story with no closing credit reads as more of
that story; an opening set above its headline with barely a sentence left
under the headline may be given to the nearest headline instead.

Every non-whitespace character of the input (a leading BOM aside) lands in
exactly one part of one item: a kicker/headline/subtitle/dateline/byline
span or a block span.

Offsets: every ``SourceSpan`` is a slice of the exact string passed to
:func:`parse_page`, which is also ``ParsedPage.text``.  ``\\r\\n``/``\\r``
line ends and a leading BOM are recognised but not rewritten, so spans stay
valid against the caller's text.
"""

from __future__ import annotations

from articles.search.tokens import simplified

from .confidence import ACROSS_A_COLUMN, attach_confidence, headline_confidence, link_confidence, mark_unjoined
from .continuations import Similarity, assign_scored
from .fragment_types import FBlock, Fragment, Span
from .fragments import build_fragments
from .furniture import find_furniture
from .lines import split_lines
from .pieces import classify
from .structures import (
    BYLINE_ROLES,
    SPAN_KEYS,
    Block,
    Byline,
    FurnitureLine,
    Join,
    PageHeader,
    PageParseError,
    ParsedItem,
    ParsedPage,
    SourceSpan,
)
from .subheads import fold_subheads
from .titles import join_title_lines

__all__ = [
    "BYLINE_ROLES",
    "Block",
    "Byline",
    "FurnitureLine",
    "Join",
    "PageHeader",
    "PageParseError",
    "ParsedItem",
    "ParsedPage",
    "SourceSpan",
    "parse_page",
]

# A headline-less chain with no seam evidence joins the story it shares most
# rare vocabulary with only when that affinity is clear (Similarity.score is a
# cosine, 0…1); otherwise it stands alone rather than be misfiled.
ATTACH_MIN = 0.06
ATTACH_MARGIN = 1.5


def _chains(frags: list[Fragment], succ: dict[int, int]) -> list[list[int]]:
    preds = set(succ.values())
    chains = []
    for f in frags:
        if f.index in preds:
            continue
        chain = [f.index]
        while chain[-1] in succ:
            chain.append(succ[chain[-1]])
        chains.append(chain)
    return chains


def _attach_orphans(
    chains: list[list[int]], frags: list[Fragment], sim: Similarity, attached: dict[int, tuple[float, list[str]]]
) -> list[list[int]]:
    """Give headline-less chains to the story they share rare words with.

    A chain that stands before all of its story is put in front of it (an
    opening set above the headline), otherwise after it, so linked fragments
    are never pulled apart.
    """
    stories = [
        c for c in chains if any(frags[i].starter for i in c) or frags[c[0]].photo or frags[c[0]].jump_from is not None
    ]
    orphans = [c for c in chains if c not in stories]
    for orphan in orphans:
        scored = sorted(
            (
                (sim.score(orphan, story), k)
                for k, story in enumerate(stories)
                if not frags[story[0]].photo and any(frags[i].starter for i in story)
            ),
            reverse=True,
        )
        if not scored or scored[0][0] < ATTACH_MIN or (len(scored) > 1 and scored[0][0] < ATTACH_MARGIN * scored[1][0]):
            stories.append(orphan)
            continue
        best = stories[scored[0][1]]
        attached[orphan[0]] = attach_confidence(scored[0][0], scored[1][0] if len(scored) > 1 else 0.0)
        if orphan[0] < best[0]:
            best[0:0] = orphan
        else:
            best.extend(orphan)
    return stories


def _join_headless_openings(chains: list[list[int]], frags: list[Fragment]) -> list[list[int]]:
    """A dateline paragraph with no headline, standing right above the opening a
    story set above its headline (a headline-less part that runs into it), is
    where that opening begins: the story's first paragraphs, dateline and all."""
    owner = {i: c for c in chains for i in c}
    out = []
    for chain in chains:
        first = frags[chain[0]]
        nxt = owner.get(chain[-1] + 1)
        if (
            first.dateline is not None
            and not any(frags[i].headed for i in chain)
            and nxt is not None
            and nxt[0] == chain[-1] + 1
            and not frags[nxt[0]].headed
            and any(frags[i].headed for i in nxt)
            and all(frags[i].dateline is None for i in nxt)
        ):
            nxt[0:0] = chain
            continue
        out.append(chain)
    return out


def _span(s: tuple[int, int]) -> SourceSpan:
    return SourceSpan(s[0], s[1])


# Full-width forms of ASCII (，：（）１９) read as their ASCII twins, one
# character for one, so offsets into the folded text are offsets into the page.
FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def fold(text: str) -> str:
    """The page as the rules read it: full-width punctuation, digits and letters as
    ASCII, and Traditional characters as Simplified (a page printed 本報記者 has
    bylines as one printed 本报记者 has), one character for one."""
    return simplified(text.translate(FOLD))


class _Printed:
    """Maps a field read from the folded page back to what was printed there."""

    def __init__(self, page: str, folded: str):
        self.page, self.folded = page, folded

    def __call__(self, text: str, span: tuple[int, int]) -> str:
        if self.page is self.folded:
            return text
        s, e = span
        at = self.folded.find(text, s, e) if text else -1
        return self.page[at : at + len(text)] if at != -1 else text

    def within(self, text: str, spans: list[tuple[int, int]]) -> str:
        """``text`` read in the first of ``spans`` that holds it, as printed there."""
        if self.page is self.folded or not text:
            return text
        for s, e in spans:
            if (at := self.folded.find(text, s, e)) != -1:
                return self.page[at : at + len(text)]
        return text


def _decide(item: ParsedItem, parts: list[Fragment], chain: list[int], links: dict, attached: dict) -> None:
    """Record the decisions behind ``item`` and the joins it was made of (see :mod:`.confidence`)."""
    basis = next((f.basis or "shape" for f in parts if f.headlines), None)
    if item.kind == "story" and item.continued_from is None:
        item.decisions.append(headline_confidence(basis or "none"))
    for f in parts:
        for after, before, value in f.paragraph_joins:
            item.joins.append(Join("paragraph", after, before, value))
            item.decisions.append((value, [ACROSS_A_COLUMN]))
        if f.index in attached:
            value, reasons = attached[f.index]
            item.decisions.append((value, reasons))
    for a, b in zip(chain, chain[1:]):
        if a in links:
            value, reasons = link_confidence(*links[a])
            after = parts[chain.index(a)].blocks[-1].spans[-1][1]
            before = parts[chain.index(b)].blocks[0].spans[0][0]
            item.joins.append(Join("fragment", after, before, value, reasons))
            item.decisions.append((value, reasons))
    mark_unjoined(item, edition=False)


def _item(chain: list[int], frags: list[Fragment], succ: dict[int, int], page: str, printed: _Printed) -> ParsedItem:
    parts = [frags[i] for i in chain]
    item = ParsedItem(kind="photo" if parts[0].photo else "story", continued_from=parts[0].jump_from)
    spans = {key: [] for key in SPAN_KEYS}
    blocks: list[FBlock] = []
    titles: dict[str, list[tuple[str, Span]]] = {"kicker": [], "headline": [], "subtitle": []}
    for k, f in enumerate(parts):
        for key, lines in (("kicker", f.kickers), ("headline", f.headlines), ("subtitle", f.subtitles)):
            titles[key] += lines
            spans[key] += [_span(s) for _, s in lines]
        if f.dateline:
            dateline = printed(*f.dateline)
            item.dateline = dateline if not item.dateline else item.dateline + " " + dateline
            spans["dateline"].append(_span(f.dateline[1]))
        if f.end_dateline:
            text, span = f.end_dateline
            item.dateline = " ".join(filter(None, [item.dateline, printed(text, span)]))
            spans["dateline"].append(_span(span))
        if f.jump_to is not None:
            item.continued_to = f.jump_to
        item.bylines += [Byline(printed.within(n, f.byline_spans), r) for n, r in f.bylines]
        spans["bylines"] += [_span(s) for s in f.byline_spans]
        fblocks = [FBlock(b.type, list(b.spans)) for b in f.blocks]
        linked = k > 0 and succ.get(chain[k - 1]) == f.index
        if linked and blocks and fblocks and blocks[-1].type == "p" and fblocks[0].type == "p":
            blocks[-1].spans += fblocks.pop(0).spans
        blocks += fblocks
    for key, lines in titles.items():
        read = [printed.folded[s:e] for _, (s, e) in lines]
        setattr(item, key, join_title_lines(read, [printed(t, s) for t, s in lines]))
    item.blocks = [Block(b.type, "".join(page[s:e] for s, e in b.spans), [_span(s) for s in b.spans]) for b in blocks]
    item.spans = spans
    return item


def parse_page(text: str) -> ParsedPage:
    """Parse one page of OCR/PDF text into items in reading order.

    Raises :class:`PageParseError` if ``text`` holds no printed characters.
    """
    if not isinstance(text, str):
        raise PageParseError(f"expected the page as str, got {type(text).__name__}")
    folded = fold(text)
    lines = split_lines(folded)
    if not lines:
        raise PageParseError("the page is empty or whitespace only")
    skip, furniture, header = find_furniture(lines)
    pieces = [classify(line, folded) for k, line in enumerate(lines) if k not in skip]
    furniture += [FurnitureLine("jump", SourceSpan(*s)) for p in pieces for s in p.jump_spans]
    frags = build_fragments(pieces, folded)
    sim = Similarity(frags, folded)
    succ, links = assign_scored(frags, folded, sim)
    attached: dict[int, tuple[float, list[str]]] = {}
    chains = fold_subheads(_join_headless_openings(_chains(frags, succ), frags), frags, sim, attached, folded)
    chains = _attach_orphans(chains, frags, sim, attached)
    printed = _Printed(text, folded if folded != text else text)
    top = [(f.span.start, f.span.end) for f in furniture]
    header.paper, header.name = printed.within(header.paper, top), printed.within(header.name, top)
    header.editors = [(role, printed.within(name, top)) for role, name in header.editors]
    items = []
    for chain in chains:
        item = _item(chain, frags, succ, text, printed)
        _decide(item, [frags[i] for i in chain], chain, links, attached)
        items.append(item)
    items.sort(key=ParsedItem.first_offset)
    furniture.sort(key=lambda f: f.span.start)
    return ParsedPage(items=items, text=text, furniture=furniture, header=header)
