"""Classifying each printed line by what it can be.

A line's class here is only what its own text allows; whether a short line
is a headline, a subhead or the tail of a broken paragraph is decided later
from its neighbours (see :mod:`.fragments`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .bylines import (
    DATELINE_RE,
    ROLE_WORDS,
    TRAILING_CREDIT_RE,
    bracketed,
    parse_credit,
    read_source,
    split_dateline,
    split_photo_credit,
    split_trailing_credit,
    trailing_dateline,
)
from .furniture import JUMP_FROM_RE, JUMP_TO_RE
from .lines import CLOSERS, NON_STARTERS, Line, cjk_len, is_closed, is_wholly_quoted
from .numerals import cn_int
from .phrases import CLAUSE_OPENERS, OPEN_ENDINGS, SETTING_CLAUSE
from .titles import is_column_label

Span = tuple[int, int]
Credits = list[tuple[str, str]]

HEADING_MAX = 32
# The dash before a subtitle: ——, or ―― as text converted from GB2312 has it,
# or a box-drawing or ASCII stand-in (──, --).
_SUBTITLE_DASHES = ("——", "――", "--", "──")
_SUBTITLE_RE = re.compile(r"^(?:—|―|-|─)+\s*")
_NUMBERED_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.．]|[((][一二三四五六七八九十\d]+[))])")
_OPEN_TAIL = set(",,、;;::—-(([【《“")


@dataclass
class Piece:
    """One line and what it can be.  All spans are absolute page offsets.

    kind: "para", "heading", "bracket" (kicker or credit, by context),
    "subtitle", "byline" or "photo".
    """

    line: Line
    kind: str
    body: Span | None = None  # paragraph/caption text without credits
    dateline: Span | None = None
    lead_credit: Span | None = None
    lead_bylines: Credits = field(default_factory=list)
    trail_credit: Span | None = None
    trail_bylines: Credits = field(default_factory=list)
    credits: Credits = field(default_factory=list)  # byline lines
    names_only: bool = False  # byline line without role word
    inner: str = ""  # bracket content / subtitle text
    end_dateline: Span | None = None  # (本报X地X月X日电) closing the paragraph
    jump_to: int | None = None  # (下转第二版): the story goes on on that page
    jump_from: int | None = None  # (上接第一版): this text goes on from that page
    jump_spans: list[Span] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.line.text

    def body_text(self, page: str) -> str:
        return page[self.body[0] : self.body[1]] if self.body else ""

    def is_open(self, page: str) -> bool:
        """A paragraph whose last sentence runs on past the line."""
        return (
            self.kind == "para"
            and self.trail_credit is None
            and bool(self.body)
            and not is_closed(self.body_text(page))
        )


# How a plain-text page indents a paragraph's first line: two ideographic
# spaces (or four ASCII ones). A centred title has more, a flush one none.
PARAGRAPH_INDENTS = ("\u3000\u3000", "    ")


def opens_indented_paragraph(page: str, start: int) -> bool:
    """Whether the line starting at ``start`` is indented as a paragraph's first line: it is text, never a title."""
    line_start = max(page.rfind("\n", 0, start), page.rfind("\r", 0, start)) + 1
    return page[line_start:start] in PARAGRAPH_INDENTS


def looks_like_heading(text: str) -> bool:
    """Short, unpunctuated at the end, one phrase: could head something."""
    if len(text) > 3 * HEADING_MAX:
        return False
    n = cjk_len(text)
    if n < 2 or n > HEADING_MAX or "。" in text or is_closed(text):
        return False
    if text[0] in NON_STARTERS or len(re.findall(r"[,,]", text)) > 1:
        return False
    if not _balanced(text):
        return False
    tail = text.rstrip(CLOSERS) or text
    return tail[-1] not in _OPEN_TAIL


def _balanced(text: str) -> bool:
    """Quotes and brackets all closed: a line ending inside “… runs on."""
    depth = 0
    for c in text:
        if c in "“‘「『(《【(":
            depth += 1
        elif c in "”’」』)》】)":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def looks_like_subhead(text: str) -> bool:
    """In-story subheads are quoted, numbered, or two parallel phrases with a comma.

    Parallel phrases are each 3–10 characters and within a factor of 2.5 of
    each other (尽心尽责,赤心一片担使命); a comma after a long clause and a
    few characters (碑石上刻着一个已被遗忘的名字,你却) is a paragraph broken
    right after its opening words.  A numbered subhead carries no comma.
    """
    if is_wholly_quoted(text):
        return True
    if "," in text:
        parts = [len(part.strip()) for part in text.split(",")]
        return (
            not _NUMBERED_RE.match(text)
            and all(3 <= n <= 10 for n in parts)
            and max(parts) <= 2.5 * min(parts)
            and not re.search(r"[、:;]", text)
            and not reads_as_running_clause(text)
        )
    return bool(_NUMBERED_RE.match(text))


# A subhead is two headline phrases; a sentence's opening words are grammar
# that runs on.  The first clause of a sentence often opens with a
# subordinating or reporting word (由于…, 鉴于…, 据…); its words past the
# comma may bring a pronoun or a copula (我…, 他们…, 是…) or stop on a
# preposition, particle or auxiliary that needs what follows (…有利于,
# …遭到, …因).  Subheads carry none of these.
_RUNNING_WORDS = re.compile(r"[我你他她它咱]|是|这|那|其中")


def reads_as_running_clause(text: str) -> bool:
    """Do these comma-separated words read as the opening words of a sentence rather than a subhead?"""
    first, _, rest = text.partition(",")
    rest = rest.strip().rstrip(CLOSERS)
    return bool(
        CLAUSE_OPENERS.match(first.strip())
        or SETTING_CLAUSE.search(first.strip())
        or _RUNNING_WORDS.search(text)
        or (rest and rest[-1] in OPEN_ENDINGS)
    )


def _shift(span: Span | None, by: int) -> Span | None:
    return (span[0] + by, span[1] + by) if span else None


def _trimmed(page: str, start: int, end: int) -> Span | None:
    while start < end and page[start].isspace():
        start += 1
    while end > start and page[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _rest(line: Line, page: str, start: int, end: int) -> Line | None:
    span = _trimmed(page, start, end)
    return Line(span[0], span[1], page[span[0] : span[1]]) if span else None


def _running(piece: Piece) -> Piece:
    """Text next to a jump mark runs on to or from another page: never a heading."""
    if piece.kind == "heading":
        return Piece(piece.line, "para", body=(piece.line.start, piece.line.end))
    return piece


def classify(line: Line, page: str) -> Piece:
    """What ``line`` can be, with paragraph credits/datelines and jump marks located."""
    t = line.text
    if (m := JUMP_FROM_RE.match(t)) and (n := cn_int(m[1])):
        rest = _rest(line, page, line.start + m.end(), line.end)
        piece = _running(classify(rest, page)) if rest else Piece(line, "jump")
        piece.jump_from = n
        piece.jump_spans.insert(0, (line.start, line.start + m.end()))
        return piece
    if (m := JUMP_TO_RE.search(t)) and m.end() == len(t) and (n := cn_int(m[1])):
        rest = _rest(line, page, line.start, line.start + m.start())
        piece = _running(classify(rest, page)) if rest else Piece(line, "jump")
        piece.jump_to = n
        piece.jump_spans.append((line.start + m.start(), line.end))
        return piece
    return _classify(line, page)


def _classify(line: Line, page: str) -> Piece:
    t, base = line.text, line.start
    if is_column_label(t):  # 记者手记 is a column, not a reporter called 手记
        return Piece(line, "heading", body=(line.start, line.end))
    inner = bracketed(t)
    if inner is not None:
        return Piece(line, "bracket", inner=inner)
    if t.startswith(_SUBTITLE_DASHES) and cjk_len(t) <= 50 and "。" not in t:
        return Piece(line, "subtitle", inner=_SUBTITLE_RE.sub("", t).strip())
    if source := read_source(t):
        return Piece(line, "byline", credits=source, names_only=True)
    credits = parse_credit(t)
    if credits and cjk_len(t) <= 30:
        names_only = not any(w in t for w in ROLE_WORDS) and not t.rstrip().endswith("摄")
        return Piece(line, "byline", credits=credits, names_only=names_only)
    photo = split_photo_credit(t)
    if photo and photo[0] > 0 and _trimmed(page, base, base + photo[0]):
        return Piece(
            line,
            "photo",
            body=_trimmed(page, base, base + photo[0]),
            trail_credit=(base + photo[0], line.end),
            trail_bylines=photo[1],
        )
    if looks_like_heading(t) and not DATELINE_RE.match(t) and not opens_indented_paragraph(page, base):
        return Piece(line, "heading", body=(line.start, line.end))
    piece = Piece(line, "para")
    dl, lead, lead_bylines, body_start = split_dateline(t)
    piece.dateline, piece.lead_credit, piece.lead_bylines = _shift(dl, base), _shift(lead, base), lead_bylines
    body_end = len(t)
    trail = split_trailing_credit(t[body_start:])
    if trail:
        piece.trail_credit = (base + body_start + trail[0], line.end)
        piece.trail_bylines = trail[1]
        body_end = body_start + trail[0]
    elif (m := TRAILING_CREDIT_RE.search(t, body_start)) and trailing_dateline(m.group(1)):
        piece.end_dateline = (base + m.start(1), base + m.end(1))
        piece.trail_credit, piece.trail_bylines = _trimmed(page, base + m.start(), line.end), []
        body_end = m.start()
    piece.body = _trimmed(page, base + body_start, base + body_end)
    return piece
