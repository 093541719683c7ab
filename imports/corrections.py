"""An editor's corrections to a parsed page, as a list of operations replayed
on the parser's output: pure Python, no Django.

Operations name the text they act on by where it stands in the page's source
(``{"at": offset, "text": the first characters there}``), not by story
numbers, so they stay meaningful after earlier operations moved things and
after the page is imported again. When the page's text changed so that an
operation's text is no longer at its offset, it is looked for elsewhere in the
page; an operation whose text is gone is skipped and reported.

Operations:

- ``move``: ``{"op": "move", "block": ref, "to": ref | None}``: a paragraph to
  the story holding ``to``, or to a story of its own;
- ``merge``: ``{"op": "merge", "into": ref, "from": ref}``;
- ``split``: ``{"op": "split", "block": ref}``: a new story from that paragraph on;
- ``role``: ``{"op": "role", "line": ref, "role": one of LINE_ROLES}``;
- ``byline``: ``{"op": "byline", "item": ref, "index": n, "name": ..., "role": ...}``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from articles.importer.translatable import gettext_noop, worded

DISPLAY_ROLES = ("kicker", "headline", "subtitle", "dateline")
LINE_ROLES = ("kicker", "headline", "subtitle", "byline", "dateline", "body", "subhead", "furniture")
BYLINE_ROLES = ("author", "reporter", "correspondent", "photographer", "editor", "credit")
SNIPPET_CHARS = 12


# Why an operation cannot be applied: code → English wording, translated where
# the desk shows it (``CorrectionError.worded``).
WORDINGS = {
    "no-story-at": gettext_noop("no story holds the text at character {offset}"),
    "no-paragraph-at": gettext_noop("no paragraph at character {offset}"),
    "no-line-at": gettext_noop("no line at character {offset}"),
    "paragraph-gone": gettext_noop("the paragraph is no longer on the page"),
    "move-target-gone": gettext_noop("the story to move to is no longer on the page"),
    "merged-story-gone": gettext_noop("a story to merge is no longer on the page"),
    "line-gone": gettext_noop("the line is no longer on the page"),
    "story-gone": gettext_noop("the story is no longer on the page"),
    "no-such-byline": gettext_noop("no such byline"),
    "unknown-role": gettext_noop("unknown role {role!r}"),
    "unknown-byline-role": gettext_noop("unknown byline role {role!r}"),
    "unknown-operation": gettext_noop("unknown operation {kind!r}"),
    "missing-field": gettext_noop("the form sent no {name}"),
    "malformed": gettext_noop("the stored correction cannot be read ({error})"),
}


class CorrectionError(ValueError):
    """An operation that cannot be applied to this page: a code of
    :data:`WORDINGS` and its parameters; the message is the English wording."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(worded(WORDINGS, code, params))

    def worded(self, translate) -> str:
        return worded(WORDINGS, self.code, self.params, translate)


def ref(text: str, start: int) -> dict:
    """How an operation names the text that starts at ``start``."""
    return {"at": start, "text": text[start : start + SNIPPET_CHARS]}


def _locate(text: str, where: dict | None) -> int | None:
    if not where:
        return None
    at, snippet = int(where.get("at", -1)), where.get("text", "")
    if snippet and text[at : at + len(snippet)] == snippet:
        return at
    if snippet:
        found = text.find(snippet)
        return found if found >= 0 else None
    return at if 0 <= at < len(text) else None


def _spans_of(item: dict) -> Iterable[tuple[str, dict]]:
    for key, spans in (item.get("spans") or {}).items():
        for span in spans:
            yield key, span
    for block in item.get("blocks", []):
        for span in block.get("spans", []):
            yield "block", span


def on_this_page(span: dict) -> bool:
    """Spans of a continuation joined from another page carry that page's
    number; offsets in them are into that page's text, not this one's."""
    return span.get("page") is None


def _contains(span: dict, offset: int) -> bool:
    return on_this_page(span) and span["start"] <= offset < max(span["end"], span["start"] + 1)


def _item_at(items: list[dict], offset: int) -> int:
    for index, item in enumerate(items):
        if any(_contains(span, offset) for _, span in _spans_of(item)):
            return index
    raise CorrectionError("no-story-at", offset=offset)


def _block_at(item: dict, offset: int) -> int:
    for index, block in enumerate(item.get("blocks", [])):
        if any(_contains(span, offset) for span in block.get("spans", [])):
            return index
    raise CorrectionError("no-paragraph-at", offset=offset)


def item_start(item: dict) -> int:
    starts = [span["start"] for _, span in _spans_of(item) if on_this_page(span)]
    return min(starts) if starts else 0


def _is_empty(item: dict) -> bool:
    return not any(True for _ in _spans_of(item))


def _new_item(kind: str = "story") -> dict:
    return {
        "kind": kind,
        "kicker": "",
        "headline": "",
        "subtitle": "",
        "dateline": "",
        "bylines": [],
        "blocks": [],
        "spans": {"kicker": [], "headline": [], "subtitle": [], "dateline": [], "bylines": []},
    }


def _block_start(block: dict) -> tuple[int, int]:
    # Paragraphs joined from another page stay after this page's, in their order.
    starts = [span["start"] for span in block.get("spans", []) if on_this_page(span)]
    return (0, min(starts)) if starts else (1, 0)


def _sort_blocks(item: dict) -> None:
    item["blocks"].sort(key=_block_start)


def _refresh_field(item: dict, key: str, text: str) -> None:
    spans = sorted(item["spans"].get(key, []), key=lambda s: (not on_this_page(s), s["start"]))
    item["spans"][key] = spans
    item[key] = " ".join(text[s["start"] : s["end"]].strip() for s in spans if on_this_page(s))


def _move(items: list[dict], op: dict, text: str) -> None:
    offset = _locate(text, op.get("block"))
    if offset is None:
        raise CorrectionError("paragraph-gone")
    source = _item_at(items, offset)
    block = items[source]["blocks"].pop(_block_at(items[source], offset))
    target_offset = _locate(text, op.get("to"))
    if op.get("to") and target_offset is None:
        raise CorrectionError("move-target-gone")
    if target_offset is None:
        target = _new_item("story")
        items.append(target)
    else:
        target = items[_item_at(items, target_offset)]
    target["blocks"].append(block)
    _sort_blocks(target)


def _merge(items: list[dict], op: dict, text: str) -> None:
    into_offset, from_offset = _locate(text, op.get("into")), _locate(text, op.get("from"))
    if into_offset is None or from_offset is None:
        raise CorrectionError("merged-story-gone")
    into, other = _item_at(items, into_offset), _item_at(items, from_offset)
    if into == other:
        return
    target, source = items[into], items.pop(other)
    for key in DISPLAY_ROLES:
        spans = source["spans"].get(key, [])
        if not spans:
            continue
        if target["spans"].get(key):
            # The target keeps its own headline; the other one's becomes a subhead, so no text is lost.
            target["blocks"] += [
                {"type": "h", "text": text[s["start"] : s["end"]].strip(), "spans": [s]} for s in spans
            ]
        else:
            target["spans"][key] = list(spans)
            _refresh_field(target, key, text)
    target["spans"]["bylines"] = target["spans"].get("bylines", []) + source["spans"].get("bylines", [])
    seen = {(b["name"], b["role"]) for b in target["bylines"]}
    target["bylines"] += [b for b in source["bylines"] if (b["name"], b["role"]) not in seen]
    target["blocks"] += source["blocks"]
    _sort_blocks(target)


def _split(items: list[dict], op: dict, text: str) -> None:
    offset = _locate(text, op.get("block"))
    if offset is None:
        raise CorrectionError("paragraph-gone")
    index = _item_at(items, offset)
    item = items[index]
    at = _block_at(item, offset)
    if at == 0:
        return
    new = _new_item(item.get("kind", "story"))
    new["blocks"], item["blocks"] = item["blocks"][at:], item["blocks"][:at]
    items.insert(index + 1, new)


def _take_line(items: list[dict], offset: int, text: str, furniture: list[dict]) -> tuple[int | None, dict]:
    """Remove the line at ``offset`` from wherever it is; return its item's index and the span."""
    for number, span in enumerate(furniture):
        if _contains(span, offset):
            return None, furniture.pop(number)
    index = _item_at(items, offset)
    item = items[index]
    for key, spans in item["spans"].items():
        for number, span in enumerate(spans):
            if _contains(span, offset):
                spans.pop(number)
                if key == "bylines":
                    name = text[span["start"] : span["end"]].strip()
                    item["bylines"] = [b for b in item["bylines"] if b["name"] not in name]
                else:
                    _refresh_field(item, key, text)
                return index, span
    block_index = _block_at(item, offset)
    block = item["blocks"][block_index]
    for number, span in enumerate(block["spans"]):
        if _contains(span, offset):
            block["spans"].pop(number)
            if block["spans"] and all(on_this_page(s) for s in block["spans"]):
                block["text"] = "".join(text[s["start"] : s["end"]] for s in block["spans"])
            elif block["spans"]:  # the rest of the paragraph is on another page
                block["text"] = block["text"].replace(text[span["start"] : span["end"]], "", 1)
            else:
                item["blocks"].pop(block_index)
            return index, span
    raise CorrectionError("no-line-at", offset=offset)


def _role(items: list[dict], op: dict, text: str, document: dict) -> None:
    role = op.get("role")
    if role not in LINE_ROLES:
        raise CorrectionError("unknown-role", role=role)
    offset = _locate(text, op.get("line"))
    if offset is None:
        raise CorrectionError("line-gone")
    furniture = document.setdefault("furniture", [])
    index, span = _take_line(items, offset, text, furniture)
    if role == "furniture":
        furniture.append(span)
        return
    if index is None:
        # Furniture put back into the story that holds the nearest text before it.
        before = [i for i, item in enumerate(items) if item_start(item) <= span["start"]]
        index = before[-1] if before else 0
        if not items:
            items.append(_new_item())
    item = items[index]
    line = text[span["start"] : span["end"]].strip()
    if role in DISPLAY_ROLES:
        item["spans"].setdefault(role, []).append(span)
        _refresh_field(item, role, text)
    elif role == "byline":
        item["spans"].setdefault("bylines", []).append(span)
        item["bylines"].append({"name": line, "role": "author"})
    else:
        item["blocks"].append(
            {"type": "h" if role == "subhead" else "p", "text": text[span["start"] : span["end"]], "spans": [span]}
        )
        _sort_blocks(item)


def _byline(items: list[dict], op: dict, text: str) -> None:
    offset = _locate(text, op.get("item"))
    if offset is None:
        raise CorrectionError("story-gone")
    item = items[_item_at(items, offset)]
    index = int(op.get("index", -1))
    name, role = str(op.get("name", "")).strip(), op.get("role")
    if role not in BYLINE_ROLES:
        raise CorrectionError("unknown-byline-role", role=role)
    if not 0 <= index < len(item["bylines"]):
        raise CorrectionError("no-such-byline")
    if not name:
        item["bylines"].pop(index)
    else:
        item["bylines"][index] = {"name": name[:60], "role": role}


def apply_one(document: dict, op: dict, text: str) -> None:
    items = document["items"]
    kind = op.get("op")
    if kind == "move":
        _move(items, op, text)
    elif kind == "merge":
        _merge(items, op, text)
    elif kind == "split":
        _split(items, op, text)
    elif kind == "role":
        _role(items, op, text, document)
    elif kind == "byline":
        _byline(items, op, text)
    else:
        raise CorrectionError("unknown-operation", kind=kind)
    items[:] = [item for item in items if not _is_empty(item)]
    items.sort(key=item_start)


def apply(document: dict, operations: list[dict], text: str) -> tuple[dict, list[tuple[dict, CorrectionError]]]:
    """The page with ``operations`` replayed in order, and those that no longer apply with why."""
    result = copy.deepcopy(document)
    result.setdefault("items", [])
    skipped = []
    for op in operations:
        attempt = copy.deepcopy(result)
        try:
            apply_one(attempt, op, text)
        except CorrectionError as error:
            skipped.append((op, error))
            continue
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            skipped.append((op, CorrectionError("malformed", error=f"{type(error).__name__}: {error}")))
            continue
        result = attempt
    return result, skipped
