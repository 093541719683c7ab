"""Pages composed from the seed's stories in other orders and layouts.

Each composed page must parse back to the same stories as the seed.  The
layouts are built from the hand-checked reference (seed_expected), never from
the parser's own output, and cover: shuffled stories, paragraphs broken at
other points, a story interrupted and continued after two other stories, and
a story whose opening stands above its own headline.

Layout rules the composer keeps (they are the rules of real pages, and the
limits of what text alone can decide):
* a break inside a paragraph falls between two Chinese characters and leaves
  at least 33 characters before it (a shorter unpunctuated piece is
  indistinguishable from a heading unless the break splits a word);
* an opening set above its headline is at most the first half of the story
  (with only a sentence left under the headline, nothing in the text says
  which headline it belongs to);
* a continuation, or an opening set above its headline, follows a story that
  closes with a credit (or the page top): after a story with no closing mark,
  unbroken-word-free prose is indistinguishable from more of that story.
"""

from __future__ import annotations

import random
import re

import pytest

from articles.importer.parse import parse_page

from .seed_expected import SEED_EXPECTED
from .test_parse import assert_coverage, assert_spans_consistent, summary

MIN_LEFT = 33
CJK = re.compile(r"[\u4e00-\u9fff]")


def stories():
    return [dict(s, bylines=list(s["bylines"]), blocks=list(s["blocks"])) for s in SEED_EXPECTED]


def render(story, rng, kicker_after=False, share=0.5):
    """Header lines and body lines of a story, in the seed's typographic conventions.

    Paragraphs are re-broken (``share`` of the long ones) before credits and
    datelines are put around them: column breaks never fall inside a credit.
    """
    if story["kind"] == "photo":
        return [], [story["blocks"][0][1] + "王汉平 摄"]
    head = []
    kicker = f"({story['kicker']})" if story["kicker"] else None
    if kicker and not kicker_after:
        head.append(kicker)
    head.append(story["headline"])
    if kicker and kicker_after:
        head.append(kicker)
    if story["subtitle"]:
        head.append("——" + story["subtitle"])
    lead, trail = "", ""
    credits = [b for b in story["bylines"] if b[1] == "credit"]
    people = [b for b in story["bylines"] if b[1] != "credit"]
    word = {"reporter": "记者 ", "correspondent": "通讯员 ", "author": ""}
    if story["dateline"]:
        named = [b for b in people if b[1] in ("reporter", "correspondent")]
        if named:
            lead = "(" + " ".join(word[r] + n for n, r in named) + ")"
        authors = [n for n, r in people if r == "author"]
        trail = "(" + " ".join(authors + [n for n, _ in credits]) + ")" if authors or credits else ""
    else:
        if people:
            head.append(" ".join(word[r] + n for n, r in people))
        if credits:
            trail = "(" + credits[0][0] + "提供)"
    body = rebreak([t for _, t in story["blocks"]], rng, share)
    if story["dateline"]:
        body[0] = story["dateline"] + (lead if lead else " ") + body[0]
    body[-1] += trail
    return head, body


def break_points(text, rng, count=1):
    """Positions between two Chinese characters, far enough from the start."""
    pts = [i for i in range(MIN_LEFT, len(text) - 1) if CJK.match(text[i - 1]) and CJK.match(text[i])]
    return sorted(rng.sample(pts, min(count, len(pts))))


def rebreak(lines, rng, share=0.5):
    """Split some long paragraphs at column breaks of our choosing."""
    out = []
    for line in lines:
        if len(line) > 80 and rng.random() < share:
            pts = break_points(line, rng, rng.randint(1, 2))
            prev = 0
            for p in pts:
                if p - prev >= MIN_LEFT:
                    out.append(line[prev:p])
                    prev = p
            out.append(line[prev:])
        else:
            out.append(line)
    return out


def page_text(chunks):
    return "\n\n".join(line for chunk in chunks for line in chunk) + "\n"


def check(text):
    page = parse_page(text)
    assert_coverage(page)
    assert_spans_consistent(page)
    got = sorted((summary(i) for i in page.items), key=lambda s: (s["headline"], s["kind"]))
    want = sorted(SEED_EXPECTED, key=lambda s: (s["headline"], s["kind"]))
    assert len(got) == len(want), [g["headline"] for g in got]
    for g, w in zip(got, want):
        assert g == w
    offsets = [i.first_offset() for i in page.items]
    assert offsets == sorted(offsets)


def closes_with_credit(story):
    return any(r == "credit" for _, r in story["bylines"]) or bool(
        story["dateline"] and story["bylines"] and story["bylines"][-1][1] in ("author", "credit")
    )


def whole(story, rng):
    head, body = render(story, rng, kicker_after=rng.random() < 0.5)
    return [head + body]


@pytest.mark.parametrize("seed", range(30))
def test_shuffled_and_rebroken(seed):
    rng = random.Random(seed)
    ss = stories()
    rng.shuffle(ss)
    check(page_text([c for s in ss for c in whole(s, rng)]))


def split_story(story, rng, keep_min=1, max_share=1.0):
    """Cut a story's body inside a paragraph: (head, before-lines, after-lines).

    The cut falls in the first ``max_share`` of the body's lines.
    """
    head, body = render(story, rng, kicker_after=rng.random() < 0.5, share=0.3)
    last = max(keep_min, int(len(body) * max_share))
    candidates = [k for k in range(keep_min - 1, last) if len(body[k]) > MIN_LEFT + 10]

    def points(line):
        # the piece after the cut must itself be long, or close its paragraph
        closes = line.rstrip("”)")[-1:] in "。!?…"
        return [p for p in break_points(line, rng, 10**6) if closes or len(line) - p >= MIN_LEFT]

    candidates = [k for k in candidates if points(body[k])] or [
        k for k in range(len(body)) if len(body[k]) > MIN_LEFT + 10 and points(body[k])
    ]
    k = rng.choice(candidates)
    p = rng.choice(points(body[k]))
    return head, body[:k] + [body[k][:p]], [body[k][p:]] + body[k + 1 :]


def splittable(story):
    return story["kind"] == "story" and any(len(t) > MIN_LEFT + 10 for _, t in story["blocks"])


@pytest.mark.parametrize("seed", range(40))
def test_continued_after_two_other_stories(seed):
    rng = random.Random(1000 + seed)
    ss = stories()
    rng.shuffle(ss)
    broken = rng.choice([s for s in ss if splittable(s)])
    others = [s for s in ss if s is not broken]
    closer = rng.choice([s for s in others if closes_with_credit(s)])
    filler = rng.choice([s for s in others if s is not closer])
    rest = [s for s in others if s is not closer and s is not filler]
    head, before, after = split_story(broken, rng)
    chunks = [c for s in rest[: len(rest) // 2] for c in whole(s, rng)]
    chunks.append(head + before)
    chunks += whole(filler, rng) + whole(closer, rng)
    chunks.append(after)
    chunks += [c for s in rest[len(rest) // 2 :] for c in whole(s, rng)]
    check(page_text(chunks))


@pytest.mark.parametrize("seed", range(40))
def test_opening_above_headline(seed):
    rng = random.Random(2000 + seed)
    ss = stories()
    rng.shuffle(ss)
    moved = rng.choice([s for s in ss if splittable(s) and not s["dateline"]])
    others = [s for s in ss if s is not moved]
    closer = rng.choice([s for s in others if closes_with_credit(s)])
    rest = [s for s in others if s is not closer]
    head, before, after = split_story(moved, rng, max_share=0.5)
    cut = rng.randint(0, len(rest))
    between = rng.randint(0, 2)
    chunks = [c for s in rest[:cut] for c in whole(s, rng)]
    chunks += whole(closer, rng)
    chunks.append(before)
    chunks += [c for s in rest[cut : cut + between] for c in whole(s, rng)]
    chunks.append(head + after)
    chunks += [c for s in rest[cut + between :] for c in whole(s, rng)]
    check(page_text(chunks))
