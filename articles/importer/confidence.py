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
from .translatable import gettext_noop

LOW = 0.6
SURE = 0.97

HEADLINE_BASIS = {
    # How the headline line was recognised → (confidence, warning or "").
    "furniture": (SURE, ""),
    "dateline": (0.9, ""),
    "shape": (0.7, gettext_noop("headline guessed from its shape alone (no byline, kicker or dateline next to it)")),
    "two-lines": (
        0.75,
        gettext_noop("two title lines read as one headline broken over two lines; the first may be a kicker"),
    ),
    "kicker": (0.8, gettext_noop("the shorter title line above the headline was read as its kicker")),
    "none": (0.4, gettext_noop("no headline found: this text is kept as a story of its own")),
}
# The reasons of the other decisions. The desk translates them where it shows
# them, matching a stored warning against these (``{page}`` is a page number).
CLOSE_CANDIDATES = gettext_noop("continuation chosen between two close candidates")
WEAK_RUN_ON = gettext_noop("weak evidence that the text runs on across the break")
ATTACHED_BY_VOCABULARY = gettext_noop("text with no headline attached to this story by shared vocabulary only")
ACROSS_A_COLUMN = gettext_noop("paragraph joined across a column break on a short line")
AT_A_PARAGRAPH_END = gettext_noop("joined at a paragraph end")
# (the rest is missing, the start is missing) when the other page is not in the
# edition given, and when the page was imported alone
UNJOINED_IN_EDITION = (
    gettext_noop("continued on page {page} (下转), which is not in this edition: the rest is missing"),
    gettext_noop("continues a story from page {page} (上接), which is not in this edition: its start is missing"),
)
UNJOINED_ALONE = (
    gettext_noop("continued on page {page} (下转), which is not imported with it: the rest is missing"),
    gettext_noop("continues a story from page {page} (上接), which is not imported with it: its start is missing"),
)
WARNINGS = (
    *(warning for _, warning in HEADLINE_BASIS.values() if warning),
    CLOSE_CANDIDATES,
    WEAK_RUN_ON,
    ATTACHED_BY_VOCABULARY,
    ACROSS_A_COLUMN,
    AT_A_PARAGRAPH_END,
    *UNJOINED_IN_EDITION,
    *UNJOINED_ALONE,
)


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
            reasons.append(CLOSE_CANDIDATES)
    if chosen < 3.0:
        reasons.append(WEAK_RUN_ON)
    return round(max(0.05, value), 2), reasons


def attach_confidence(best: float, second: float) -> tuple[float, list[str]]:
    """A headline-less run of text given to the story it shares rare words with."""
    ratio = best / second if second else 3.0
    value = min(0.85, 0.4 + 0.15 * ratio)
    return round(value, 2), [ATTACHED_BY_VOCABULARY]


def join_across_pages(after: int, before: int, page: int, run_on: bool) -> Join:
    return Join("page", after, before, SURE, [] if run_on else [AT_A_PARAGRAPH_END], page)


def unjoined_warnings(item: ParsedItem, edition: bool) -> list[str]:
    """What an editor must know about a story whose other part is on another page."""
    rest_missing, start_missing = UNJOINED_IN_EDITION if edition else UNJOINED_ALONE
    out = []
    if item.continued_to is not None:
        out.append(rest_missing.format(page=item.continued_to))
    if item.continued_from is not None:
        out.append(start_missing.format(page=item.continued_from))
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
