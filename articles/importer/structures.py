"""Result types of the print-page parser.

Offsets in every :class:`SourceSpan` are Python slice indices into the exact
string handed to :func:`articles.importer.parse.parse_page` (also kept as
``ParsedPage.text``): line endings and a leading BOM are *not* rewritten in
that string, the parser only skips over them, so ``page.text[s.start:s.end]``
always shows what was printed there.
"""
from __future__ import annotations

from dataclasses import dataclass, field

BYLINE_ROLES = ("author", "reporter", "correspondent", "photographer", "editor", "credit")
SPAN_KEYS = ("kicker", "headline", "subtitle", "dateline", "bylines")


@dataclass(frozen=True)
class SourceSpan:
    start: int
    end: int


@dataclass
class Byline:
    name: str
    role: str


@dataclass
class Block:
    type: str  # "p" paragraph or "h" subhead
    text: str
    spans: list[SourceSpan] = field(default_factory=list)


@dataclass
class ParsedItem:
    kind: str  # "story" or "photo"
    kicker: str = ""
    headline: str = ""
    subtitle: str = ""
    dateline: str = ""
    bylines: list[Byline] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    spans: dict[str, list[SourceSpan]] = field(
        default_factory=lambda: {key: [] for key in SPAN_KEYS}
    )

    def body_text(self) -> str:
        """The story body as plain text, one blank line between blocks."""
        return "\n\n".join(block.text for block in self.blocks)

    def first_offset(self) -> int:
        """Where the item's earliest piece of text stood (for reading order)."""
        starts = [s.start for spans in self.spans.values() for s in spans]
        starts += [s.start for block in self.blocks for s in block.spans]
        return min(starts) if starts else 0


@dataclass
class ParsedPage:
    items: list[ParsedItem]
    text: str


class PageParseError(ValueError):
    """The input is not a page at all (empty, or whitespace only)."""
