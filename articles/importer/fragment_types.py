"""What a fragment is: the unit :mod:`.fragments` cuts a page into and
:mod:`.continuations` links (kept apart so both read it without importing each other's logic)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .pieces import Credits, Span


@dataclass
class FBlock:
    type: str
    spans: list[Span]


@dataclass
class Fragment:
    index: int = 0
    kickers: list[tuple[str, Span]] = field(default_factory=list)
    headlines: list[tuple[str, Span]] = field(default_factory=list)
    subtitles: list[tuple[str, Span]] = field(default_factory=list)
    dateline: tuple[str, Span] | None = None
    end_dateline: tuple[str, Span] | None = None  # printed after the story, in brackets
    bylines: Credits = field(default_factory=list)
    byline_spans: list[Span] = field(default_factory=list)
    blocks: list[FBlock] = field(default_factory=list)
    photo: bool = False
    closed: bool = False  # ended by a closing credit: nothing more belongs here
    jump_to: int | None = None  # the text goes on on that page (下转第二版)
    jump_from: int | None = None  # the text goes on from that page (上接第一版)
    basis: str = ""  # how the headline was recognised (see confidence.HEADLINE_BASIS)
    paragraph_joins: list[tuple[int, int, float]] = field(default_factory=list)  # (after, before, confidence)
    open_end: bool = False  # last paragraph stops mid-sentence

    @property
    def headed(self) -> bool:
        return bool(self.headlines)

    @property
    def starter(self) -> bool:
        """Begins a story by itself (headline or dateline): never a continuation."""
        return bool(self.headlines) or self.dateline is not None

    def first_offset(self) -> int:
        spans = [s for _, s in self.kickers + self.headlines + self.subtitles]
        spans += self.byline_spans + [s for b in self.blocks for s in b.spans]
        for dateline in (self.dateline, self.end_dateline):
            if dateline:
                spans.append(dateline[1])
        return min(s[0] for s in spans) if spans else 0

    def add_credit(self, credits: Credits, span: Span) -> None:
        self.bylines.extend(credits)
        self.byline_spans.append(span)
