"""What the preview shows: the source text cut into coloured segments, and
each story's parts with the source offsets the correction forms refer to.
Pure Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from imports.corrections import item_start
from imports.parsed import confidence, warnings

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
    "kicker": "引题",
    "headline": "标题",
    "subtitle": "副题",
    "byline": "署名",
    "dateline": "电头",
    "body": "正文",
    "subhead": "小标题",
    "caption": "图片说明",
    "furniture": "版面杂项",
}


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

    @property
    def label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@dataclass
class Paragraph:
    role: str
    text: str
    at: int
    lines: list[Line]


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


@dataclass
class Layout:
    segments: list[Segment]
    stories: list[Story]
    page_warnings: list[str] = field(default_factory=list)


def _block_role(item: dict, block: dict) -> str:
    if item.get("kind") == "photo":
        return "caption"
    return "subhead" if block.get("type") == "h" else "body"


def _story(number: int, item: dict, text: str) -> Story:
    display = []
    for key, role in DISPLAY_KEYS.items():
        for span in (item.get("spans") or {}).get(key, []):
            display.append(Line(role, text[span["start"] : span["end"]].strip(), span["start"]))
    display.sort(key=lambda line: line.at)
    paragraphs = []
    for block in item.get("blocks", []):
        spans = block.get("spans") or []
        if not spans:
            continue
        role = _block_role(item, block)
        lines = [Line(role, text[s["start"] : s["end"]].strip(), s["start"]) for s in spans]
        paragraphs.append(Paragraph(role, block.get("text", ""), spans[0]["start"], lines))
    score = confidence(item)
    found = warnings(item)
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
    )


def _join_warnings(document: dict) -> list[str]:
    messages = []
    for join in document.get("joins") or []:
        if not isinstance(join, dict):
            continue
        score = confidence(join)
        found = warnings(join)
        if found or (score is not None and score < LOW_CONFIDENCE):
            where = join.get("from_headline") or join.get("from") or ""
            detail = "；".join(found) or f"把握 {score:.2f}"
            messages.append(f"接续 {where}：{detail}" if where else f"接续：{detail}")
    return messages


def layout(document: dict, text: str) -> Layout:
    """The preview of a (corrected) parse of ``text``."""
    items = document.get("items", [])
    stories = [_story(n, item, text) for n, item in enumerate(items, start=1)]
    spans: list[tuple[int, int, str, int | None]] = []
    for story, item in zip(stories, items):
        for key, role in DISPLAY_KEYS.items():
            spans += [(s["start"], s["end"], role, story.number) for s in (item.get("spans") or {}).get(key, [])]
        for block in item.get("blocks", []):
            role = _block_role(item, block)
            spans += [(s["start"], s["end"], role, story.number) for s in block.get("spans") or []]
    for span in document.get("furniture") or []:
        if isinstance(span, dict) and "start" in span:
            spans.append((span["start"], span["end"], "furniture", None))
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
    return Layout(segments, stories, _join_warnings(document))
