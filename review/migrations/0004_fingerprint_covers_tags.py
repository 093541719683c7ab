"""Reviews' fingerprints cover a story's tags (review.content).

A review stored before holds the fingerprint of its story's text, bylines
and photos (the text alone for a story with neither). Where that is still
the story as it stands, the passes and sign-off stand for the story with its
tags (what they covered before): the fingerprint is brought up to date, or
the next save of every tagged story would send it back, and every
signed-off tagged story taken down would need signing off again. A story
without tags keeps its fingerprint, which the new formula gives it as well.
The formula is copied here, as it is now.
"""

import hashlib
import json
from collections import defaultdict

from django.db import migrations

CONTENT_FIELDS = ["kicker", "headline", "subtitle", "dateline", "summary", "body"]
BATCH = 500


def _digest(values):
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


def forwards(apps, schema_editor):
    alias = schema_editor.connection.alias
    Review = apps.get_model("review", "Review")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    # Only the reviews of tagged stories change: the others are never read.
    reviews = Review.objects.using(alias).filter(
        article_id__in=TaggedArticle.objects.using(alias).values("content_object_id")
    )
    last = 0
    while True:
        # A batch at a time, by the primary key: no cursor stays open while
        # the batch before is written, and memory holds one batch.
        chunk = list(reviews.filter(pk__gt=last).order_by("pk").values_list("pk", "article_id", "fingerprint")[:BATCH])
        if not chunk:
            return
        last = chunk[-1][0]
        brought = [
            Review(pk=pk, fingerprint=fingerprint) for pk, fingerprint in _brought_up_to_date(apps, alias, chunk)
        ]
        Review.objects.using(alias).bulk_update(brought, ["fingerprint"])


def _brought_up_to_date(apps, alias, chunk):
    """(pk, new fingerprint) of the reviews of ``chunk`` whose fingerprint is
    still their story's text, bylines and photos, for stories with tags."""
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    Photo = apps.get_model("articles", "Photo")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    ids = [article_id for _, article_id, _ in chunk]
    texts = {
        row[0]: [value or "" for value in row[1:]]
        for row in (Article.objects.using(alias).filter(pk__in=ids).values_list("pk", *CONTENT_FIELDS))
    }
    bylines, photos, tags = defaultdict(list), defaultdict(list), defaultdict(list)
    for article_id, role, name, credit in (
        Byline.objects.using(alias)
        .filter(article_id__in=ids)
        .order_by("article_id", "position", "pk")
        .values_list("article_id", "role", "person__name", "credit")
    ):
        bylines[article_id].append([role, name or credit or ""])
    for article_id, *row in (
        Photo.objects.using(alias)
        .filter(article_id__in=ids)
        .order_by("article_id", "position", "pk")
        .values_list("article_id", "image", "caption", "credit", "alt_text")
    ):
        photos[article_id].append(row)
    for article_id, name in (
        TaggedArticle.objects.using(alias)
        .filter(content_object_id__in=ids)
        .values_list("content_object_id", "tag__name")
    ):
        tags[article_id].append(name)
    for pk, article_id, stored in chunk:
        text = texts.get(article_id)
        parts = [bylines[article_id], photos[article_id]]
        if text is None or not tags[article_id]:
            continue
        # Sorted here, not by the database: its collation is not Python's.
        names = sorted(tags[article_id])
        before = _digest([*text, parts]) if any(parts) else _digest(text)
        if stored != before:
            continue
        yield pk, _digest([*text, parts, names])


class Migration(migrations.Migration):
    dependencies = [("review", "0003_fingerprint_covers_parts"), ("articles", "0014_import_records")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
