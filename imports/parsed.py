"""A parsed page as plain JSON and back: pure Python, no Django.

The desk stores each page's parse as JSON (so the preview needs no re-parse)
and corrects it in that form. Fields the parser may add (``confidence``,
``warnings`` of items and joins, page furniture) are kept in the JSON as they
come and read defensively: the preview shows them when present.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from articles.importer.parse import Block, Byline, ParsedItem, ParsedPage, SourceSpan
from articles.importer.structures import FurnitureLine, Join, PageHeader

_ITEM_TEXT_FIELDS = ("kind", "kicker", "headline", "subtitle", "dateline")


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def page_to_json(page: ParsedPage) -> dict:
    """Every field of the page and its items; the text itself is stored elsewhere."""
    document = _plain(page)
    document.pop("text", None)
    return document


def _span(value) -> SourceSpan:
    if isinstance(value, dict):
        return SourceSpan(int(value["start"]), int(value["end"]), value.get("page"))
    return SourceSpan(int(value[0]), int(value[1]), value[2] if len(value) > 2 else None)


def _join(data: dict) -> Join:
    return Join(
        kind=data["kind"],
        after=int(data["after"]),
        before=int(data["before"]),
        confidence=float(data["confidence"]),
        reasons=list(data.get("reasons") or []),
        page=data.get("page"),
    )


def item_from_json(data: dict) -> ParsedItem:
    """The parser's item from its JSON, with the fields saving needs."""
    item = ParsedItem(**{name: data.get(name, "") for name in _ITEM_TEXT_FIELDS})
    item.bylines = [Byline(b["name"], b["role"]) for b in data.get("bylines", [])]
    item.blocks = [Block(b["type"], b["text"], [_span(s) for s in b.get("spans", [])]) for b in data.get("blocks", [])]
    spans = data.get("spans") or {}
    item.spans = {key: [_span(s) for s in spans.get(key, [])] for key in item.spans}
    item.confidence = float(data.get("confidence", 1.0))
    item.warnings = [w for w in data.get("warnings") or [] if isinstance(w, str)]
    item.joins = [_join(j) for j in data.get("joins") or [] if isinstance(j, dict)]
    item.continued_to, item.continued_from = data.get("continued_to"), data.get("continued_from")
    return item


def _header(data: dict) -> PageHeader:
    return PageHeader(
        date=dt.date.fromisoformat(data["date"]) if data.get("date") else None,
        number=data.get("number"),
        name=data.get("name", ""),
        paper=data.get("paper", ""),
        editors=[tuple(pair) for pair in data.get("editors") or []],
    )


def page_from_json(document: dict, text: str) -> ParsedPage:
    """The parse back from its JSON: items with their confidence, warnings and
    joins, the page's furniture and what its header says."""
    return ParsedPage(
        items=[item_from_json(item) for item in document.get("items", [])],
        text=text,
        furniture=[FurnitureLine(f["kind"], _span(f["span"])) for f in document.get("furniture") or []],
        header=_header(document.get("header") or {}),
    )


def confidence(item: dict) -> float | None:
    value = item.get("confidence")
    return float(value) if isinstance(value, (int, float)) else None


def warnings(entry: dict) -> list[str]:
    """The parser's warnings for an item or a join, as sentences."""
    found = entry.get("warnings") or []
    if isinstance(found, str):
        return [found]
    messages = []
    for warning in found:
        if isinstance(warning, dict):
            messages.append(str(warning.get("message") or warning.get("reason") or warning.get("code") or warning))
        else:
            messages.append(str(warning))
    return messages
