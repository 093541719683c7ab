"""Cutting the page into fragments: runs of text that stood together.

A fragment is what a reader sees without jumping: an optional header
(kicker, headline, subtitle, bylines, dateline) and the paragraphs and
subheads under it, up to the next header or a closing credit.  Inside a
fragment a paragraph left open at a column break simply continues in the
next line; where the text jumps elsewhere, :mod:`.continuations` decides.
"""

from __future__ import annotations

from .bylines import parse_credit, read_closing_credit, read_source
from .fragment_types import FBlock, Fragment
from .headers import bare, find_kicker, header_core, second_title
from .lines import is_closed, starts_list_item
from .pieces import Credits, Piece, Span, looks_like_subhead, reads_as_running_clause
from .seams import WEAK_SPAN_MAX, continuation_evidence, seam_gain
from .titles import is_column_label

# Seam evidence for reading a short line as the head of the paragraph it
# runs straight into (a column end inside a word), not as a heading.
SPLIT_EVIDENCE = 6.0
# Evidence needed to cut a fragment where a new paragraph starts, because
# that start can only be the rest of a sentence broken somewhere else.  Kept
# high: a plain paragraph start often makes a word with some open tail
# (他们全 | 市纪委… gives 全市), and a wrong cut splits a story.
RESTART_EVIDENCE = 10.0
# Seam evidence needed to read a short unpunctuated line after an open
# paragraph as its continuation rather than as a heading.
JOIN_HEADING_EVIDENCE = 2.0
# A subhead-shaped line whose last word runs on into the next paragraph
# (乐曲声起,他们先后飞起 | 身来) is that paragraph's opening words.  Only a
# seam on jieba's best path counts: a dictionary word merely straddling
# it (谋划 | 一位 gives 划一) scores at most 3 and proves nothing.
SUBHEAD_RUN_ON = WEAK_SPAN_MAX + 1.0


def _dangling(pieces: list[Piece], page: str) -> list[int]:
    """Indexes of open paragraphs whose next line cannot be their continuation in place."""
    out = []
    for i, p in enumerate(pieces):
        if not p.is_open(page):
            continue
        # A caption set in the column interrupts nothing: look past it.
        nxt = next((q for q in pieces[i + 1 :] if q.kind != "photo"), None)
        if nxt is None or nxt.kind != "para" or nxt.dateline is not None:
            out.append(i)
    return out


class _Builder:
    def __init__(self, pieces: list[Piece], page: str):
        self.pieces = pieces
        self.page = page
        self.frags: list[Fragment] = []
        self.cur: Fragment | None = None
        self.last_open = False  # last thing added to cur is an open paragraph
        self.join_confidence = 0.95  # of the next in-place paragraph join
        self.dangling = [pieces[i] for i in _dangling(pieces, page)]
        self.after_photo = False  # the last piece was a photo caption
        self.repeated_head: Fragment | None = None  # a headline repeated over a continuation

    # -- helpers ---------------------------------------------------------
    def new(self, **kw) -> Fragment:
        f = Fragment(**kw)
        self.frags.append(f)
        self.cur = f
        self.last_open = False
        return f

    def ensure(self) -> Fragment:
        if self.cur is None or self.cur.closed:
            self.new()
        return self.cur

    def text(self, span: Span) -> str:
        return self.page[span[0] : span[1]]

    def last_para_text(self) -> str:
        b = self.cur.blocks[-1]
        return "".join(self.text(s) for s in b.spans)

    def add_body(self, span: Span | None, open_: bool, block_type: str = "p") -> None:
        f = self.ensure()
        if span is None:
            return
        if (
            block_type == "p"
            and self.last_open
            and f.blocks
            and f.blocks[-1].type == "p"
            and not starts_list_item(self.text(f.blocks[-1].spans[-1]), self.text(span))
        ):
            f.paragraph_joins.append((f.blocks[-1].spans[-1][1], span[0], self.join_confidence))
            f.blocks[-1].spans.append(span)
        else:
            f.blocks.append(FBlock(block_type, [span]))
        self.last_open = open_ and block_type == "p"

    def close(self, credits: Credits, span: Span) -> None:
        f = self.ensure()
        f.add_credit(credits, span)
        f.closed = True
        self.last_open = False

    def restarts_elsewhere(self, piece: Piece) -> bool:
        """Does this paragraph start in mid-sentence, continuing a break elsewhere?"""
        start = piece.body_text(self.page)
        if not start:
            return False
        return any(
            d is not piece and continuation_evidence(d.body_text(self.page), start) >= RESTART_EVIDENCE
            for d in self.dangling
        )

    # -- pieces ----------------------------------------------------------
    def para(self, p: Piece) -> None:
        page = self.page
        if p.dateline is not None:
            f = self.cur
            if not (f and f.headed and not f.blocks and f.dateline is None and not f.closed):
                f = self.new()
            f.dateline = (self.text(p.dateline).strip("【】〔〕[]"), p.dateline)
            if p.lead_credit:
                f.add_credit(p.lead_bylines, p.lead_credit)
            self.last_open = False
        elif p.lead_credit:
            # 本报记者X报道： opens a story as a dateline does.
            f = self.cur
            if not (f and f.headed and not f.blocks and not f.closed):
                f = self.new()
            f.add_credit(p.lead_bylines, p.lead_credit)
            self.last_open = False
        elif (
            self.cur is not None
            and self.cur.blocks
            and not self.last_open
            and not self.cur.closed
            and (self.restarts_elsewhere(p) or self.set_apart_by_caption(p))
        ):
            self.new()
        self.after_photo = False
        self.add_body(p.body, p.is_open(page))
        if p.end_dateline:
            self.ensure().end_dateline = (self.text(p.end_dateline), p.trail_credit)
            self.cur.closed, self.last_open = True, False
        elif p.trail_credit:
            self.close(p.trail_bylines, p.trail_credit)

    def set_apart_by_caption(self, p: Piece) -> bool:
        """Is this paragraph, after a caption, the start of text set apart rather than more of the story above?

        The story above ended its sentence before the caption, and this
        paragraph runs straight into another story's header without ending
        its own: it is an opening set above its headline, or the rest of a
        story continued here, and :mod:`.continuations` places it.
        """
        return self.after_photo and any(d is p for d in self.dangling)

    def photo(self, p: Piece) -> None:
        # A caption interrupts nothing: the story around it goes on after it.
        self.after_photo = True
        f = Fragment(photo=True)
        f.blocks.append(FBlock("p", [p.body]))
        f.add_credit(p.trail_bylines, p.trail_credit)
        self.frags.append(f)

    def run(self, run: list[Piece], nxt: Piece | None) -> None:
        """A run of short lines: a header, subheads, or stray credits."""
        page = self.page
        self.after_photo = False
        # Credits standing alone right after a paragraph close that story.
        while run and self.cur is not None and self.cur.blocks and not self.cur.closed:
            head = run[0]
            credits = None
            if head.kind == "bracket" and (parse_credit(head.inner) or read_source(head.inner)):
                credits = read_closing_credit(head.inner)
            elif head.kind == "byline" and head.names_only:
                credits = head.credits
            if not credits:
                break
            self.close(credits, (head.line.start, head.line.end))
            run = run[1:]
        if not run:
            return
        if nxt is not None and nxt.jump_from is not None and all(p.kind != "byline" for p in run):
            # The headline printed again over the part continued here (上接第一版).
            self.header(run, "furniture")
            self.repeated_head = self.cur
            return
        # A short line that runs straight on into the next paragraph is the
        # head of that paragraph broken by a column end, not a heading.
        if (
            nxt is not None
            and nxt.kind == "para"
            and nxt.dateline is None
            and run[-1].kind == "heading"
            and continuation_evidence(run[-1].text, nxt.body_text(page)) >= SPLIT_EVIDENCE
        ):
            tail = run.pop()
            self.run(run, None) if run else None
            self.add_body((tail.line.start, tail.line.end), True)
            self.join_confidence = 0.8
            return
        if (
            len(run) >= 2
            and run[0].kind == "heading"
            and nxt is not None
            and nxt.kind == "para"
            and nxt.dateline is None
            and seam_gain(run[0].text, nxt.body_text(page)) >= SPLIT_EVIDENCE
        ):
            # The first words of the paragraph under the header, set above it
            # (圣诞老人从不久留，待孩 | header | 子们唱完…), a word broken across
            # the header: text set apart, placed by the continuation search
            # like any opening above its headline.
            head = run.pop(0)
            self.new()
            self.add_body((head.line.start, head.line.end), True)
        dateline_next = nxt is not None and nxt.kind == "para" and nxt.dateline is not None
        core = header_core(run, dateline_next)
        basis = "furniture" if core is not None and not bare(run[core:]) else "dateline"
        if (
            core is None
            and nxt is not None
            and nxt.kind == "para"
            and run[-1].kind == "heading"
            and len(run) >= 2
            and run[-2].kind == "heading"
            and not looks_like_subhead(run[-1].text)
            and not looks_like_subhead(run[-2].text)
        ):
            # Two title lines over a paragraph: a kicker and its headline, or one headline on two lines.
            core, basis = len(run) - 2, "shape"
        if core is not None:
            for k, p in enumerate(run[:core]):
                # A subhead is followed by its section's text: a title line right
                # above the header is its kicker, unless it reads as running text.
                kicker = k == core - 1 and not reads_as_running_clause(p.text)
                if p.kind == "heading" and not kicker and self._joins_or_subhead(p, None):
                    continue
                if p.kind == "heading":
                    core = run.index(p)
                    break
                self.stray(p)
            self.header(run[core:], basis)
            return
        for k, p in enumerate(run):
            self.stray(p, nxt if k == len(run) - 1 else None)

    def _joins_or_subhead(self, p: Piece, nxt: Piece | None) -> bool:
        """Handle a heading-like line that is a continuation or a subhead; False if neither.

        A short unpunctuated line inside a broken paragraph is a middle piece,
        so it must run on at both ends: from the open paragraph before it and
        into the paragraph after it.  One-sided evidence is not enough — a
        headline's first characters can make a word with any open tail.
        """
        span = (p.line.start, p.line.end)
        runs_on = (
            nxt is not None
            and nxt.kind == "para"
            and nxt.dateline is None
            and continuation_evidence(p.text, nxt.body_text(self.page)) > 0
        )
        if (
            runs_on
            and self.cur is not None
            and self.last_open
            and self.cur.blocks
            and continuation_evidence(self.last_para_text(), p.text) >= JOIN_HEADING_EVIDENCE
        ):
            self.add_body(span, True)
            return True
        into_next = (
            continuation_evidence(p.text, nxt.body_text(self.page))
            if nxt is not None and nxt.kind == "para" and nxt.dateline is None
            else 0.0
        )
        if looks_like_subhead(p.text) and into_next < SUBHEAD_RUN_ON:
            self.add_body(span, False, "h")
            return True
        if (
            "," in p.text
            and self.cur is not None
            and self.cur.blocks
            and not self.cur.closed
            and (
                (nxt is not None and nxt.kind == "para" and nxt.dateline is None)
                or (nxt is None and reads_as_running_clause(p.text))
            )
        ):
            # A clause and a few words, inside a story: a paragraph broken right
            # after its opening words (a headline seldom carries a comma).  Right
            # above another story's header it is only that when its words read
            # as a sentence's (the rest of the paragraph is printed elsewhere).
            self.add_body(span, True)
            self.join_confidence = 0.75
            return True
        return False

    def stray(self, p: Piece, nxt: Piece | None = None) -> None:
        """A short line outside any header: subhead, headline alone, credit or text."""
        if p.kind == "heading":
            if not self._joins_or_subhead(p, nxt):
                f = self.new()
                f.basis = "shape"
                if is_column_label(p.text):
                    f.kickers.append((p.text, (p.line.start, p.line.end)))
                else:
                    f.headlines.append((p.text, (p.line.start, p.line.end)))
        elif p.kind == "byline":
            self.ensure().add_credit(p.credits, (p.line.start, p.line.end))
        else:  # stray kicker-like or subtitle-like line: keep it as text
            self.add_body((p.line.start, p.line.end), False)

    def header(self, run: list[Piece], basis: str = "furniture") -> None:
        f = self.new()
        f.basis = basis
        for k, p in enumerate(run):
            span = (p.line.start, p.line.end)
            if p.kind == "heading" and f.headlines and (f.bylines or f.subtitles) and k == len(run) - 1:
                # Under the byline the header is over: a short line there opens the
                # body, broken by a column end right after its first words.
                self.add_body(span, True)
                self.join_confidence = 0.8
            elif p.kind == "heading" and f.subtitles and not f.bylines:
                # A headline never stands under its subtitle: this is the subtitle's second line.
                f.subtitles.append((p.text, span))
            elif p.kind == "heading" and is_column_label(p.text) and not f.headlines:
                f.kickers.append((p.text, span))
            elif p.kind == "heading" and f.headlines and not f.subtitles and not f.bylines:
                second_title(f, p, span)
            elif p.kind == "heading":
                f.headlines.append((p.text, span))
            elif p.kind == "bracket":
                f.kickers.append((p.inner, span))
            elif p.kind == "subtitle":
                f.subtitles.append((p.inner, span))
            else:
                f.add_credit(p.credits, span)

    def jump_from(self, p: Piece) -> None:
        repeated = self.repeated_head is not None and self.repeated_head is self.cur and not self.cur.blocks
        (self.cur if repeated else self.new()).jump_from = p.jump_from

    def jump_to(self, p: Piece) -> None:
        f = self.cur if self.cur is not None else self.new()
        f.jump_to = p.jump_to
        f.closed, self.last_open = True, False

    def build(self) -> list[Fragment]:
        i, n = 0, len(self.pieces)
        while i < n:
            p = self.pieces[i]
            if p.jump_from is not None:
                self.jump_from(p)
            if p.kind == "jump":
                if p.jump_to is not None:
                    self.jump_to(p)
                i += 1
            elif p.jump_to is not None:
                # A line that jumps is processed alone, then closes its fragment.
                if p.kind == "para":
                    self.para(p)
                elif p.kind == "photo":
                    self.photo(p)
                else:
                    self.run([p], None)
                self.jump_to(p)
                i += 1
            elif p.kind == "para":
                self.para(p)
                i += 1
            elif p.kind == "photo":
                self.photo(p)
                i += 1
            else:
                j = i
                while (
                    j < n
                    and self.pieces[j].kind not in ("para", "photo", "jump")
                    and (j == i or self.pieces[j].jump_from is None)
                    and self.pieces[j].jump_to is None
                ):
                    j += 1
                self.run(self.pieces[i:j], self.pieces[j] if j < n else None)
                i = j
        frags = [
            f
            for f in self.frags
            if f.blocks or f.headlines or f.kickers or f.subtitles or f.byline_spans or f.dateline or f.end_dateline
        ]
        for f in frags:
            if f.jump_from is not None and not f.blocks:
                f.jump_from = None  # the mark stood alone and nothing followed it
        for f in frags:
            f.open_end = (
                bool(f.blocks)
                and f.blocks[-1].type == "p"
                and not f.closed
                and not f.photo
                and not is_closed(self.text(f.blocks[-1].spans[-1]))
            )
        for f in frags:
            find_kicker(f, lambda f=f: "".join(self.text(sp) for b in f.blocks for sp in b.spans))
        frags.sort(key=Fragment.first_offset)
        for k, f in enumerate(frags):
            f.index = k
        return frags


def build_fragments(pieces: list[Piece], page: str) -> list[Fragment]:
    """Group classified lines into fragments, in page order."""
    return _Builder(pieces, page).build()
