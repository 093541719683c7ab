"""Several pages of one edition parsed together, stories joined across pages.

Each page is parsed alone (:func:`.parse.parse_page`); then the pages are put
in print order (the number in the page header, else the number in the file
name, else the file name) and every story left at a jump mark (下转第二版) is
joined to the text that picks it up on the page named (上接第一版).  A joined
story stays on the page where it starts; its continuation leaves the page it
was printed on.  Blocks that come from another page carry that page's number
in their spans (``SourceSpan.page``), so every span can still be shown on the
text it came from.

Pure Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import permutations

from .confidence import join_across_pages, mark_unjoined
from .continuations import shared_vocabulary
from .lines import is_closed
from .parse import parse_page
from .seams import continuation_evidence
from .structures import Block, FurnitureLine, PageHeader, ParsedItem, ParsedPage, SourceSpan


class EditionError(ValueError):
    """The files do not make one edition (two files claim the same page). The
    message is English, for the command; ``names`` and ``page`` say which files
    print which page number, when that is the reason, for the desk to say in
    its own words."""

    def __init__(self, message: str, names: list[str] | None = None, page: int | None = None):
        super().__init__(message)
        self.names, self.page = names or [], page


@dataclass(frozen=True)
class EditionFile:
    name: str
    text: str


@dataclass
class EditionPage:
    number: int
    name: str
    page: ParsedPage
    numbered_by: str  # "header", "file name" or "file order"


@dataclass
class ParsedEdition:
    pages: list[EditionPage] = field(default_factory=list)

    def articles(self) -> list[tuple[int, ParsedItem]]:
        """Every item of the edition with the number of the page where it starts, in print order."""
        return [(p.number, item) for p in self.pages for item in p.page.items]


def number_in_name(name: str) -> int | None:
    """``page-03.txt`` → 3, ``A12.txt`` → 12, ``2022-11-21-4.txt`` → 4 (the last number)."""
    stem = re.sub(r"\.[^.]*$", "", name.rsplit("/", 1)[-1])
    found = re.findall(r"\d+", stem)
    return int(found[-1]) if found else None


def refuse_repeated_pages(names: list[str], pages: list[ParsedPage]) -> None:
    """Two files of one edition printing the same page number are one page
    given twice (or a misnumbered one): numbering them in order would save
    every story twice, on a page it was not printed on."""
    headers = [p.header.number for p in pages]
    for n in sorted({n for n in headers if n and headers.count(n) > 1}):
        same = [name for name, h in zip(names, headers) if h == n]
        raise EditionError(f"{' and '.join(same)} are the same page: each prints page {n} in its header", same, n)


def page_numbers(names: list[str], pages: list[ParsedPage]) -> tuple[list[int], str]:
    """Page numbers from the headers if every page prints a distinct one, else from the file names."""
    headers = [p.header.number for p in pages]
    if all(headers) and len(set(headers)) == len(headers):
        return headers, "header"
    refuse_repeated_pages(names, pages)
    from_names = [number_in_name(n) for n in names]
    if all(from_names) and len(set(from_names)) == len(from_names):
        return from_names, "file name"
    order = sorted(range(len(names)), key=lambda k: names[k])
    numbers = [0] * len(names)
    for rank, k in enumerate(order, start=1):
        numbers[k] = rank
    return numbers, "file order"


def _merge(start: ParsedItem, cont: ParsedItem, page_no: int) -> None:
    """Append the continuation printed on page ``page_no`` to the story it continues."""

    def moved(spans):
        return [SourceSpan(s.start, s.end, page_no) for s in spans]

    blocks = [Block(b.type, b.text, moved(b.spans)) for b in cont.blocks]
    last = start.blocks[-1] if start.blocks else None
    run_on = last is not None and last.type == "p" and blocks and blocks[0].type == "p" and not is_closed(last.text)
    after = last.spans[-1].end if last and last.spans else 0
    before = blocks[0].spans[0].start if blocks and blocks[0].spans else 0
    if run_on:
        first = blocks.pop(0)
        start.blocks[-1] = Block("p", last.text + first.text, last.spans + first.spans)
    start.blocks += blocks
    start.bylines += cont.bylines
    if cont.dateline:
        start.dateline = " ".join(filter(None, [start.dateline, cont.dateline]))
    for key, spans in cont.spans.items():
        start.spans[key] = start.spans.get(key, []) + moved(spans)
    join = join_across_pages(after, before, page_no, run_on)
    start.joins += cont.joins + [join]
    start.continued_to = cont.continued_to
    start.decisions += cont.decisions + [(join.confidence, join.reasons)]


def _text(item: ParsedItem) -> str:
    return "".join(b.text for b in item.blocks)


def _pair_score(start: ParsedItem, cont: ParsedItem) -> float:
    """How well ``cont`` picks up where ``start`` jumped: the seam across the
    jump (a sentence or word broken there), the rare vocabulary they share,
    and the headline repeated over the continuation, if it is."""
    end, resume = _text(start), _text(cont)
    seam = continuation_evidence(end, resume) if end and resume and not is_closed(end) else 0.0
    repeated = 10.0 * shared_vocabulary(start.headline, cont.headline) if cont.headline else 0.0
    return min(seam, 12.0) + 10.0 * shared_vocabulary(end, resume) + repeated


def pair_jumps(starts: list[ParsedItem], conts: list[ParsedItem]) -> list[tuple[ParsedItem, ParsedItem]]:
    """Which continuation goes with which story when several jump between the same two pages.

    Each pairing is scored by how the text runs across the jump and the
    vocabulary the two parts share; the best one-to-one assignment wins, and
    with nothing to tell them apart the n-th story that jumps goes with the
    n-th continuation, the order pages are laid out in.
    """
    if len(starts) == 1 or len(conts) == 1:
        return list(zip(starts, conts))
    n = min(len(starts), len(conts))
    score = [[_pair_score(s, c) for c in conts] for s in starts]
    if len(starts) > 7 or len(conts) > 7:  # more than any page prints: keep print order
        return list(zip(starts, conts))
    best, best_total = None, None
    for chosen in permutations(range(len(conts)), n):
        total = sum(score[k][c] for k, c in enumerate(chosen)) + 1e-3 * sum(k == c for k, c in enumerate(chosen))
        if best_total is None or total > best_total:
            best, best_total = chosen, total
    return [(starts[k], conts[c]) for k, c in enumerate(best)]


def join_pages(pages: list[EditionPage]) -> None:
    """Join every continuation (上接第N版) to the story that jumps to its page (下转)."""
    items = [item for p in pages for item in p.page.items]
    last_page = {id(item): p.number for p in pages for item in p.page.items}
    for page in pages:
        conts = [i for i in page.page.items if i.continued_from is not None]
        for source in dict.fromkeys(c.continued_from for c in conts):
            # The stories whose last printed part, on the page named, jumps to this page.
            starts = [
                i for i in items if i.continued_to == page.number and last_page[id(i)] == source and i not in conts
            ]
            mine = [c for c in conts if c.continued_from == source]
            for start, cont in pair_jumps(starts, mine):
                # A headline printed again over the continuation is part of the jump, like its mark.
                for key in ("kicker", "headline", "subtitle"):
                    page.page.furniture += [FurnitureLine("jump", span) for span in cont.spans.get(key, [])]
                    cont.spans[key] = []
                page.page.furniture.sort(key=lambda f: f.span.start)
                _merge(start, cont, page.number)
                last_page[id(start)] = page.number
                page.page.items.remove(cont)
                items.remove(cont)
    for page in pages:
        for item in page.page.items:
            mark_unjoined(item, edition=True)


def editions_of(names: list[str], headers: list[PageHeader]) -> list[list[int]]:
    """Pages given together, grouped into the editions their headers print (date, then paper).

    A paper's name printed on some pages only (page 1's masthead) does not
    split an edition; two papers of one date do.  Pages whose headers print
    no date go with the one dated edition, or make one edition if none is
    dated.  Returns indexes into ``names``, each group in the order given.
    Raises :class:`EditionError` when a page could belong to several editions.
    """
    by_date: dict = {}
    undated: list[int] = []
    for k, header in enumerate(headers):
        (by_date.setdefault(header.date, []) if header.date else undated).append(k)
    groups: list[list[int]] = []
    for date, pages in by_date.items():
        papers = sorted({headers[k].paper for k in pages} - {""})
        unnamed = [names[k] for k in pages if not headers[k].paper]
        if len(papers) > 1 and unnamed:
            raise EditionError(
                f"{', '.join(unnamed)}: no paper named in the page header, and the other pages of {date:%Y-%m-%d} "
                f"are of {' and '.join(papers)}; import each paper's edition on its own"
            )
        groups += [[k for k in pages if headers[k].paper == paper] for paper in papers] if len(papers) > 1 else [pages]
    if undated and len(groups) > 1:
        dates = "; ".join(f"{', '.join(names[k] for k in g)} ({headers[g[0]].date:%Y-%m-%d})" for g in groups)
        raise EditionError(
            f"{', '.join(names[k] for k in undated)}: no date in the page header, and the other files are of "
            f"several editions ({dates}); import each edition on its own, or give --date"
        )
    if undated:
        groups = [sorted((groups[0] if groups else []) + undated)]
    return groups


def parse_edition(files: list[EditionFile]) -> ParsedEdition:
    """Parse the pages of one edition, in print order, with continuations joined."""
    parsed = [parse_page(f.text) for f in files]
    numbers, how = page_numbers([f.name for f in files], parsed)
    if len(set(numbers)) != len(numbers):
        raise EditionError("two files are the same page: " + ", ".join(f.name for f in files))
    pages = sorted((EditionPage(n, f.name, p, how) for n, f, p in zip(numbers, files, parsed)), key=lambda p: p.number)
    join_pages(pages)
    return ParsedEdition(pages=pages)
