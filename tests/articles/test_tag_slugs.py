"""A tag's slug is never empty, so every page that links it has a URL."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from taggit.models import Tag

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["\\", "！？", "…", "-"])
def test_a_punctuation_only_tag_gets_a_slug(name):
    tag = Tag.objects.create(name=name)
    assert tag.slug == "tag"


def test_chinese_tags_keep_their_slug_and_fallbacks_stay_unique():
    assert Tag.objects.create(name="抗疫一线").slug == "抗疫一线"
    assert [Tag.objects.create(name=n).slug for n in ("\\", "/", "##")] == ["tag", "tag-2", "tag-3"]


def test_a_published_story_with_such_a_tag_and_the_tag_sitemap_answer(client):
    article = make_article(tags=["\\"])
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/sitemap-tags.xml").status_code == 200
    assert client.get("/tag/tag/").status_code == 200


def test_the_migration_fills_empty_slugs():
    Tag.objects.create(name="抗疫")
    Tag.objects.bulk_create(
        [
            Tag(name="\\", slug=""),
        ]
    )
    migration = importlib.import_module("articles.migrations.0010_tag_slugs_never_empty")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.fill(apps, editor)
    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["tag", "抗疫"]
    assert Article.objects.count() == 0
