"""Splitting a page into printed lines, and what a line's edges say.

Offsets always point into the original string: ``\\r\\n`` and ``\\r`` count
as line ends, a leading BOM is skipped, and each line is trimmed of
surrounding whitespace by moving its offsets rather than copying text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Sentence-final marks.  A piece ending on one of these (possibly followed by
# closing quotes/brackets) ends a sentence and must never be glued to the next.
TERMINAL = set("。!?!?…")
CLOSERS = "”’」』)》】\"'"
OPENERS = "“‘「『(《【\"'"
# Marks that cannot open a sentence: a piece starting with one continues text.
NON_STARTERS = set(",,、。.;;::!!??)」』》】…%")

_ITEM_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[,、是]|[一二三四五六七八九十]+、"
    r"|\([一二三四五六七八九十\d]+\)|\d+[.、]|[①-⑩])"
)


# A list item other than the first (二是, 第三, 三、, (二), 2.): a list goes on, it never opens a story.
_LATER_ITEM_RE = re.compile(
    r"^(?:[二三四五六七八九十]+是|第[二三四五六七八九十]+[,、是]|[二三四五六七八九十]+、"
    r"|\((?:[二三四五六七八九十]+|[2-9])\)|[2-9][.、]|[②-⑩])"
)


def opens_a_later_item(text: str) -> bool:
    return bool(_LATER_ITEM_RE.match(text.strip()))


def title_shape(text: str) -> tuple[bool, bool, bool]:
    """How a title line is dressed: wholly quoted, numbered, two phrases with a comma."""
    text = text.strip()
    return is_wholly_quoted(text), bool(_ITEM_RE.match(text)), "," in text


def starts_list_item(before: str, text: str) -> bool:
    """A lead-in ending in a colon and a line opening with 一是/(一)/1.: a new paragraph, not a run-on."""
    return before.rstrip().endswith(":") and bool(_ITEM_RE.match(text))


_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass(frozen=True)
class Line:
    """One non-blank printed line; ``text == page[start:end]``."""

    start: int
    end: int
    text: str


def split_lines(page: str) -> list[Line]:
    """Non-blank lines of ``page`` with offsets into ``page`` itself."""
    out: list[Line] = []
    skip_bom = 1 if page.startswith("\ufeff") else 0
    for m in _LINE_RE.finditer(page):
        start, end = m.start(), m.end()
        if start == end:
            continue
        if start == 0 and skip_bom:
            start = 1
        raw = page[start:end]
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        s = start + lead
        out.append(Line(s, s + len(stripped), stripped))
    return out


def is_closed(text: str) -> bool:
    """True when ``text`` ends a sentence (terminal mark, maybe then closers)."""
    t = text.rstrip().rstrip(CLOSERS)
    return bool(t) and t[-1] in TERMINAL


def starts_mid_sentence(text: str) -> bool:
    """True when ``text`` opens with a mark no sentence can start with."""
    return bool(text) and text[0] in NON_STARTERS


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def bigrams(text: str) -> set[str]:
    """Every two adjacent Chinese characters: the words of a text, without a dictionary."""
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        out.update(map(str.__add__, run, run[1:]))
    return out


def cjk_len(text: str) -> int:
    """Length ignoring whitespace, which OCR sprinkles freely."""
    return sum(1 for c in text if not c.isspace())


def is_wholly_quoted(text: str) -> bool:
    """``“…”`` around the whole line, the usual dress of an in-story subhead."""
    return (
        len(text) >= 3
        and text[0] in "“「『\"'"
        and text[-1] in "”」』\"'"
        and not any(c in text[1:-1] for c in "”」』")
    )
