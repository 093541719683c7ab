"""From a parsed page to what gets saved: pure Python, no Django.

``plan_page`` runs people extraction over each parsed story and returns plain
data; ``page_json`` turns it into the shape ``import_print_page --dry-run
--json`` prints. The ORM layer (``save.py``) only writes what a plan says.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field

from articles.importer.confidence import LOW
from articles.importer.parse import ParsedItem, ParsedPage
from people.extract import StoryPerson, people_in_story

# How long a headline made from a photo caption (which has none) may be.
CAPTION_HEADLINE_CHARS = 30
SUMMARY_CHARS = 120
_SENTENCE_ENDS = "。！？!?；;"


@dataclass
class PlannedItem:
    item: ParsedItem
    people: list[StoryPerson] = field(default_factory=list)

    @property
    def headline(self) -> str:
        """The printed headline; a photo caption has none, so its first clause stands in."""
        if self.item.headline:
            return self.item.headline
        return first_clause(self.item.body_text(), CAPTION_HEADLINE_CHARS) or "图片新闻"

    @property
    def summary(self) -> str:
        first = next((b.text for b in self.item.blocks if b.type == "p"), "")
        return truncate(first, SUMMARY_CHARS)

    def body_html(self) -> str:
        tags = {"p": "p", "h": "h3"}
        return "\n".join(
            f"<{tags[b.type]}>{html.escape(b.text, quote=False)}</{tags[b.type]}>" for b in self.item.blocks
        )


@dataclass
class PagePlan:
    items: list[PlannedItem]


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def first_clause(text: str, limit: int) -> str:
    """Text up to the first comma or sentence end, cut to ``limit`` characters."""
    for index, char in enumerate(text):
        if char in _SENTENCE_ENDS or char in ",，":
            return truncate(text[:index], limit)
    return truncate(text, limit)


def story_text(item: ParsedItem) -> str:
    """What people extraction reads: the display lines and the body.

    The subtitle often names the subject with their title (——记…科长张国强).
    """
    parts = [item.kicker, item.headline, item.subtitle, item.body_text()]
    return "\n\n".join(part for part in parts if part)


def plan_page(page: ParsedPage, known: Mapping[str, str] | None = None) -> PagePlan:
    """Attach the people each story mentions (bylines kept apart) to the parse."""
    known = known or {}
    planned = []
    for item in page.items:
        byline_names = [b.name for b in item.bylines if b.role != "credit"]
        people = people_in_story(story_text(item), known=known, exclude=byline_names) if item.blocks else []
        planned.append(PlannedItem(item=item, people=people))
    return PagePlan(items=planned)


def article_json(p: PlannedItem) -> dict:
    """One article of the dry-run shape: ``{kind, kicker, headline, subtitle, dateline, bylines,
    blocks, people, confidence, warnings}``, empty strings where a part is absent."""
    return {
        "kind": p.item.kind,
        "kicker": p.item.kicker,
        "headline": p.item.headline,
        "subtitle": p.item.subtitle,
        "dateline": p.item.dateline,
        "bylines": [{"name": b.name, "role": b.role} for b in p.item.bylines],
        "blocks": [{"type": b.type, "text": b.text} for b in p.item.blocks],
        "people": [{"name": person.name, "title": person.title} for person in p.people],
        "confidence": p.item.confidence,
        "warnings": list(p.item.warnings),
    }


def page_json(plan: PagePlan) -> dict:
    """The dry-run shape of one page: ``{"articles": [article_json, …]}``."""
    return {"articles": [article_json(p) for p in plan.items]}


def edition_json(plans: list[tuple[int, PagePlan]]) -> dict:
    """The dry-run shape of an edition: one list in page order, each article with the page it starts on."""
    return {"articles": [{**article_json(p), "page": number} for number, plan in plans for p in plan.items]}


def low_confidence(plan: PagePlan) -> int:
    """Items an editor should look at (confidence under :data:`.confidence.LOW`)."""
    return sum(1 for p in plan.items if p.item.confidence < LOW)
