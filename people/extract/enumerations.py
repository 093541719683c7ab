"""Numbered alternatives: the items of one enumeration are names when the others are.

A quiz or a list may give its items after numbering marks with nothing else
between them (请问这位总理是：（１）希拉克（２）朱佩（３）若斯潘５．…,
①霍华德②基廷③博尔格).  Items of one enumeration are of one kind, so when at
least two of them are names already found, an item that is all Chinese
characters and has a name's shape (a surname and a given name, or
transliteration characters only) is a name too.  It replaces a name found at
its start only when what it adds is transliteration characters (巴拉迪 ->
巴拉迪尔); otherwise the found name stands, for the characters after the
last item are the sentence's own words as often as the item's (③张伟说，…).
For the same reason a last item with no name found in it is taken only when
it is no longer than the longest of the other items.
"""

from __future__ import annotations

import re

from .. import names
from .shape import cn_shape_score

# （１）, (2), ①: a numbering mark of one enumeration
_MARK = r"(?:[（(][0-9０-９]{1,2}[）)]|[①-⑳])"
_ITEM = r"[\u4e00-\u9fff·・]{2,8}"
_ENUMERATION_RE = re.compile(f"(?:{_MARK}{_ITEM}){{3,}}")
_ITEM_RE = re.compile(f"{_MARK}({_ITEM})")
# at least this many items must be names found already
MIN_FOUND_ITEMS = 2


def _name_shaped(item: str) -> bool:
    bare = item.replace("·", "").replace("・", "")
    return cn_shape_score(item) is not None or names.is_translit(bare, 2)


def _extends(item: tuple[int, int], found: tuple[int, int], text: str) -> bool:
    """Whether ``item`` is the found name ``found`` with transliteration characters after it."""
    return item[0] == found[0] and names.is_translit(text[found[1] : item[1]], 1)


def enumerated_names(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with the name-shaped items of enumerations whose other items are found names."""
    found = set(spans)
    added: list[tuple[int, int]] = []
    replaced: set[tuple[int, int]] = set()
    for run in _ENUMERATION_RE.finditer(text):
        items = [(m.start(1), m.end(1)) for m in _ITEM_RE.finditer(text, run.start(), run.end())]
        if sum(item in found for item in items) < MIN_FOUND_ITEMS:
            continue
        for i, item in enumerate(items):
            if item in found or not _name_shaped(text[item[0] : item[1]]):
                continue
            inside = [span for span in spans if item[0] < span[1] and span[0] < item[1]]
            if inside:
                if not all(_extends(item, span, text) for span in inside):
                    continue
                replaced.update(inside)
            elif i == len(items) - 1 and item[1] - item[0] > max(end - start for start, end in items[:-1]):
                continue
            added.append(item)
    if not added:
        return spans
    return sorted([span for span in spans if span not in replaced] + added)
