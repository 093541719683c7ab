"""Reading a header: which line of a run of short lines is the headline, and what
a second title line under it is.  Pure functions over classified lines."""

from __future__ import annotations

from collections.abc import Callable

from .fragment_types import Fragment
from .pieces import Piece, Span
from .titles import first_of_three_title_lines_is_kicker, first_title_line_is_kicker, second_title_line


def header_core(run: list[Piece], dateline_next: bool) -> int | None:
    """Where the header proper starts in a run, or None if the run holds no header.

    The headline is the heading next to furniture (kicker, subtitle,
    byline) or, failing that, the last heading before a dateline.
    """

    def furniture(i: int) -> bool:
        p = run[i]
        if p.kind in ("bracket", "subtitle") or (p.kind == "byline" and not p.names_only):
            return True
        return p.kind == "byline" and i > 0 and run[i - 1].kind in ("heading", "subtitle", "bracket")

    headings = [i for i, p in enumerate(run) if p.kind == "heading"]
    if not headings:
        return None
    furn = [i for i in range(len(run)) if furniture(i)]
    if furn:
        before = [i for i in headings if i < furn[0]]
        h = before[-1] if before else headings[0]
    elif dateline_next:
        h = headings[-1]
    else:
        return None
    while h > 0 and run[h - 1].kind == "bracket":  # kicker above the headline
        h -= 1
    return h


def bare(run: list[Piece]) -> bool:
    return all(p.kind == "heading" for p in run)


def second_title(f: Fragment, p: Piece, span: Span) -> None:
    """A title line under another: one headline on two lines, or the first was a kicker."""
    prev, prev_span = f.headlines[-1]
    if second_title_line(prev, p.text) == "kicker":
        f.headlines.pop()
        f.kickers.append((prev, prev_span))
        f.headlines.append((p.text, span))
        f.basis = "kicker" if f.basis == "shape" else f.basis
    else:
        f.headlines.append((p.text, span))
        f.basis = "two-lines" if f.basis != "furniture" or len(prev) < len(p.text) + 2 else f.basis


def find_kicker(f: Fragment, body: Callable[[], str]) -> None:
    """Title lines with no kicker yet: was the first one a kicker (引题)?

    Of three, the first is a kicker over a two-line headline unless the
    first two split a word; of two read as one headline, the first was a
    kicker if only the second speaks of the story (``body``, its text).
    """
    if f.kickers:
        return
    if len(f.headlines) == 3 and first_of_three_title_lines_is_kicker(f.headlines[0][0], f.headlines[1][0]):
        _first_is_kicker(f)
    elif (
        len(f.headlines) == 2 and f.blocks and first_title_line_is_kicker(f.headlines[0][0], f.headlines[1][0], body())
    ):
        _first_is_kicker(f)


def _first_is_kicker(f: Fragment) -> None:
    f.kickers.append(f.headlines.pop(0))
    f.basis = "kicker" if f.basis in ("shape", "two-lines") else f.basis
