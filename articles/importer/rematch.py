"""Re-importing a page: which saved story each parsed story is, and which
fields the import may still write. Pure Python, no Django.

A page imported again is often another scan or a better OCR of it: stories
may be missing, added or reordered, and their text differs by a few misread
characters. Stories are matched by what they say (headline and lead),
with their position on the page only breaking ties, so a story taken out of
the page text never hands its row (and its address) to the next one.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

# The characters of a story's opening that identify it: enough to tell two
# stories of one page apart, short enough that an edited body still matches.
LEAD_CHARS = 80
_TAG = re.compile(r"<[^>]*>")
# Below this, two texts are different stories. Unrelated stories of the seed
# page score under 0.15; the same story with one character in ten misread
# scores about 0.7.
MATCH_AT = 0.4
# A deleted story's record takes a parsed story only above this, headline and
# opening each: below it a brief or photo caption that starts alike (图片新闻,
# the same first clause) is a new story, and swallowing it loses it unseen,
# where missing a deleted story's misreading only brings the story back.
TOMBSTONE_AT = 0.7


def _letters(text: str) -> str:
    """Text without spaces, punctuation and markup widths: what OCR noise leaves alone most."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


@lru_cache(maxsize=4096)
def _pairs(text: str) -> tuple[Counter, int]:
    """The text's character pairs (spaces and punctuation dropped) counted, and how many."""
    letters = _letters(text)
    pairs = [letters[k : k + 2] for k in range(len(letters) - 1)] if len(letters) > 1 else [letters] * bool(letters)
    return Counter(pairs), len(pairs)


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two texts' character pairs (0–1), spaces and punctuation ignored.

    One misread character costs two of a text's pairs, so a headline of ten
    characters with one wrong still scores about 0.8.
    """
    (first, m), (second, n) = _pairs(a), _pairs(b)
    if not m or not n:
        return 0.0
    return 2.0 * sum((first & second).values()) / (m + n)


def lead(text: str) -> str:
    """The opening of a story's text that matching compares."""
    return _letters(text)[:LEAD_CHARS]


def lead_of_html(body: str) -> str:
    """The opening of a story's HTML body (tags dropped, entities read)."""
    return lead(html.unescape(_TAG.sub("", body or "")))


@dataclass(frozen=True)
class Text:
    headline: str
    lead: str


@dataclass(frozen=True)
class Saved:
    """A story saved before: its texts (as the import wrote it, as editors left it) and position.
    ``tombstone``: a story an editor deleted, which only a story reading as it did is."""

    key: Hashable
    texts: tuple[Text, ...]
    position: int | None
    tombstone: bool = False


def score(parsed: Text, saved: Saved) -> float:
    """How surely ``parsed`` is ``saved``: headline and lead alike, the better of its texts.
    A tombstone scores 0 unless both openings are there and each of headline and
    opening reaches TOMBSTONE_AT."""
    best = 0.0
    for text in saved.texts:
        heads = similarity(parsed.headline, text.headline)
        if saved.tombstone:
            leads = similarity(parsed.lead, text.lead) if parsed.lead and text.lead else 0.0
            if min(heads, leads) < TOMBSTONE_AT:
                continue
        else:
            leads = similarity(parsed.lead, text.lead) if parsed.lead and text.lead else heads
        best = max(best, (heads + leads) / 2)
    return best


def match(parsed: Sequence[Text], saved: Sequence[Saved], threshold: float = MATCH_AT) -> dict[int, Hashable]:
    """Each parsed story's index mapped to the key of the saved story it is, if any.

    The most similar pairs are taken first, one to one; among equally similar
    pairs, the one whose positions are closest. A parsed story matching
    nothing well enough is new; a saved story nothing matches is gone from the page.
    """
    pairs = []
    for index, text in enumerate(parsed):
        for order, story in enumerate(saved):
            value = score(text, story)
            if value >= threshold:
                distance = abs((story.position or 0) - (index + 1)) if story.position else len(parsed) + order
                pairs.append((-round(value, 6), distance, index, order))
    pairs.sort()
    found: dict[int, Hashable] = {}
    taken: set[int] = set()
    for _, _, index, order in pairs:
        if index in found or order in taken:
            continue
        found[index] = saved[order].key
        taken.add(order)
    return found


@dataclass(frozen=True)
class Merge:
    """What a re-import writes to one story: ``write`` (field → value), and the fields it
    leaves as an editor changed them, with the value the parser wanted (``kept``)."""

    write: dict
    kept: dict


def merge(written: Mapping | None, current: Mapping, parsed: Mapping) -> Merge:
    """Three-way merge of a story's fields.

    ``written`` is what the last import wrote (None when no import recorded
    it), ``current`` the story now, ``parsed`` what this import would write.
    A field is overwritten only while it still equals what the last import
    wrote; a field an editor changed keeps the editor's value, and is reported
    when the parser wanted something else. With no record, every field that
    differs from the parse is the editor's.
    """
    write, kept = {}, {}
    for name, value in parsed.items():
        now = current.get(name)
        if now == value:
            continue
        if written is not None and name in written and written[name] == now:
            write[name] = value
        else:
            kept[name] = value
    return Merge(write=write, kept=kept)


def merge_sets(written: Sequence | None, current: Sequence, parsed: Sequence) -> tuple[list, list, list]:
    """Three-way merge of a story's bylines (or any rows identified by a value).

    Returns (to add, to remove, parsed rows left out because an editor removed
    them). Rows an editor added stay; rows an editor removed stay removed;
    rows the last import wrote and this parse no longer has go. With no
    record of the last import, nothing is removed.
    """
    now = list(current)
    before = list(written) if written is not None else now
    removed_by_editor = [row for row in before if row not in now] if written is not None else []
    add = [row for row in parsed if row not in now and row not in removed_by_editor]
    remove = [row for row in now if row in before and row not in parsed] if written is not None else []
    left_out = [row for row in parsed if row in removed_by_editor]
    return add, remove, left_out
