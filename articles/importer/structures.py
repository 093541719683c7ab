"""Result types of the print-page parser.

Offsets in every :class:`SourceSpan` are Python slice indices into the exact
string handed to :func:`articles.importer.parse.parse_page` (also kept as
``ParsedPage.text``): line endings and a leading BOM are *not* rewritten in
that string, the parser only skips over them, so ``page.text[s.start:s.end]``
always shows what was printed there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

BYLINE_ROLES = ("author", "reporter", "correspondent", "photographer", "editor", "credit")
SPAN_KEYS = ("kicker", "headline", "subtitle", "dateline", "bylines")


@dataclass(frozen=True)
class SourceSpan:
    """``text[start:end]`` of the page the item is on; ``page`` is set only on the
    spans of a continuation joined from another page of an edition (that page's number)."""

    start: int
    end: int
    page: int | None = None


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
class Join:
    """Where a story's text was joined across a break: a column end, another place
    on the page or another page.  ``after`` is the end of the text before the
    break, ``before`` the start of the text that resumes it (page offsets; on
    another page, offsets into that page's text, whose number is ``page``)."""

    kind: str  # "paragraph" (a line run on), "fragment" (elsewhere on the page), "page"
    after: int
    before: int
    confidence: float
    reasons: list[str] = field(default_factory=list)
    page: int | None = None


@dataclass
class ParsedItem:
    """One story or photo.  ``confidence`` (0…1) is the parser's certainty in the
    item as a whole (the lowest of its decisions); ``warnings`` say in a short
    sentence each what was guessed.  ``continued_to``/``continued_from`` are the
    page numbers a printed jump mark names (下转第二版 / 上接第一版)."""

    kind: str  # "story" or "photo"
    kicker: str = ""
    headline: str = ""
    subtitle: str = ""
    dateline: str = ""
    bylines: list[Byline] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    spans: dict[str, list[SourceSpan]] = field(default_factory=lambda: {key: [] for key in SPAN_KEYS})
    confidence: float = 1.0
    warnings: list[str] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    continued_to: int | None = None
    continued_from: int | None = None
    # Each decision behind the item as (confidence, reasons); ``confidence`` is their minimum.
    decisions: list[tuple[float, list[str]]] = field(default_factory=list, repr=False, compare=False)

    def body_text(self) -> str:
        """The story body as plain text, one blank line between blocks."""
        return "\n\n".join(block.text for block in self.blocks)

    def first_offset(self) -> int:
        """Where the item's earliest piece of text stood (for reading order)."""
        starts = [s.start for spans in self.spans.values() for s in spans]
        starts += [s.start for block in self.blocks for s in block.spans]
        return min(starts) if starts else 0


@dataclass(frozen=True)
class FurnitureLine:
    """A printed line that belongs to no story: ``kind`` is "header" (date, 第X版,
    责任编辑…), "masthead", "advert" or "jump" (下转第二版 / 上接第一版)."""

    kind: str
    span: SourceSpan


@dataclass
class PageHeader:
    """What the page header and masthead say (None / empty when not printed)."""

    date: dt.date | None = None
    number: int | None = None
    name: str = ""
    paper: str = ""
    editors: list[tuple[str, str]] = field(default_factory=list)  # (role word, name): ("责任编辑", "张三")
    # Why a date the header prints was not taken (an OCR misread such as 0022年), else "".
    date_error: str = ""


@dataclass
class ParsedPage:
    items: list[ParsedItem]
    text: str
    furniture: list[FurnitureLine] = field(default_factory=list)
    header: PageHeader = field(default_factory=PageHeader)

    def line_roles(self) -> list[tuple[int, int, str, int | None]]:
        """Every printed span with its role and the index of its item (None for furniture),
        in page order: roles are the span keys ("kicker", "headline", …, "bylines"),
        "p"/"h" for body blocks, "caption" for a photo's text, or a furniture kind."""
        out = [(f.span.start, f.span.end, f.kind, None) for f in self.furniture]
        for k, item in enumerate(self.items):
            out += [(s.start, s.end, key, k) for key, spans in item.spans.items() for s in spans]
            role = {"p": "caption"} if item.kind == "photo" else {}
            out += [(s.start, s.end, role.get(b.type, b.type), k) for b in item.blocks for s in b.spans]
        return sorted(out)


class PageParseError(ValueError):
    """The input is not a page at all (empty, or whitespace only)."""
