"""A title line standing alone inside a story: its subhead, or the next story's headline?

Subheads come in many shapes (党建引领聚合力, 从“等靠要”到“主动干”), most
of them a headline's.  What sets one apart is where it stands and what
follows: it stands in a story that has not ended (no closing credit), it
brings no furniture of its own (kicker, byline, dateline), and the text
under it goes on speaking of what the story above spoke of.  A bare title
line whose text shares clearly more rare vocabulary with the story above it
than with any other story of the page is read as that story's subhead.
"""

from __future__ import annotations

from .continuations import Similarity
from .fragment_types import FBlock, Fragment
from .lines import opens_a_later_item
from .phrases import refers_back

# The text under the line must share rare words with the story above at
# least this much (a cosine, see Similarity.score) and this many times more
# than with any other story.
SUBHEAD_MIN = 0.01
SUBHEAD_MARGIN = 1.5
SUBHEAD_CONFIDENCE = (0.65, ["a title line standing alone read as a subhead of the story above (shared vocabulary)"])
MID_STORY_CONFIDENCE = (
    0.6,
    ["a title line standing alone read as a subhead: the text under it opens mid-story (此外, 因此, 二是…)"],
)


def _opens_mid_story(f: Fragment, page: str) -> bool:
    """The text under the line opens as no story's lead does: pointing back, or a later list item."""
    s, e = f.blocks[0].spans[0]
    return refers_back(page[s:e]) or opens_a_later_item(page[s:e])


def _bare(f: Fragment) -> bool:
    """A headline and text only.  A credit or dateline printed after the text may close the
    section (市公安局提供): it closes the whole story then, and says nothing of the line."""
    if not (f.blocks and f.blocks[0].type == "p"):
        return False
    text_starts = f.blocks[0].spans[0][0]
    return (
        f.basis == "shape"
        and len(f.headlines) == 1
        and not (f.kickers or f.subtitles or f.dateline or f.photo)
        and all(start > text_starts for start, _ in f.byline_spans)
        and f.jump_from is None
    )


def fold_subheads(
    chains: list[list[int]],
    frags: list[Fragment],
    sim: Similarity,
    decided: dict[int, tuple[float, list[str]]],
    page: str,
) -> list[list[int]]:
    """Merge each chain headed by a bare title line into the story above it when their words say so."""
    owner = {i: c for c in chains for i in c}
    # Rivals are stories with furniture of their own: another bare line may be a
    # further subhead of the same story, sharing its words.
    stories = [
        c for c in chains if any(frags[i].starter for i in c) and not frags[c[0]].photo and not _bare(frags[c[0]])
    ]
    merged: set[int] = set()
    for chain in chains:
        f = frags[chain[0]]
        above = next((frags[i] for i in range(chain[0] - 1, -1, -1) if not frags[i].photo), None)
        if not _bare(f) or above is None or above.closed or not above.blocks or above.jump_to is not None:
            continue
        story = owner[above.index]
        if story is chain:
            continue
        mine = sim.score(story, chain)
        rival = max(
            (sim.score(other, chain) for other in stories if other is not story and other is not chain), default=0.0
        )
        if _opens_mid_story(f, page):
            # It goes on some story: the one above, unless another clearly shares more words.
            if rival >= SUBHEAD_MIN and rival > SUBHEAD_MARGIN * mine:
                continue
            confidence = MID_STORY_CONFIDENCE
        elif mine < SUBHEAD_MIN or mine < SUBHEAD_MARGIN * rival:
            continue
        else:
            confidence = SUBHEAD_CONFIDENCE
        text, span = f.headlines.pop()
        f.blocks.insert(0, FBlock("h", [span]))
        f.basis = ""
        decided[f.index] = confidence
        story.extend(chain)
        for i in chain:
            owner[i] = story
        merged.add(id(chain))
    return [c for c in chains if id(c) not in merged]
