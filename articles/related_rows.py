"""A story's bylines and mentions (with their people), photos and tags read
as JSON columns of the story's own query, instead of a prefetch query each.

Each prefetch query cost Django more CPU to build and compile than the
database took to answer it (a story page made four). Here each relation is
a correlated subquery in plain SQL, written once per database and kept,
aggregating the related rows' columns into one JSON array; the story's row
carries them, and ``attach()`` builds from them the instances a prefetch
would have left (``article.bylines.all()`` and the others run no query).
The instances hold only the columns read here (people: name and slug).
"""

from __future__ import annotations

import functools
import json

from django.db import connections
from django.db.models import BooleanField, QuerySet, TextField
from django.db.models.expressions import RawSQL

# The rows' columns as one JSON array of arrays, in each database's words.
_JSON_LIST = {"postgresql": "JSON_AGG(JSON_BUILD_ARRAY({}))::text", "sqlite": "JSON_GROUP_ARRAY(JSON_ARRAY({}))"}

# The columns read of each relation's rows (a byline's then its person's).
BYLINE_FIELDS = ("id", "person", "credit", "role", "position")
PERSON_FIELDS = ("name", "slug")
TAG_FIELDS = ("id", "name", "slug")


def _models():
    from taggit.models import Tag

    from articles.models import Article, Byline, Photo, TaggedArticle
    from people.models import Person

    return Article, Byline, Photo, TaggedArticle, Tag, Person


@functools.cache
def _sql(alias: str, relation: str, public_mentions: tuple[str, tuple] | None = None) -> tuple[str, tuple]:
    # Plain SQL: the same subqueries built by the ORM cost more CPU to compile
    # than the prefetch queries they save.
    from people.models import Mention

    Article, Byline, Photo, TaggedArticle, Tag, Person = _models()
    connection = connections[alias]
    q = connection.ops.quote_name

    def column(model, name):
        return q(model._meta.get_field(name).column)

    story = f"{q(Article._meta.db_table)}.{q(Article._meta.pk.column)}"
    if relation == "bylines":
        columns = [f"b.{column(Byline, name)}" for name in BYLINE_FIELDS]
        # The person's columns each read by its key: joined, PostgreSQL merged
        # the people's whole primary key index against each story's one or two
        # bylines (0.012 ms a card with 2,000 people, growing with them).
        person = f"{q(Person._meta.db_table)} p WHERE p.{q(Person._meta.pk.column)} = b.{column(Byline, 'person')}"
        columns += [f"(SELECT p.{column(Person, name)} FROM {person})" for name in PERSON_FIELDS]
        source = f"{q(Byline._meta.db_table)} b WHERE b.{column(Byline, 'article')} = {story}"
    elif relation == "photos":
        columns = [f"ph.{q(field.column)}" for field in Photo._meta.concrete_fields]
        source = f"{q(Photo._meta.db_table)} ph WHERE ph.{column(Photo, 'article')} = {story}"
    elif relation == "tags":
        # The tagging's id first: tags in the order they were put on the story.
        columns = [f"ta.{q(TaggedArticle._meta.pk.column)}"] + [f"t.{column(Tag, name)}" for name in TAG_FIELDS]
        source = (
            f"{q(TaggedArticle._meta.db_table)} ta JOIN {q(Tag._meta.db_table)} t"
            f" ON t.{q(Tag._meta.pk.column)} = ta.{column(TaggedArticle, 'tag')}"
            f" WHERE ta.{column(TaggedArticle, 'content_object')} = {story}"
        )
    elif relation == "mentions":
        # Unaliased: the readers' condition names the mentions table.
        mention = q(Mention._meta.db_table)
        columns = [f"{mention}.{q(field.column)}" for field in Mention._meta.concrete_fields]
        columns += [f"p.{column(Person, name)}" for name in PERSON_FIELDS]
        condition, params = public_mentions
        person = f"p.{q(Person._meta.pk.column)} = {mention}.{column(Mention, 'person')}"
        source = (
            f"{mention} JOIN {q(Person._meta.db_table)} p ON {person}"
            f" WHERE {mention}.{column(Mention, 'article')} = {story} AND ({condition})"
        )
        return f"SELECT {_JSON_LIST[connection.vendor].format(', '.join(columns))} FROM {source}", params
    else:
        raise ValueError(f"no JSON rows for {relation!r}")
    return f"SELECT {_JSON_LIST[connection.vendor].format(', '.join(columns))} FROM {source}", ()


def with_rows(stories: QuerySet, *relations: str) -> QuerySet:
    """``stories`` with each relation's rows in a ``<relation>_rows`` column
    (JSON text): ``bylines``, ``photos``, ``tags``, ``mentions`` (those readers see)."""
    from people.models import public_mention_sql

    alias = stories.db
    columns = {}
    for relation in relations:
        # The readers' condition on mentions is compiled for each request (it
        # reads settings), the rest of the SQL once.
        sql, params = _sql(alias, relation, public_mention_sql(alias) if relation == "mentions" else None)
        columns[f"{relation}_rows"] = RawSQL(sql, params, TextField())
    return stories.annotate(**columns)


def rows(text: str | None) -> list[list]:
    return json.loads(text) if text else []


def from_columns(model, db, values: dict):
    """An instance of ``model`` as loaded from the database with only these columns (by attname)."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


def set_prefetched(article, relation: str, instances: list) -> None:
    """Leave ``instances`` on ``article`` as prefetch_related(relation) would."""
    # What prefetch_related_objects() leaves on each instance (Django has no public setter).
    manager = getattr(article, relation)
    cached = _tags(manager) if relation == "tags" else manager.all()
    cached._result_cache, cached._prefetch_done = instances, True
    if not hasattr(article, "_prefetched_objects_cache"):
        article._prefetched_objects_cache = {}
    article._prefetched_objects_cache[relation] = cached


def _tags(manager):
    """The story's tags' queryset, as taggit's manager builds it, with its
    filter kept unapplied until a query is chained onto it (as Django's own
    related managers keep theirs): resolving that join through the tagging
    table cost taggit 0.3 ms of CPU a story page, for a queryset whose rows
    are already read."""
    through = manager.through
    tags = through.tag_model().objects.order_by(*manager.ordering)
    tags._defer_next_filter = True
    return tags.filter(**{f"{through.tag_relname()}__content_object": manager.instance})


def bylines(article_pk, db, byline_rows) -> list:
    """Bylines (their people's name and slug) from JSON rows, in their order."""
    _, Byline, _, _, _, Person = _models()
    built = []
    for pk, person_id, credit, role, position, name, slug in sorted(byline_rows, key=lambda row: (row[4], row[0])):
        values = {"id": pk, "article_id": article_pk, "person_id": person_id, "credit": credit, "role": role}
        byline = from_columns(Byline, db, {**values, "position": position})
        if person_id is not None:
            byline.person = from_columns(Person, db, {"id": person_id, "name": name, "slug": slug})
        built.append(byline)
    return built


def photos(db, photo_rows) -> list:
    """Photos from JSON rows (every column), in their order."""
    _, _, Photo, _, _, _ = _models()
    names = [field.attname for field in Photo._meta.concrete_fields]
    built = [Photo.from_db(db, names, row) for row in photo_rows]
    built.sort(key=lambda photo: (photo.position, photo.pk))
    return built


def mentions(article_pk, db, mention_rows) -> list:
    """Mentions (their people's name and slug) from JSON rows, in the story's order."""
    from people.models import Mention

    _, _, _, _, _, Person = _models()
    fields = Mention._meta.concrete_fields
    names = [field.attname for field in fields]
    booleans = [isinstance(field, BooleanField) for field in fields]
    built = []
    for row in mention_rows:
        values = [bool(value) if boolean and value is not None else value for value, boolean in zip(row, booleans)]
        mention = Mention.from_db(db, names, values[: len(names)])
        mention.person = from_columns(
            Person, db, {"id": mention.person_id, **dict(zip(PERSON_FIELDS, row[len(names) :]))}
        )
        built.append(mention)
    built.sort(key=lambda mention: (mention.first_offset, mention.pk))
    return built


def attach(article) -> None:
    """Build the related instances from the JSON columns ``with_rows()`` added,
    as prefetches would have left them."""
    Tag = _models()[4]
    db = article._state.db
    if hasattr(article, "bylines_rows"):
        set_prefetched(article, "bylines", bylines(article.pk, db, rows(article.__dict__.pop("bylines_rows"))))
    if hasattr(article, "photos_rows"):
        set_prefetched(article, "photos", photos(db, rows(article.__dict__.pop("photos_rows"))))
    if hasattr(article, "tags_rows"):
        tag_rows = sorted(rows(article.__dict__.pop("tags_rows")))
        tags = [from_columns(Tag, db, dict(zip(TAG_FIELDS, row[1:]))) for row in tag_rows]
        set_prefetched(article, "tags", tags)
    if hasattr(article, "mentions_rows"):
        set_prefetched(article, "mentions", mentions(article.pk, db, rows(article.__dict__.pop("mentions_rows"))))
