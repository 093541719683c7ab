"""Story cards (a story in a list) and the home page's lead, each a cached fragment.

A card shows the story's own fields, its department's name and its bylines'
names, so it depends on exactly those rows; a byline, photo or tag change
bumps the story's row. Lists hand their stories here by id, or loaded with
``for_cards()`` (the card's columns only); rows are loaded only for the cards
that are not in the cache, in one query for the whole page, their bylines in
the same query (by id) or in one more (stories handed in loaded).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence

from django.db import connections
from django.db.models import QuerySet, TextField, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from articles import fragments
from articles.page_cache import row_key

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


def card_dependencies(article) -> set[str]:
    """The rows a card shows: the story, its department, the people in its bylines."""
    from articles.models import Article, Department
    from people.models import Person

    names = {row_key(Article, article.pk)}
    if article.department_id:
        names.add(row_key(Department, article.department_id))
    names.update(row_key(Person, byline.person_id) for byline in article.bylines.all() if byline.person_id)
    return names


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


# A card's bylines as one JSON array of [id, person_id, credit, role, position,
# the person's name, slug], a column of the story's row, in each database's words.
_JSON_LIST = {"postgresql": "JSON_AGG(JSON_BUILD_ARRAY({}))::text", "sqlite": "JSON_GROUP_ARRAY(JSON_ARRAY({}))"}


@functools.cache
def _bylines_sql(alias: str) -> str:
    # Plain SQL: the same subquery built by the ORM (JSON objects, a grouped
    # subquery) cost more CPU to compile than the prefetch query it saves.
    from articles.models import Article, Byline
    from people.models import Person

    connection = connections[alias]
    q = connection.ops.quote_name

    byline, person = q(Byline._meta.db_table), q(Person._meta.db_table)
    columns = [f"b.{q(Byline._meta.get_field(name).column)}" for name in ("id", "person", "credit", "role", "position")]
    columns += [f"p.{q(Person._meta.get_field(name).column)}" for name in ("name", "slug")]
    return (
        f"SELECT {_JSON_LIST[connection.vendor].format(', '.join(columns))} FROM {byline} b"
        f" LEFT JOIN {person} p ON p.{q(Person._meta.pk.column)} = b.{q(Byline._meta.get_field('person').column)}"
        f" WHERE b.{q(Byline._meta.get_field('article').column)}"
        f" = {q(Article._meta.db_table)}.{q(Article._meta.pk.column)}"
    )


def _with_bylines(stories: QuerySet) -> QuerySet:
    """``stories`` with their bylines' columns in ``byline_rows`` (JSON text), for ``_attach_bylines``."""
    return stories.annotate(byline_rows=RawSQL(_bylines_sql(stories.db), (), TextField()))


def _from_columns(model, db, values: dict):
    """An instance of ``model`` as loaded from the database with only these columns (by attname)."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


def _attach_bylines(article) -> None:
    """Bylines built from the story's ``byline_rows`` column, as a prefetch
    would leave them (``article.bylines.all()`` runs no query)."""
    from articles.models import Byline
    from people.models import Person

    db, bylines = article._state.db, []
    rows = json.loads(article.byline_rows) if article.byline_rows else ()
    for pk, person_id, credit, role, position, name, slug in sorted(rows, key=lambda row: (row[4], row[0])):
        values = {"id": pk, "article_id": article.pk, "person_id": person_id, "credit": credit, "role": role}
        byline = _from_columns(Byline, db, {**values, "position": position})
        if person_id:
            byline.person = _from_columns(Person, db, {"id": person_id, "name": name, "slug": slug})
        bylines.append(byline)
    # What prefetch_related_objects() leaves on each instance (Django has no public setter).
    cached = article.bylines.all()
    cached._result_cache, cached._prefetch_done = bylines, True
    article._prefetched_objects_cache = {"bylines": cached}


def _name(pk, variant: str) -> str:
    return f"lead:{pk}" if variant == LEAD else f"card:{variant}:{pk}"


def render_cards(items: Sequence[tuple[object, str]]) -> list[SafeString]:
    """The HTML of each (story, variant) in ``items``, in order: cached cards
    reused, the others rendered (with one bylines query for all of them)."""
    if not items:
        return []
    started = fragments.render_started()
    names = [_name(article.pk, variant) for article, variant in items]
    found = fragments.fetch(names)
    missing = {name: item for name, item in zip(names, items) if name not in found}
    found.update(_render(missing, started))
    return [found[name] for name in names]


def render_cards_by_id(items: Sequence[tuple[int, str]]) -> dict[tuple[int, str], SafeString]:
    """The cards (and the lead, variant ``LEAD``) of published stories given
    by id, by (id, variant): a list page loads only its stories' ids. Cached
    cards are reused, and only the rows of the others are loaded (one query,
    their bylines in it, and one for the lead's photos). A story no longer published by then
    has no card."""
    if not items:
        return {}
    from articles.models import Article

    started = fragments.render_started()
    names = {item: _name(*item) for item in dict.fromkeys(items)}
    found = fragments.fetch(names.values())
    missing = [item for item, name in names.items() if name not in found]
    if missing:
        stories = _with_bylines(Article.objects.published().for_cards()).in_bulk({pk for pk, _ in missing})
        for story in stories.values():
            _attach_bylines(story)
        found.update(_render({names[pk, v]: (stories[pk], v) for pk, v in missing if pk in stories}, started))
    return {item: found[name] for item, name in names.items() if name in found}


def _render(missing: dict[str, tuple[object, str]], started: int) -> dict[str, SafeString]:
    """Render and keep the fragments ``{name: (story, variant)}``, bylines
    (and the lead's photos) loaded in one query each."""
    if not missing:
        return {}
    # One story may be two objects (the home page's newest and its section's block).
    stories = list({id(article): article for article, variant in missing.values() if variant != LEAD}.values())
    if stories:
        prefetch_related_objects(stories, _bylines_prefetch())
    leads = [article for article, variant in missing.values() if variant == LEAD]
    if leads:
        prefetch_related_objects(leads, "photos")
    rendered, html_by_name = {}, {}
    for name, (article, variant) in missing.items():
        if variant == LEAD:
            html, names = get_template(LEAD_TEMPLATE).render({"lead": article}), lead_dependencies(article)
        else:
            html = get_template(CARD_TEMPLATE).render({"article": article, **VARIANTS[variant]})
            names = card_dependencies(article)
        rendered[name] = (html, names)
        html_by_name[name] = mark_safe(html)
    fragments.store(rendered, started)
    return html_by_name


def join_cards(cards: Iterable[SafeString]) -> SafeString:
    """A list's cards as one piece of HTML (a template then outputs one value, not one per card)."""
    return mark_safe("".join(cards))
