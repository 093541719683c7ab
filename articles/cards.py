"""Story cards (a story in a list) and the home page's lead, each a cached fragment.

A card shows the story's own fields, its department's name and its bylines'
names, so it depends on exactly those rows; a byline, photo or tag change
bumps the story's row. Lists hand their stories here by id, or loaded with
``for_cards()`` (the card's columns only); rows are loaded only for the cards
that are not in the cache, in one query for the whole page, their bylines in
the same query (by id, as plain rows: no model instances, the query compiled
once per number of stories) or in one more (stories handed in loaded). A card is the card template's markup filled in
with its row's values (``card_markup.py``); the lead is rendered by its
template.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db import router
from django.db.models import prefetch_related_objects
from django.template.context import make_context
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles import compiled_sql, fragments, related_rows
from articles.card_markup import BylineRow, CardBatch, CardRow, CompiledCards, announce_renders
from articles.page_cache import row_key, versions_seen
from articles.querysets import CARD_FIELDS

CARD_TEMPLATE = "includes/article_item.html"
LEAD_TEMPLATE = "includes/lead_story.html"

# The home page's lead story (photo, headline, summary, section and time).
LEAD = "lead"
# How each list shows its cards (the card template's switches).
VARIANTS = {
    "list": {"show_department": True, "level": 2},  # section, tag and archive pages
    "latest": {"show_department": True},  # the home page's newest stories
    "compact": {"compact": True},  # the home page's section blocks
}


def lead_dependencies(article) -> set[str]:
    """The rows the lead shows: the story, its photos, its department."""
    from articles.models import Photo

    names = {row_key(type(article), article.pk), *(row_key(Photo, p.pk) for p in article.photos.all())}
    if article.department_id:
        names.add(row_key(type(article.department), article.department_id))
    return names


def _bylines_prefetch():
    from django.db.models import Prefetch

    from articles.models import Byline

    return Prefetch(
        "bylines",
        queryset=Byline.objects.select_related("person")
        .only(
            "article_id",
            "person_id",
            "credit",
            "role",
            "position",
            "person__name",
            "person__slug",
        )
        .order_by("position", "pk"),
    )


# The columns of a card's row, in CardRow's order, then its bylines (JSON, related_rows.py).
_ROW_COLUMNS = ("pk", *CARD_FIELDS)
if tuple(column.replace("__", "_") for column in _ROW_COLUMNS) != CardRow._fields[:-1]:
    raise ImproperlyConfigured("CardRow's fields must be the card's columns (querysets.CARD_FIELDS), in order")


def _card_row(values) -> CardRow:
    """A CardRow from ``_ROW_COLUMNS`` and the ``bylines_rows`` JSON column."""
    *columns, byline_rows = values
    # JSON rows: [id, person_id, credit, role, position, the person's name, slug].
    rows = sorted(related_rows.rows(byline_rows), key=lambda row: (row[4], row[0]))
    return CardRow._make((*columns, tuple(map(BylineRow._make, rows))))


def row_from_story(article) -> CardRow:
    """A CardRow of a story loaded with ``for_cards()`` (bylines prefetched or loaded here)."""
    department = article.department if article.department_id else None
    return CardRow(
        article.pk,
        article.kind,
        article.kicker,
        article.headline,
        article.subtitle,
        article.slug,
        article.summary,
        article.publish_at,
        article.department_id,
        department and department.name,
        department and department.slug,
        tuple(
            BylineRow(
                b.pk,
                b.person_id,
                b.credit,
                b.role,
                b.position,
                b.person.name if b.person_id else None,
                b.person.slug if b.person_id else None,
            )
            for b in article.bylines.all()
        ),
    )


def story_from_row(row: CardRow, db: str = "default"):
    """The story of ``row`` as ``for_cards()`` loads it, bylines prefetched:
    what the card and lead templates render."""
    from articles.models import Article, Department

    values = {name: getattr(row, name) for name in CardRow._fields[1:8]}
    article = related_rows.from_columns(Article, db, {**values, "id": row.pk})
    article.department_id = row.department_id
    if row.department_id is not None:
        values = {"id": row.department_id, "name": row.department_name, "slug": row.department_slug}
        article.department = related_rows.from_columns(Department, db, values)
    related_rows.set_prefetched(article, "bylines", related_rows.bylines(row.pk, db, row.bylines))
    return article


def _render_quietly(template, context: dict) -> str:
    """``template`` rendered without telling ``template_rendered``'s listeners
    (the test client counts renders): compiling and checking a card's markup
    renders no card."""
    template = template.template
    context = make_context(context)
    with context.render_context.push_state(template), context.bind_template(template):
        return template.nodelist.render(context)


def _card_template_html(row: CardRow, variant: str) -> str:
    return _render_quietly(get_template(CARD_TEMPLATE), {"article": story_from_row(row), **VARIANTS[variant]})


@functools.lru_cache(maxsize=4)
def _compiled_cards(template) -> CompiledCards:
    # One per loaded template (Django's, not the backend's wrapper, made anew
    # by each get_template()): templates the development server reloads compile afresh.
    return CompiledCards(_card_template_html)


def _story_key(pk) -> str:
    from articles.models import Article

    return row_key(Article, pk)


def _department_model():
    from articles.models import Department

    return Department


def _lead_template_html(row: CardRow, variant: str) -> str:
    lead = story_from_row(row)
    related_rows.set_prefetched(lead, "photos", [])
    return _render_quietly(get_template(LEAD_TEMPLATE), {"lead": lead})


@functools.lru_cache(maxsize=4)
def _compiled_leads(template) -> CompiledCards:
    # The lead template compiled as the card template is (a lead without photos).
    return CompiledCards(_lead_template_html)


def card_kind(variant: str) -> str:
    """The kind of fragment (``fragments.holds_version()``) of a story's card of ``variant``."""
    return "lead" if variant == LEAD else f"card:{variant}"


def _name(pk, variant: str) -> str:
    return f"{card_kind(variant)}:{pk}"


def render_cards(items: Sequence[tuple[object, str]]) -> list[SafeString]:
    """The HTML of each (story, variant) in ``items``, in order: cached cards
    reused, the others rendered (with one bylines query for all of them)."""
    if not items:
        return []
    started = fragments.render_started()
    names = [_name(article.pk, variant) for article, variant in items]
    found = fragments.fetch(names)
    missing = {name: item for name, item in zip(names, items) if name not in found}
    if missing:
        # One story may be two objects (the home page's newest and its section's block).
        stories = list({id(article): article for article, variant in missing.values()}.values())
        prefetch_related_objects(stories, _bylines_prefetch())
        rows = {name: (row_from_story(article), variant) for name, (article, variant) in missing.items()}
        found.update({name: html for name, (html, _) in _render(rows, started, stories[0]._state.db).items()})
    return [found[name] for name in names]


def render_cards_by_id(items: Sequence[tuple[int, str]], preloaded: Sequence = ()) -> dict[tuple[int, str], SafeString]:
    """The cards (and the lead, variant ``LEAD``) of published stories given
    by id, by (id, variant): a list page loads only its stories' ids. Cached
    cards are reused, and only the rows of the others are loaded, as plain
    rows, in one query (their bylines in it, and the lead's photos). A story
    no longer published by then has no card. Rows in ``preloaded`` (read
    with the list's ids) need no query."""
    return {item: html for item, (html, _) in _cards_by_id(items, (), preloaded).items()}


def _cards_by_id(items: Sequence[tuple[int, str]], missed: Iterable[str] = (), preloaded: Sequence = ()) -> dict:
    """``render_cards_by_id``, each card with the names it depends on:
    ``{(id, variant): (html, names)}``. ``missed`` are names a fetch of this
    request found missing already: they are not asked for again;
    ``preloaded`` are rows read already (``newest_rows``)."""
    if not items:
        return {}
    from articles.models import Article

    started = fragments.render_started()
    names = {item: _name(*item) for item in dict.fromkeys(items)}
    missed = set(missed)
    # A card this process does not hold is likely a new story's: if it is
    # rendered, it depends on the story's row, whose version is read now.
    fragments.expect_versions(*{_story_key(pk) for (pk, _), name in names.items() if not fragments.held(name)})
    ready = _ready(preloaded)
    found = fragments.fetch_entries(
        name for (pk, _), name in names.items() if name not in missed and (pk not in ready or fragments.held(name))
    )
    missing = [item for item, name in names.items() if name not in found]
    if missing:
        alias = router.db_for_read(Article)
        rows, photos = {}, {}
        for values in preloaded:
            if any(pk == values[0] for pk, _ in missing):
                rows[values[0]] = _card_row(values[: len(_ROW_COLUMNS) + 1])
                if len(values) > len(_ROW_COLUMNS) + 1:  # read with its photos
                    photos[values[0]] = related_rows.rows(values[-1])
        ids = tuple(sorted({pk for pk, _ in missing} - rows.keys()))
        lead = any(variant == LEAD and pk not in rows for pk, variant in missing)
        if ids:
            for values in compiled_sql.rows(_card_rows, lead, using=alias, now=timezone.now(), ids=ids):
                row = rows[values[0]] = _card_row(values[: len(_ROW_COLUMNS) + 1])
                if lead:
                    photos[row.pk] = related_rows.rows(values[-1])
        missing = {names[pk, v]: (rows[pk], v) for pk, v in missing if pk in rows}
        found.update(_render(missing, started, alias, photos))
    return {item: found[name] for item, name in names.items() if name in found}


def _ready(preloaded: Sequence) -> set[int]:
    """The stories whose cards are rendered from ``preloaded`` rather than
    asked of the cache, when this process holds none: those whose versions
    are known already (read with the page's lookup), for whom a cache read
    would be a call of its own after the list's query."""
    seen = versions_seen()
    return {values[0] for values in preloaded if _story_key(values[0]) in seen}


def newest_rows(count: int) -> compiled_sql.Query:
    """The card rows (bylines and photos in them) of the ``count`` newest
    published stories, for a list page to read with its ids, in their round
    trip: after a publish, the new story's card (and lead) is made from them
    with no query of its own."""
    return compiled_sql.Query(_newest_card_rows, (count,), {"now": timezone.now()})


class IdsWithNewestRows:
    """A list's ids (``list_ids.Ids``) whose first page is read together with
    the card rows (bylines in them) of the list's ``count`` newest stories,
    in one round trip: after a publish to the list, the new story's card
    needs no query of its own (``preloaded``)."""

    def __init__(self, ids, count: int, using: str):
        self.ids, self.newest, self.using = ids, count, using
        self.preloaded = ()

    def __getitem__(self, bounds: slice):
        if bounds.start:
            return self.ids[bounds]
        queries = [self.ids.query(bounds), self.ids.around(_newest_list_rows, self.newest)]
        found, self.preloaded = compiled_sql.rows_together(queries, using=self.using)
        return found

    def count(self) -> int:
        return self.ids.count()


def _newest_list_rows(build, count: int, *, now, **values):
    from articles.models import Article

    newest = build(0, count, now=now, **values)
    stories = related_rows.with_rows(Article.objects.filter(pk__in=newest), "bylines")
    return stories.values_list(*_ROW_COLUMNS, "bylines_rows")


def _newest_card_rows(count: int, *, now):
    from articles.models import Article

    stories = related_rows.with_rows(Article.objects.published(now).newest_first(), "bylines", "photos")
    return stories.values_list(*_ROW_COLUMNS, "bylines_rows", "photos_rows")[:count]


class Block(NamedTuple):
    """Cards shown together (a list, a section's block on the home page), cached as one fragment.

    Named by its cards, in order (``name`` says which list, then the ids), it
    depends on what each card does and on each story's row (a story whose
    card was missing, no longer published, is one), and on ``depends``."""

    name: str
    items: tuple[tuple[int, str], ...]
    # The HTML around the joined cards of blocks of this kind, for all those
    # to wrap at once: [(block, its cards' HTML)] → [its HTML]; None: the cards alone.
    wrap: Callable[[list[tuple[Block, SafeString]]], list[str]] | None = None
    depends: frozenset[str] = frozenset()
    about: tuple = ()  # what ``wrap`` shows besides the cards (a section's id, name, slug)

    @property
    def fragment(self) -> str:
        return f"{self.name}:" + ",".join(f"{pk}/{variant}" for pk, variant in self.items)


def render_blocks(
    blocks: Sequence[Block], singles: Sequence[tuple[int, str]] = (), preloaded: Sequence = ()
) -> tuple[list, dict]:
    """The HTML of each block (in order), and of each single card of
    ``singles`` (by (id, variant)). A block that is cached is one fragment
    read, not one per card; only the blocks whose cards changed (after a
    publish, those the new story joined) are joined again from their cards,
    and their missing cards are rendered together, in one query.

    Blocks, singles and the cards of the blocks this process does not hold
    in memory (likely changed) are read in one cache call."""
    started = fragments.render_started()
    names = [block.fragment for block in blocks]
    blocks_held = [fragments.held(name) for name in names]
    single_names = {item: _name(*item) for item in singles}
    ready = _ready(preloaded)
    here: dict[tuple[int, str], bool] = {}

    def rendered_here(item) -> bool:
        if (known := here.get(item)) is None:
            known = here[item] = fragments.held(_name(*item)) or item[0] in ready
        return known

    # A block not held is likely one a new story joined: its cards are read
    # with the blocks, those held only checked, and a card neither held nor
    # cached is rendered and depends on its story's row, read now too. A
    # block or card made of what is held or ready only is made here, without
    # asking the cache.
    items = [item for block, held in zip(blocks, blocks_held) if not held for item in block.items]
    unheld = [item for item in [*items, *singles] if not rendered_here(item)]
    fragments.expect(*(_name(*item) for item in unheld))
    fragments.expect_versions(
        *{_story_key(pk) for pk, _ in unheld},
        *{name for item in items for name in fragments.held_depends(_name(*item))},
    )
    asked = [
        name
        for block, name, held in zip(blocks, names, blocks_held)
        if held or not all(map(rendered_here, block.items))
    ]
    asked += [name for item, name in single_names.items() if fragments.held(name) or item[0] not in ready]
    found = fragments.fetch(asked)
    missing = [(block, name) for block, name in zip(blocks, names) if name not in found]
    items = [item for block, _ in missing for item in block.items]
    items += [item for item, name in single_names.items() if name not in found]
    cards = _cards_by_id(items, [name for name in single_names.values() if name not in found], preloaded)
    if missing:
        from articles.models import Article

        rendered = {}
        joined, by_wrap = {}, {}
        for block, name in missing:
            shown = [cards[item] for item in block.items if item in cards]
            depends = set(block.depends).union(*(depends for _, depends in shown))
            depends.update(row_key(Article, pk) for pk, _ in block.items)
            joined[name] = (join_cards(html for html, _ in shown), depends)
            by_wrap.setdefault(block.wrap, []).append((block, name))
        for wrap, group in by_wrap.items():
            htmls = [joined[name][0] for _, name in group]
            if wrap is not None:
                htmls = wrap([(block, html) for (block, _), html in zip(group, htmls)])
            for (_, name), html in zip(group, htmls, strict=True):
                rendered[name] = (html, joined[name][1])
                found[name] = SafeString(html)
        fragments.store(rendered, started)
    singles_html = {item: found[name] for item, name in single_names.items() if name in found}
    singles_html.update({item: cards[item][0] for item in single_names if item in cards})
    return [found[name] for name in names], singles_html


def _card_rows(lead: bool, *, now, ids):
    """The rows of the published stories ``ids``, their bylines (and the
    lead's photos) in them: compiled once per number of ids (``compiled_sql``)."""
    from articles.models import Article

    relations = ["bylines", "photos"] if lead else ["bylines"]
    stories = related_rows.with_rows(Article.objects.published(now).filter(pk__in=ids), *relations)
    return stories.values_list(*_ROW_COLUMNS, *(f"{relation}_rows" for relation in relations))


def card_dependencies(row: CardRow) -> set[str]:
    """The rows a card shows: the story, its department, the people in its bylines."""
    from articles.models import Article, Department
    from people.models import Person

    names = {row_key(Article, row.pk)}
    if row.department_id is not None:
        names.add(row_key(Department, row.department_id))
    names.update(row_key(Person, b.person_id) for b in row.bylines if b.person_id is not None)
    return names


def _render(
    missing: dict[str, tuple[CardRow, str]], started: int, db: str, photos: dict[int, list] | None = None
) -> dict[str, SafeString]:
    """Render and keep the fragments ``{name: (row, variant)}``; a lead's
    photos are ``photos[its id]`` (JSON rows), or loaded here in one query."""
    if not missing:
        return {}
    rendered, by_name = {}, {}
    # Most often (after a publish) the cards of one story, no lead among them.
    lead_template = get_template(LEAD_TEMPLATE) if any(variant == LEAD for _, variant in missing.values()) else None
    # A lead without photos (its photos read with its row) is filled in like a
    # card, from the lead template's compiled markup; one with photos, or
    # whose photos are not read yet, is rendered by the template.
    plain = set()
    if photos is not None:
        plain = {name for name, (row, variant) in missing.items() if variant == LEAD and photos.get(row.pk) == []}
    leads = {
        name: story_from_row(row, db)
        for name, (row, variant) in missing.items()
        if variant == LEAD and name not in plain
    }
    if leads and photos is not None:
        for lead in leads.values():
            related_rows.set_prefetched(lead, "photos", related_rows.photos(db, photos[lead.pk]))
    elif leads:
        prefetch_related_objects(list(leads.values()), "photos")
    card_template = get_template(CARD_TEMPLATE)
    cards, batch, announced = _compiled_cards(card_template.template), CardBatch(), []
    for name, (row, variant) in missing.items():
        if name in plain:
            html = _compiled_leads(lead_template.template).render(row, LEAD, batch)
            names = {_story_key(row.pk)}
            if row.department_id is not None:
                names.add(row_key(_department_model(), row.department_id))
            announce_renders(lead_template.template, [{}])
        elif variant == LEAD:
            lead = leads[name]
            html, names = lead_template.render({"lead": lead}), lead_dependencies(lead)
        else:
            html, names = cards.render(row, variant, batch), card_dependencies(row)
            announced.append(VARIANTS[variant])
        rendered[name] = (html, names)
        by_name[name] = (SafeString(html), names)
    announce_renders(card_template.template, announced)
    fragments.store(rendered, started)
    return by_name


def join_cards(cards: Iterable[SafeString]) -> SafeString:
    """A list's cards as one piece of HTML (a template then outputs one value, not one per card)."""
    return mark_safe("".join(cards))
