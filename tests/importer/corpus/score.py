"""Scoring the parser on composed pages against their true parse.

A story is *whole* when an article on the page where it starts has exactly
its headline (spaces included: two title lines joined the way an editor
should see them) and exactly its blocks (same count and types, text equal
after whitespace is removed): body identical, paragraphs joined exactly
where the print broke them, continuations on other pages included.  The
headline is *found* when it matches after whitespace is removed.
Kicker, subtitle, dateline and bylines are counted separately.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .generate import Edition, Story


def norm(text: str) -> str:
    return "".join(text.split())


@dataclass
class Parsed:
    """What the scorer needs of one parsed article."""

    page: int
    kind: str
    headline: str
    kicker: str
    subtitle: str
    dateline: str
    bylines: list[tuple[str, str]]
    blocks: list[tuple[str, str]]


@dataclass
class Score:
    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, Story, list[Parsed]]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.counts.update(other.counts)
        self.failures += other.failures

    def share(self, key: str, of: str = "stories") -> float:
        return self.counts[key] / self.counts[of] if self.counts[of] else 0.0

    def line(self) -> str:
        c = self.counts
        return (
            f"{c['whole']}/{c['stories']} stories whole ({100 * self.share('whole'):.1f}%), "
            f"headlines {c['headline']}/{c['stories']}, bylines {c['bylines']}/{c['stories']}, "
            f"datelines {c['dateline']}/{c['stories']}, kickers {c['kicker']}/{c['stories']}, "
            f"photos {c['photo_whole']}/{c['photos']}, extra items {c['extra']}"
        )


def _blocks(blocks) -> list[tuple[str, str]]:
    return [(t, norm(x)) for t, x in blocks]


def score_edition(edition: Edition, parsed: list[Parsed]) -> Score:
    score = Score()
    used: set[int] = set()
    for page in edition.pages:
        mine = [(k, p) for k, p in enumerate(parsed) if p.page == page.number]
        for story in page.expected:
            if story.kind == "photo":
                score.counts["photos"] += 1
                hit = [
                    k
                    for k, p in mine
                    if p.kind == "photo" and _blocks(p.blocks) == _blocks(story.blocks) and k not in used
                ]
                if hit:
                    used.add(hit[0])
                    score.counts["photo_whole"] += 1
                continue
            score.counts["stories"] += 1
            same = [(k, p) for k, p in mine if norm(p.headline) == norm(story.headline) and k not in used]
            if not same:
                score.failures.append(("headline", story, [p for _, p in mine]))
                continue
            k, best = next(((k, p) for k, p in same if _blocks(p.blocks) == _blocks(story.blocks)), same[0])
            used.add(k)
            score.counts["headline"] += 1
            score.counts["bylines"] += best.bylines == [tuple(b) for b in story.bylines]
            score.counts["dateline"] += norm(best.dateline) == norm(story.dateline)
            score.counts["kicker"] += norm(best.kicker) == norm(story.kicker)
            score.counts["subtitle"] += norm(best.subtitle) == norm(story.subtitle)
            # Whole means exactly right: the headline as an editor will see it,
            # spaces included (a space inside a phrase is an error there).
            if _blocks(best.blocks) == _blocks(story.blocks) and best.headline.strip() == story.headline.strip():
                score.counts["whole"] += 1
            else:
                score.failures.append(
                    ("body" if _blocks(best.blocks) != _blocks(story.blocks) else "spacing", story, [best])
                )
    score.counts["extra"] += len(parsed) - len(used)
    return score


def from_item(item, page: int) -> Parsed:
    """Adapt a :class:`articles.importer.structures.ParsedItem`."""
    return Parsed(
        page=page,
        kind=item.kind,
        headline=item.headline,
        kicker=item.kicker,
        subtitle=item.subtitle,
        dateline=item.dateline,
        bylines=[(b.name, b.role) for b in item.bylines],
        blocks=[(b.type, b.text) for b in item.blocks],
    )


def parse_edition_items(edition: Edition) -> list[Parsed]:
    """Parse an edition the way ``import_print_page --edition`` does."""
    from articles.importer.edition import EditionFile, parse_edition

    parsed = parse_edition([EditionFile(p.filename, p.text) for p in edition.pages])
    return [from_item(item, item_page) for item_page, item in parsed.articles()]


def score_all(editions: list[Edition]) -> dict[str, Score]:
    out = {"development": Score(), "held-out": Score()}
    for edition in editions:
        out["held-out" if edition.held_out else "development"].add(score_edition(edition, parse_edition_items(edition)))
    return out
