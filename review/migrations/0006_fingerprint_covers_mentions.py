"""Reviews' fingerprints cover the people a story names that readers see
(review.content: each public mention's name and title).

A review stored before holds the fingerprint of its story's text, bylines,
photos and tags. Where that is still the story as it stands, the passes and
sign-off stand for the story with its people (what they covered before):
the fingerprint is brought up to date, or the next save of every story with
a public mention would send it back, and every signed-off one taken down
would need signing off again. A story without public mentions keeps its
fingerprint, which the new formula gives it as well. The formula is copied
here, as it is now; which mentions are public is the settings' rule
(people.models.public_mention_q), read as the site reads it.
"""

import hashlib
import json
from collections import defaultdict

from django.conf import settings
from django.db import migrations
from django.db.models import Q

CONTENT_FIELDS = ["kicker", "headline", "subtitle", "dateline", "summary", "body"]
BATCH = 500


def _digest(values):
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


def _public():
    shown = Q(confirmed=True)
    threshold = getattr(settings, "PEOPLE_PUBLIC_MIN_CONFIDENCE", None)
    if threshold is not None:
        shown |= Q(confidence__gte=threshold)
    return shown


def forwards(apps, schema_editor):
    alias = schema_editor.connection.alias
    Review = apps.get_model("review", "Review")
    Mention = apps.get_model("people", "Mention")
    # Only the reviews of stories with public mentions change: the others are never read.
    reviews = Review.objects.using(alias).filter(
        article_id__in=Mention.objects.using(alias).filter(_public()).values("article_id")
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
    still their story's text, bylines, photos and tags, for stories with
    public mentions."""
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    Photo = apps.get_model("articles", "Photo")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    Mention = apps.get_model("people", "Mention")
    ids = [article_id for _, article_id, _ in chunk]
    texts = {
        row[0]: [value or "" for value in row[1:]]
        for row in (Article.objects.using(alias).filter(pk__in=ids).values_list("pk", *CONTENT_FIELDS))
    }
    bylines, photos, tags, mentions = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list)
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
    for article_id, name, title in (
        Mention.objects.using(alias)
        .filter(_public(), article_id__in=ids)
        .order_by("article_id", "first_offset", "pk")
        .values_list("article_id", "person__name", "title")
    ):
        mentions[article_id].append([name, title])
    for pk, article_id, stored in chunk:
        text = texts.get(article_id)
        if text is None or not mentions[article_id]:
            continue
        parts = [bylines[article_id], photos[article_id]]
        # Sorted here, not by the database: its collation is not Python's.
        names = sorted(tags[article_id])
        if names:
            before = _digest([*text, parts, names])
        else:
            before = _digest([*text, parts]) if any(parts) else _digest(text)
        if stored != before:
            continue
        yield pk, _digest([*text, parts, names, mentions[article_id]])


class Migration(migrations.Migration):
    dependencies = [("review", "0005_article_verbose_names"), ("people", "0003_mention_confirmed_article")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
