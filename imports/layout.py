"""What the preview shows: the source text cut into coloured segments, and
each story's parts with the source offsets the correction forms refer to.
Pure Python but for the labels' translations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from imports.corrections import item_start, on_this_page
from imports.edition import page_joins
from imports.parsed import confidence, warnings
from imports.parser_warnings import shown

# Items the parser is less sure of than this are flagged for the editor.
LOW_CONFIDENCE = 0.6
DISPLAY_KEYS = {
    "kicker": "kicker",
    "headline": "headline",
    "subtitle": "subtitle",
    "dateline": "dateline",
    "bylines": "byline",
}
ROLE_LABELS = {
    "kicker": _("Kicker"),
    "headline": _("Headline"),
    "subtitle": _("Subtitle"),
    "byline": _("Byline"),
    "dateline": _("Dateline"),
    "body": _("Body"),
    "subhead": _("Subhead"),
    "caption": _("Photo caption"),
    "furniture": _("Page furniture"),
}
# The text of a story continued here from another page, shown in the source only.
JOINED_LABEL = _("Continuation of a story on another page")


@dataclass
class Segment:
    text: str
    role: str = ""
    story: int | None = None


@dataclass
class Line:
    role: str
    text: str
    at: int
    page: int | None = None  # set when the line was printed on another page of the edition

    @property
    def label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@dataclass
class Paragraph:
    role: str
    text: str
    at: int
    lines: list[Line]
    page: int | None = None  # set when the paragraph begins on another page of the edition

    @property
    def runs_on_to(self) -> list[int]:
        """Other pages this page's paragraph runs on to (a sentence broken at 下转)."""
        return sorted({line.page for line in self.lines if line.page is not None and line.page != self.page})


@dataclass
class Story:
    number: int
    kind: str
    at: int
    headline: str
    display: list[Line]
    paragraphs: list[Paragraph]
    bylines: list[dict]
    confidence: float | None
    warnings: list[str]
    flagged: bool = False
    joins: list[PageJoin] = field(default_factory=list)


@dataclass
class PageJoin:
    """Text joined across pages: into a story from ``page``, or from this page into a story on ``page``."""

    page: int
    confidence: float | None
    reasons: list[str]
    headline: str = ""
    url: str = ""  # that page's preview, when it is in the same upload


@dataclass
class Layout:
    segments: list[Segment]
    stories: list[Story]
    joined_away: list[PageJoin] = field(default_factory=list)


def _block_role(item: dict, block: dict) -> str:
    if item.get("kind") == "photo":
        return "caption"
    return "subhead" if block.get("type") == "h" else "body"


def _line(role: str, span: dict, text: str, texts: dict[int, str]) -> Line:
    source = text if on_this_page(span) else texts.get(span["page"], "")
    return Line(role, source[span["start"] : span["end"]].strip(), span["start"], span.get("page"))


def _warnings(entry: dict) -> list[str]:
    return [shown(warning) for warning in warnings(entry)]


def _story(number: int, item: dict, text: str, texts: dict[int, str]) -> Story:
    display = []
    for key, role in DISPLAY_KEYS.items():
        for span in (item.get("spans") or {}).get(key, []):
            display.append(_line(role, span, text, texts))
    display.sort(key=lambda line: (line.page is not None, line.at))
    paragraphs = []
    for block in item.get("blocks", []):
        spans = block.get("spans") or []
        if not spans:
            continue
        role = _block_role(item, block)
        lines = [_line(role, s, text, texts) for s in spans]
        paragraphs.append(Paragraph(role, block.get("text", ""), spans[0]["start"], lines, spans[0].get("page")))
    score = confidence(item)
    found = _warnings(item)
    return Story(
        number=number,
        kind=item.get("kind", "story"),
        at=item_start(item),
        headline=item.get("headline", ""),
        display=display,
        paragraphs=paragraphs,
        bylines=list(item.get("bylines", [])),
        confidence=score,
        warnings=found,
        flagged=bool(found) or (score is not None and score < LOW_CONFIDENCE),
        joins=[PageJoin(j["page"], confidence(j), _warnings({"warnings": j.get("reasons")})) for j in page_joins(item)],
    )


def layout(document: dict, text: str, texts: dict[int, str] | None = None) -> Layout:
    """The preview of a (corrected) parse of ``text``; ``texts`` holds the other
    pages of the edition that stories here took text from (by page number)."""
    texts = texts or {}
    items = document.get("items", [])
    stories = [_story(n, item, text, texts) for n, item in enumerate(items, start=1)]
    spans: list[tuple[int, int, str, int | None]] = []
    for story, item in zip(stories, items):
        for key, role in DISPLAY_KEYS.items():
            found = (item.get("spans") or {}).get(key, [])
            spans += [(s["start"], s["end"], role, story.number) for s in found if on_this_page(s)]
        for block in item.get("blocks", []):
            role = _block_role(item, block)
            spans += [(s["start"], s["end"], role, story.number) for s in block.get("spans") or [] if on_this_page(s)]
    for span in document.get("furniture") or []:
        if isinstance(span, dict) and "start" in span:
            spans.append((span["start"], span["end"], "furniture", None))
    joined_away = []
    for entry in document.get("joined_away") or []:
        spans += [(s["start"], s["end"], "joined", None) for s in entry.get("spans") or []]
        reasons = _warnings({"warnings": entry.get("reasons")})
        joined_away.append(PageJoin(entry["page"], confidence(entry), reasons, entry.get("headline", "")))
    spans.sort()
    segments: list[Segment] = []
    position = 0
    for start, end, role, number in spans:
        if start < position:  # overlapping spans: show the rest of the later one
            start = position
        if start >= end:
            continue
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], role, number))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return Layout(segments, stories, joined_away)
