"""A title line standing alone inside a story: its subhead, or the next story's headline?

Subheads come in many shapes (党建引领聚合力, 从“等靠要”到“主动干”), most
of them a headline's.  What sets one apart is where it stands and what
follows: it stands in a story that has not ended (no closing credit), it
brings no furniture of its own (kicker, byline, dateline), and the text
under it goes on speaking of what the story above spoke of.  A bare title
line whose text shares clearly more rare vocabulary with the story above it
than with any other story of the page is read as that story's subhead,
unless the line names what its own text says and not what the story above
said: that is the headline of a new story printing no byline, dateline or
credit.  A subhead may name its own section just as well when the story
has others (subheads come several to a story), so that evidence counts only
for a line standing alone.
"""

from __future__ import annotations

from .continuations import Similarity, fragment_text
from .fragment_types import FBlock, Fragment
from .lines import bigrams, opens_a_later_item, title_shape
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


def heads_its_own_text(line: str, below: str, above: str) -> bool:
    """Does the line name what the text under it says, and not what the story above says?

    A headline's words come back in its own story (我市举办首届农民丰收节 over
    "…我市首届中国农民丰收节在…举办"); a subhead divides a story, and what it
    names runs through that story.  When at least half of the line's words
    return in the text under it, and the story above has fewer than half as
    many of them, the line heads a story of its own that prints no byline.
    """
    words = bigrams(line)
    here = len(words & bigrams(below))
    return here >= 2 and 2 * here >= len(words) and 2 * len(words & bigrams(above)) < here


def _in_a_series(
    line: str,
    story: list[int],
    chain: list[int],
    frags: list[Fragment],
    owner: dict[int, list[int]],
    sim: Similarity,
    page: str,
) -> bool:
    """Subheads come several to a story: one dressed alike is in it already, or the next line down is another."""
    shape = title_shape(line)
    if any(
        b.type == "h" and title_shape(page[b.spans[0][0] : b.spans[-1][1]]) == shape
        for i in story
        for b in frags[i].blocks
    ):
        return True
    below = next((i for i in range(max(chain) + 1, len(frags)) if not frags[i].photo), None)
    if below is None or owner[below][0] != below or not _bare(frags[below]):
        return False
    # The next line must be a subhead by its own evidence, not a further headline of its own.
    following, next_line = owner[below], frags[below].headlines[-1][0]
    return sim.score(story + chain, following) >= SUBHEAD_MIN and not heads_its_own_text(
        next_line, _text(following, frags, page), _text(story + chain, frags, page)
    )


def _text(chain: list[int], frags: list[Fragment], page: str) -> str:
    return "".join(fragment_text(frags[i], page) for i in chain)


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
        elif not _in_a_series(f.headlines[-1][0], story, chain, frags, owner, sim, page) and heads_its_own_text(
            f.headlines[-1][0],
            _text(chain, frags, page),
            _text(story, frags, page),
        ):
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
