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

# The text under the line must share rare words with the story above at
# least this much (a cosine, see Similarity.score) and this many times more
# than with any other story.
SUBHEAD_MIN = 0.03
SUBHEAD_MARGIN = 1.5
SUBHEAD_CONFIDENCE = (0.65, ["a title line standing alone read as a subhead of the story above (shared vocabulary)"])


def _bare(f: Fragment) -> bool:
    return (
        f.basis == "shape"
        and len(f.headlines) == 1
        and not (f.kickers or f.subtitles or f.bylines or f.dateline or f.end_dateline or f.photo)
        and f.jump_from is None
        and bool(f.blocks)
        and f.blocks[0].type == "p"
    )


def fold_subheads(
    chains: list[list[int]], frags: list[Fragment], sim: Similarity, decided: dict[int, tuple[float, list[str]]]
) -> list[list[int]]:
    """Merge each chain headed by a bare title line into the story above it when their words say so."""
    owner = {i: c for c in chains for i in c}
    stories = [c for c in chains if any(frags[i].starter for i in c) and not frags[c[0]].photo]
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
        rivals = [sim.score(other, chain) for other in stories if other is not story and other is not chain]
        if mine < SUBHEAD_MIN or mine < SUBHEAD_MARGIN * max(rivals, default=0.0):
            continue
        text, span = f.headlines.pop()
        f.blocks.insert(0, FBlock("h", [span]))
        f.basis = ""
        decided[f.index] = SUBHEAD_CONFIDENCE
        story.extend(chain)
        for i in chain:
            owner[i] = story
        merged.add(id(chain))
    return [c for c in chains if id(c) not in merged]
