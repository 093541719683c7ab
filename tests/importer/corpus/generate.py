"""Compose newspaper pages, with their true parse, for measuring the importer.

    .venv/bin/python -m tests.importer.corpus.generate --sample   # rewrite the frozen sample in sample/

Stories come from a *source*: lists of sentences, one list a story.  The
benchmark uses the MSRA test sentences (read at generation time, never
stored); the frozen sample uses :mod:`.texts`, written for it.  Each story is
dressed in conventions drawn from :mod:`.conventions` and laid out with the
damage real pages have: paragraphs broken mid-sentence by column ends (at
least :data:`MIN_LEFT` characters before the break, or right after the
opening words), a story interrupted and continued further down or on another
page, an opening set above its headline, photo captions alone in the flow,
page headers, mastheads and advertisements.

Everything is drawn from one ``random.Random(seed)``, so a seed gives the
same corpus on every machine.  Editions are split once by a fixed rule
(:func:`held_out`): a quarter of them are never looked at while tuning.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import conventions as cv
from . import wider

MIN_LEFT = 33
_NOT_RUNNING = re.compile(r"^(?:新华社|本报|据新华社|中新社)|（附图片|[０-９\d]+月[０-９\d]+日电")
SAMPLE_DIR = Path(__file__).resolve().parent / "sample"
SAMPLE_SEED = 20221121
CORPUS_SEED = 12


@dataclass
class Story:
    headline: str
    blocks: list[tuple[str, str]]
    kind: str = "story"
    kicker: str = ""
    subtitle: str = ""
    dateline: str = ""
    bylines: list[tuple[str, str]] = field(default_factory=list)
    page: int = 0


@dataclass
class Page:
    number: int
    filename: str
    text: str
    expected: list[Story]


@dataclass
class Edition:
    index: int
    pages: list[Page]

    @property
    def held_out(self) -> bool:
        return held_out(self.index)


def held_out(index: int) -> bool:
    """The fixed split: every fourth edition is held out, never tuned on."""
    return index % 4 == 3


# -- stories ------------------------------------------------------------------


def _paragraphs(sentences: list[str], rng: random.Random) -> list[str]:
    out, i = [], 0
    while i < len(sentences):
        n = rng.choice((1, 1, 2, 2, 3))
        out.append("".join(sentences[i : i + n]))
        i += n
    return out


def _headline(sentences: list[str], rng: random.Random) -> str:
    clauses = [c for s in sentences for c in cv.clauses(s) if 6 <= len(c) <= 18]
    if not clauses:
        return rng.choice(cv.SPARE_HEADLINES)
    return rng.choice(clauses)


def make_story(sentences: list[str], rng: random.Random) -> tuple[Story, dict]:
    """A story and how to print it (its header lines, body lines and trailer)."""
    paras = _paragraphs(sentences, rng)
    shape = rng.random()
    if shape < 0.12 and len(paras) >= 3:
        lead, items, numbered = rng.choice(cv.LEAD_INS), paras[1:4], rng.random() < 0.5
        paras = [paras[0], lead] + [cv.item_mark(k, numbered) + p for k, p in enumerate(items)] + paras[4:]
    elif shape < 0.22:
        paras.insert(rng.randrange(1, len(paras) + 1), rng.choice(cv.SHORT_PARAGRAPHS))
    elif shape < 0.30:
        paras.insert(rng.randrange(1, len(paras) + 1), rng.choice(cv.QUOTATIONS))
    blocks = [("p", p) for p in paras]
    if len(blocks) >= 5 and rng.random() < 0.35:
        for k, at in enumerate(sorted(rng.sample(range(1, len(blocks)), 2), reverse=True)):
            blocks.insert(at, ("h", cv.subhead(sentences, rng, 1 - k)))
    story = Story(headline=_headline(sentences, rng), blocks=blocks)
    print_ = cv.dress(story, rng)
    return story, print_


# -- damage -------------------------------------------------------------------


def break_paragraph(
    text: str, rng: random.Random, early: bool = False, lo: int = 0, hi: int | None = None
) -> tuple[str, str] | None:
    """Two halves of a paragraph broken mid-sentence, between Chinese characters.

    The break falls in ``text[lo:hi]``: never inside a printed credit or dateline.
    """
    hi = len(text) if hi is None else hi
    if early:
        cut = cv.early_cut(text[lo:hi], rng)
        if cut:
            return text[: lo + cut], text[lo + cut :]
    points = [
        i
        for i in range(lo + MIN_LEFT, hi - 4)
        if cv.is_cjk(text[i - 1]) and cv.is_cjk(text[i]) and text[i + 1 :].strip()
    ]
    if not points:
        return None
    i = rng.choice(points)
    return text[:i], text[i:]


def body_lines(story: Story, print_: dict, rng: random.Random, share: float) -> list[tuple[str, bool]]:
    """Printed lines of the body: (line, open) where open means it ends mid-sentence."""
    lines: list[tuple[str, bool]] = []
    for k, (kind, text) in enumerate(story.blocks):
        if kind == "h":
            lines.append((text, False))
            continue
        if k == print_["first_p"]:
            text = print_["lead"] + text
        if k == len(story.blocks) - 1:
            text += print_["trail"]
        lo = len(print_["lead"]) if k == print_["first_p"] else 0
        hi = len(text) - len(print_["trail"]) if k == len(story.blocks) - 1 else len(text)
        early = rng.random() < 0.15
        halves = break_paragraph(text, rng, early=early, lo=lo, hi=hi) if rng.random() < share else None
        if halves:
            lines += [(halves[0], True), (halves[1], False)]
        else:
            lines.append((text, False))
    return lines


# -- pages --------------------------------------------------------------------


@dataclass
class _Segment:
    story: Story
    lines: list[str]
    closed: bool = True  # ends with a closing mark (credit or sentence end after a credit)


def _story_segments(story: Story, print_: dict, rng: random.Random, share: float):
    head = print_["head"]
    body = body_lines(story, print_, rng, share)
    return head, body


def compose_edition(
    index: int,
    source: list[list[str]],
    rng: random.Random,
    pages: int | None = None,
    wide: random.Random | None = None,
    unseen: bool = False,
) -> Edition:
    """One edition of 1–4 pages from stories drawn from ``source``.

    ``wide``, when given, draws the conventions of :mod:`.wider` on top
    (headlines repeated over continuations, kickers and subheads of other
    shapes) from its own random stream, so the corpus without them stays the
    same draw for draw; ``unseen`` draws them from the held-out part of
    each inventory.
    """
    n_pages = pages or rng.choice((1, 2, 2, 3, 4))
    paper = rng.choice(cv.PAPERS)
    date = cv.random_date(rng)
    per_page: list[list[list[str]]] = [[] for _ in range(n_pages)]  # each: list of line groups
    expected: list[list[Story]] = [[] for _ in range(n_pages)]
    jumps: list[tuple[int, int, list[str]]] = []  # (from page, to page, continuation lines)
    for p in range(n_pages):
        count = rng.randint(3, 6)
        groups: list[list[str]] = []
        pending: list[str] | None = None
        # What text alone can decide: text set apart from its story (an opening above
        # its headline, a continuation further down) follows a closing credit or
        # dateline, a caption or the page top; after a story with no closing mark,
        # fresh text reads as more of that story.
        closed = True
        for _ in range(count):
            sentences = rng.choice(source)
            story, print_ = make_story(list(sentences), rng)
            if wide is not None:
                wider.vary(story, print_, wide, unseen)
            story.page = p + 1
            head, body = _story_segments(story, print_, rng, share=0.4)
            expected[p].append(story)
            lines = [t for t, _ in body]
            caption = None
            if rng.random() < 0.15 and len(lines) >= 3:
                caption = cv.caption(rng)
            # A story jumps to a later page at a column end, mid-sentence.
            opens = [i for i, (_, o) in enumerate(body) if o]
            if p + 1 < n_pages and opens and rng.random() < 0.25 and not any(j[0] == p for j in jumps):
                cut = opens[0] + 1
                to = rng.randint(p + 2, n_pages)
                stay, go = lines[:cut], lines[cut:]
                stay[-1] += cv.jump_to(to, rng)
                repeated = wider.repeated_headline(story, wide) if wide is not None else []
                jumps.append((p + 1, to, repeated + cv.jump_from(p + 1, rng) + go))
                groups.append(head + stay)
                closed = True
                continue
            if caption and rng.random() < 0.5:
                at = rng.randrange(1, len(lines))
                if not body[at - 1][1]:
                    lines.insert(at, caption["line"])
                    expected[p].append(caption["story"])
                    caption = None
            if caption:
                groups.append([caption["line"]])
                expected[p].append(caption["story"])
                closed = True
            # An opening above its headline, or a story continued further down.
            ends_closed = bool(print_["trail"])
            if opens and rng.random() < 0.12 and opens[0] + 1 <= len(lines) // 2 + 1 and closed:
                cut = opens[0] + 1
                groups.append(lines[:cut] + head + lines[cut:])
                closed = ends_closed
                continue
            if opens and rng.random() < 0.15 and pending is None:
                cut = opens[-1] + 1
                groups.append(head + lines[:cut])
                pending = lines[cut:]
                closed = False
                continue
            groups.append(head + lines)
            closed = ends_closed
            if pending is not None and closed:
                groups.append(pending)
                pending = None
                closed = True
        if pending is not None:
            # Nothing closed after it: the rest goes to the top of the page.
            groups.insert(0, pending) if not closed else groups.append(pending)
        per_page[p] = groups
    for _, to, lines in jumps:
        at = rng.randrange(0, len(per_page[to - 1]) + 1)
        per_page[to - 1].insert(at, lines)
    out_pages = []
    headers = [cv.page_header(paper, date, p + 1, rng) for p in range(n_pages)]
    names = cv.file_names(n_pages, rng)
    if not all(any(re.search(r"第.{1,3}版", line) for line in h) for h in headers):
        names = [f"page-{n:02d}.txt" for n in range(1, n_pages + 1)]
    for p in range(n_pages):
        lines = list(headers[p])
        for group in per_page[p]:
            lines += group
        if rng.random() < 0.2:
            lines += cv.advert(rng)
        sep = "\n\n" if rng.random() < 0.8 else "\n"
        out_pages.append(Page(number=p + 1, filename=names[p], text=sep.join(lines) + "\n", expected=expected[p]))
    return Edition(index=index, pages=out_pages)


def generate(
    source: list[list[str]], editions: int, seed: int, wide: bool = False, fresh: bool = False
) -> list[Edition]:
    """``editions`` editions from ``seed``; ``wide`` adds the conventions of :mod:`.wider`.

    The wider conventions' phrases come from the development part of each
    inventory, except in held-out editions and in a ``fresh`` corpus.
    """
    rng = random.Random(seed)
    extra = random.Random(f"{seed}-wider") if wide else None
    return [compose_edition(k, source, rng, wide=extra, unseen=fresh or held_out(k)) for k in range(editions)]


def msra_source(path: Path, seed: int = CORPUS_SEED) -> list[list[str]]:
    """Consecutive MSRA sentences grouped into stories of 4–9 (read, never stored)."""
    rng = random.Random(seed)
    sentences = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"].strip()
            # Sentences that open with a dateline or carry layout notes are
            # conventions of their own, not running text.
            if 12 <= len(text) <= 160 and text[-1] in "。！？”" and not _NOT_RUNNING.search(text):
                sentences.append(text)
    stories, i = [], 0
    while i < len(sentences):
        n = rng.randint(4, 9)
        stories.append(sentences[i : i + n])
        i += n
    return [s for s in stories if len(s) >= 3]


def to_json(edition: Edition) -> dict:
    return {"index": edition.index, "pages": [asdict(p) for p in edition.pages]}


def from_json(data: dict) -> Edition:
    pages = []
    for p in data["pages"]:
        expected = [
            Story(**{**s, "blocks": [tuple(b) for b in s["blocks"]], "bylines": [tuple(b) for b in s["bylines"]]})
            for s in p["expected"]
        ]
        pages.append(Page(number=p["number"], filename=p["filename"], text=p["text"], expected=expected))
    return Edition(index=data["index"], pages=pages)


def load_sample() -> list[Edition]:
    return [from_json(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(SAMPLE_DIR.glob("edition-*.json"))]


def write_sample(editions: int = 12) -> None:
    from .texts import STORIES

    SAMPLE_DIR.mkdir(exist_ok=True)
    for old in SAMPLE_DIR.glob("edition-*.json"):
        old.unlink()
    for edition in generate(STORIES, editions, SAMPLE_SEED):
        path = SAMPLE_DIR / f"edition-{edition.index:03d}.json"
        path.write_text(json.dumps(to_json(edition), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", action="store_true", help="rewrite the frozen sample from texts.py")
    args = parser.parse_args(argv)
    if args.sample:
        write_sample()


if __name__ == "__main__":
    main()
