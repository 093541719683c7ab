"""The seed page as a Django fixture: what `make run` loads and a test checks.

The fixture is the importer's own output for ``fixtures/shuozhou-page-2022-11.txt``,
serialized with natural keys so that loading it again updates rows instead of
duplicating them. Timestamps that change on every run are left out.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import transaction
from django.db.models import Q
from taggit.models import Tag

from articles.importer.page_files import read_page_file
from articles.importer.parse import parse_page
from articles.importer.plan import plan_page
from articles.importer.save import Placement, known_people, save_page
from articles.models import Article, Byline, Department, Edition, Photo, PrintPage, Publication, TaggedArticle
from people.models import Alias, Mention, Person

SEED_TEXT = Path(settings.BASE_DIR) / "fixtures" / "shuozhou-page-2022-11.txt"
SEED_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "seed-page.json"
# The page names neither its paper nor its date: a Shuozhou daily, and the
# stories report events up to Sunday 20 November 2022, so Monday's edition.
SEED_PUBLICATION = "朔州日报"
SEED_DATE = dt.date(2022, 11, 21)
SEED_PAGE = 1
SEED_DEPARTMENT = "kangyi-yixian"

# Fields that differ on every run (timestamps) or belong to the database, not the page.
_VOLATILE = {"created_at", "updated_at", "created_by", "updated_by"}


def _fields(model):
    return [f.name for f in model._meta.local_fields if not f.primary_key and f.name not in _VOLATILE]


def seed_fixture_json() -> str:
    """Import the seed page, serialize what it made, and roll everything back."""
    with transaction.atomic():
        department = Department.objects.filter(slug=SEED_DEPARTMENT).first()
        page_file = read_page_file(SEED_TEXT)
        plan = plan_page(parse_page(page_file.text), known_people())
        placement = Placement(SEED_PUBLICATION, SEED_DATE, SEED_PAGE, department)
        summary = save_page(plan, placement, source_text=page_file.text)
        articles = Article.objects.filter(pk__in=summary.article_ids).order_by("print_position")
        # The seed page's people were checked by an editor: it ships them confirmed, as shown to readers.
        Mention.objects.filter(article__in=articles).update(confirmed=True)
        people = (
            Person.objects.filter(Q(bylines__article__in=articles) | Q(mentions__article__in=articles))
            .distinct()
            .order_by("pk")
        )
        groups = [
            Publication.objects.filter(name=SEED_PUBLICATION),
            Edition.objects.filter(publication__name=SEED_PUBLICATION, date=SEED_DATE),
            PrintPage.objects.filter(articles__in=articles).distinct(),
            people,
            Alias.objects.filter(person__in=people).order_by("person_id", "name"),
            Tag.objects.filter(articles_taggedarticle_items__content_object__in=articles).distinct().order_by("name"),
            articles,
            TaggedArticle.objects.filter(content_object__in=articles).order_by(
                "content_object__print_position", "tag__name"
            ),
            Byline.objects.filter(article__in=articles).order_by("article__print_position", "position"),
            Photo.objects.filter(article__in=articles).order_by("article__print_position", "position"),
            Mention.objects.filter(article__in=articles).order_by("article__print_position", "first_offset", "pk"),
        ]
        records = []
        for queryset in groups:
            records += json.loads(
                serializers.serialize(
                    "json",
                    list(queryset),
                    fields=_fields(queryset.model),
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=True,
                )
            )
        transaction.set_rollback(True)
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
