"""Revisions of articles with django-reversion, and comparing two of them.

django-reversion stores an article together with its bylines, photos,
mentions and tags as one revision, so restoring a revision restores the
story as it stood, not just its headline and body. (django-simple-history
keeps one history per table, which would make an editor restore each byline
by hand.)
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import reversion
from django.db import transaction
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from articles.sanitize import html_to_text

COMPARED_FIELDS = [
    "kicker",
    "headline",
    "subtitle",
    "summary",
    "dateline",
    "body",
    "status",
    "publish_at",
    "department",
    "slug",
]


# The rows of a story stored (and restored) with it: its reverse relations.
FOLLOWED = ["bylines", "photos", "mentions", "tagged_items"]


def register():
    from articles.models import Article, Byline, Photo, TaggedArticle
    from people.models import Mention

    for model in (Byline, Photo, Mention, TaggedArticle):
        if not reversion.is_registered(model):
            reversion.register(model)
    if not reversion.is_registered(Article):
        reversion.register(Article, follow=FOLLOWED)


def _links(model):
    """Each followed model of ``model`` with the attname of its key to it."""
    relations = [model._meta.get_field(name) for name in FOLLOWED]
    return {relation.related_model: relation.field.attname for relation in relations}


def story_versions(version) -> list:
    """The versions in ``version``'s revision that are its story's own: the
    story's and those of its followed rows that pointed at it then and do
    not point at another story now. An import or an
    admin bulk action saves several stories in one revision; the others are
    not this story's to restore."""
    links = _links(version._model)
    pointed = [
        other
        for other in version.revision.version_set.exclude(pk=version.pk)
        if other._model in links and str(other.field_dict.get(links[other._model])) == version.object_id
    ]
    # A row moved to another story since (a merge moves mentions) is that
    # story's now: one query a followed model, not one a row.
    moved = set()
    for model in {other._model for other in pointed}:
        ids = [other.object_id for other in pointed if other._model is model]
        rows = model._default_manager.using(version.db).filter(pk__in=ids).exclude(**{links[model]: version.object_id})
        moved |= {(model, str(pk)) for pk in rows.values_list("pk", flat=True)}
    return [version, *(other for other in pointed if (other._model, other.object_id) not in moved)]


def revert_story(version, delete=False):
    """Write back the story of ``version`` as it stood in its revision, with
    its own rows (story_versions) and nothing else of the revision; with
    ``delete``, also delete the story's rows that the revision does not
    hold."""
    from reversion.models import _safe_revert

    own = story_versions(version)
    with transaction.atomic(using=version.db):
        story = version._model._default_manager.using(version.db).filter(pk=version.object_id).first()
        if delete and story is not None:
            kept = {(other._model, other.object_id) for other in own}
            for name in FOLLOWED:
                for row in getattr(story, name).all().using(version.db):
                    if (type(row), str(row.pk)) not in kept:
                        row.delete()
        _safe_revert(own)


def body_lines(body_html: str) -> list[str]:
    """An article body as the lines a reader sees: one per paragraph or subhead."""
    return html_to_text(body_html).splitlines()


@dataclass
class FieldDiff:
    field: str
    label: str
    before: str
    after: str

    @property
    def html(self):
        """Inline diff of the two values: <del> for removed text, <ins> for added."""
        matcher = difflib.SequenceMatcher(None, self.before, self.after, autojunk=False)
        parts = []
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op == "equal":
                parts.append(("span", self.before[a0:a1]))
            if op in ("delete", "replace"):
                parts.append(("del", self.before[a0:a1]))
            if op in ("insert", "replace"):
                parts.append(("ins", self.after[b0:b1]))
        return mark_safe(format_html_join("", "<{0}>{1}</{0}>", parts).replace("\n", "<br>"))


def _display(model, field_name, value):
    if value is None:
        return ""
    if field_name == "body":
        return "\n".join(body_lines(value))
    field = model._meta.get_field(field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else str(value)
    return str(value)


def compare_fields(model, before: dict, after: dict) -> list[FieldDiff]:
    """The fields that differ between two stored states of an article."""
    diffs = []
    for name in COMPARED_FIELDS:
        key = model._meta.get_field(name).attname
        old, new = _display(model, name, before.get(key)), _display(model, name, after.get(key))
        if old != new:
            diffs.append(FieldDiff(name, str(model._meta.get_field(name).verbose_name), old, new))
    return diffs


def related_summary(version) -> dict[str, list[str]]:
    """Bylines, tags and mentions stored with a revision, as readable lists."""
    from articles.models import Byline, TaggedArticle
    from people.models import Mention

    summary = {"bylines": [], "tags": [], "mentions": []}
    for other in version.revision.version_set.all():
        model = other.content_type.model_class()
        data = other.field_dict
        if model is Byline:
            summary["bylines"].append(data.get("credit") or _display(Byline, "person", data.get("person_id")))
        elif model is TaggedArticle:
            summary["tags"].append(_display(TaggedArticle, "tag", data.get("tag_id")))
        elif model is Mention:
            summary["mentions"].append(_display(Mention, "person", data.get("person_id")))
    return {key: sorted(values) for key, values in summary.items()}
