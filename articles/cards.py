"""Story cards (a story in a list) and the home page's lead, each a cached fragment.

A card shows the story's own fields, its department's name and its bylines'
names, so it depends on exactly those rows; a byline, photo or tag change
bumps the story's row. Lists hand their stories here by id, or loaded with
``for_cards()`` (the card's columns only); rows are loaded only for the cards
that are not in the cache, in one query for the whole page, their bylines in
the same query (by id) or in one more (stories handed in loaded).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Aggregate, JSONField, OuterRef, Subquery, prefetch_related_objects
from django.db.models.functions import JSONObject
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


class _JSONList(Aggregate):
    """The values as one JSON array (SQLite's JSON_GROUP_ARRAY, PostgreSQL's JSONB_AGG)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra)


_BYLINE_COLUMNS = {"id": "pk", "person_id": "person_id", "credit": "credit", "role": "role", "position": "position"}
_PERSON_COLUMNS = {"name": "person__name", "slug": "person__slug"}


def _bylines_column() -> Subquery:
    """A story's bylines (the columns a card shows) as one JSON array, a column of its row."""
    from articles.models import Byline

    columns = JSONObject(**_BYLINE_COLUMNS, **_PERSON_COLUMNS)
    rows = Byline.objects.filter(article=OuterRef("pk")).order_by().values("article_id")
    return Subquery(rows.annotate(rows=_JSONList(columns)).values("rows"))


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
    for row in sorted(article.byline_rows or (), key=lambda row: (row["position"], row["id"])):
        byline = _from_columns(Byline, db, {"article_id": article.pk, **{c: row[c] for c in _BYLINE_COLUMNS}})
        if byline.person_id:
            person = {"id": byline.person_id, **{c: row[c] for c in _PERSON_COLUMNS}}
            byline.person = _from_columns(Person, db, person)
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
        rows = Article.objects.published().for_cards().annotate(byline_rows=_bylines_column())
        stories = rows.in_bulk({pk for pk, _ in missing})
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
