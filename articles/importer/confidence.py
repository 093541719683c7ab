"""How sure the parser is of each decision, and the short reasons editors see.

Every item gets a confidence in [0, 1]: the lowest of the decisions that made
it (which line is its headline, each join of text across a break, each credit
read).  A decision below :data:`LOW` comes with a warning saying what was
guessed; the command's summary counts those items and the import desk shows
them.  The figures are ordinal, not probabilities: 0.95 is a decision the
page's own conventions settle, 0.7 one made on shape alone, under 0.6 one an
editor should look at.
"""

from __future__ import annotations

from .structures import Join, ParsedItem

LOW = 0.6
SURE = 0.97

HEADLINE_BASIS = {
    # How the headline line was recognised → (confidence, warning or "").
    "furniture": (SURE, ""),
    "dateline": (0.9, ""),
    "shape": (0.7, "headline guessed from its shape alone (no byline, kicker or dateline next to it)"),
    "two-lines": (0.75, "two title lines read as one headline broken over two lines; the first may be a kicker"),
    "kicker": (0.8, "the shorter title line above the headline was read as its kicker"),
    "none": (0.4, "no headline found: this text is kept as a story of its own"),
}


def headline_confidence(basis: str) -> tuple[float, list[str]]:
    value, warning = HEADLINE_BASIS.get(basis, HEADLINE_BASIS["shape"])
    return value, [warning] if warning else []


def link_confidence(chosen: float, runner_up: float | None) -> tuple[float, list[str]]:
    """A join of a fragment left mid-sentence to the one resuming it, from the
    score of the chosen link and of the best other candidate (see
    :func:`.continuations.link_score`: about 1 to 10)."""
    value = min(SURE, 0.45 + chosen / 12)
    reasons = []
    if runner_up is not None:
        margin = chosen - runner_up
        if margin < 1.0:
            value = min(value, 0.5 + margin / 4)
            reasons.append("continuation chosen between two close candidates")
    if chosen < 3.0:
        reasons.append("weak evidence that the text runs on across the break")
    return round(max(0.05, value), 2), reasons


def attach_confidence(best: float, second: float) -> tuple[float, list[str]]:
    """A headline-less run of text given to the story it shares rare words with."""
    ratio = best / second if second else 3.0
    value = min(0.85, 0.4 + 0.15 * ratio)
    return round(value, 2), ["text with no headline attached to this story by shared vocabulary only"]


def join_across_pages(after: int, before: int, page: int, run_on: bool) -> Join:
    return Join("page", after, before, SURE, [] if run_on else ["joined at a paragraph end"], page)


def unjoined_warnings(item: ParsedItem, edition: bool) -> list[str]:
    """What an editor must know about a story whose other part is on another page."""
    where = "in this edition" if edition else "imported with it"
    out = []
    if item.continued_to is not None:
        out.append(f"continued on page {item.continued_to} (下转), which is not {where}: the rest is missing")
    if item.continued_from is not None:
        out.append(
            f"continues a story from page {item.continued_from} (上接), which is not {where}: its start is missing"
        )
    return out


UNJOINED = 0.5
_JUMP_WORDS = ("(下转)", "(上接)")


def mark_unjoined(item: ParsedItem, edition: bool) -> None:
    """Replace the item's decisions about jumps to other pages by what is true now."""
    item.decisions = [d for d in item.decisions if not any(w in r for r in d[1] for w in _JUMP_WORDS)]
    warnings = unjoined_warnings(item, edition)
    if warnings:
        item.decisions.append((UNJOINED, warnings))
    finish(item)


def finish(item: ParsedItem) -> None:
    """Set the item's confidence (its weakest decision) and warnings (the reasons of weak decisions)."""
    values = [v for v, _ in item.decisions] or [SURE]
    item.confidence = round(min(values), 2)
    item.warnings = []
    for value, reasons in item.decisions:
        if value < 0.8:
            item.warnings += [r for r in reasons if r not in item.warnings]
