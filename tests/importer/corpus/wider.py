"""Conventions of real pages the first corpus did not draw, added on request.

Drawn from a random stream of their own (see ``generate(..., wide=True)``):
a headline printed again over the part of a story continued on another page;
plain kickers with a comma or of a headline's length; subheads that are not
two four-character phrases; headlines of two parallel phrases set on two
lines.  Every phrase here was written for the corpus.
"""

from __future__ import annotations

import random

COMMA_KICKERS = [
    "聚焦民生实事，回应群众期盼",
    "稳就业，保民生",
    "织密保障网，兜住民生底",
    "冬季供暖一线见闻",
    "落实“双减”一学期",
]
SUBHEADS = [
    "坚持人民至上，守护万家灯火",
    "既要富口袋，也要富脑袋",
    "小切口撬动大民生",
    "党建引领聚合力",
    "从“等靠要”到“主动干”",
    "（一）夯实基层基础",
    "1.补齐公共服务短板",
]

# Headlines of two phrases, set on two lines.  Their expected text parts the
# lines with one space, the importer's convention for two phrases (a line
# broken inside a phrase is expected joined with nothing).
PARALLEL_HEADLINES = [
    ("疫情不灭", "我不退"),
    ("坚持人民至上", "守护万家灯火"),
    ("小区封控", "服务不停"),
    ("党员冲在前", "群众暖在心"),
    ("管网改造不停工", "暖气按时进万家"),
    ("守初心", "担使命"),
    ("冬日送温暖", "真情暖人心"),
    ("稳岗位", "保就业"),
]


def parallel_headline(story, print_: dict) -> None:
    """Now and then, a headline of two parallel phrases set on two lines.

    Drawn from a stream seeded by the story's own headline, so every other
    draw of the wider corpus stays as it was.
    """
    rng = random.Random("parallel " + story.headline)
    if rng.random() >= 0.1:
        return
    head = print_["head"]
    if story.headline in head:
        at, n = head.index(story.headline), 1
    else:
        at = next((k for k in range(len(head) - 1) if head[k] + head[k + 1] == story.headline), None)
        if at is None:
            return
        n = 2
    first, second = rng.choice(PARALLEL_HEADLINES)
    head[at : at + n] = [first, second]
    story.headline = f"{first} {second}"


def vary(story, print_: dict, rng: random.Random) -> None:
    """Give ``story`` (already dressed) a kicker or subheads of other shapes, now and then."""
    head = print_["head"]
    if story.kicker and story.kicker in head and rng.random() < 0.4:
        # A plain kicker line (not bracketed, not a column label) of another shape.
        at = head.index(story.kicker)
        story.kicker = rng.choice(COMMA_KICKERS)
        head[at] = story.kicker
    subheads = [k for k, (kind, _) in enumerate(story.blocks) if kind == "h"]
    if subheads and rng.random() < 0.5:
        for k, text in zip(subheads, rng.sample(SUBHEADS, len(subheads))):
            story.blocks[k] = ("h", text)
    parallel_headline(story, print_)


def repeated_headline(story, rng: random.Random) -> list[str]:
    """The headline printed again over a continuation, half of the time."""
    return [story.headline] if rng.random() < 0.5 else []
