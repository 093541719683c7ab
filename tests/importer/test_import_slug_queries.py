"""Saving an imported page reads other stories' former addresses once, not once per story."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, SlugHistory
from tests.factories import make_article

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[2] / "fixtures" / "shuozhou-page-2022-11.txt"


def test_importing_a_page_reads_former_addresses_in_a_bounded_number_of_queries():
    with CaptureQueriesContext(connection) as queries:
        call_command("import_print_page", str(SEED), stdout=io.StringIO(), stderr=io.StringIO())
    stories = Article.objects.count()
    former_reads = [q["sql"] for q in queries.captured_queries if "slughistory" in q["sql"].lower()]
    assert stories > 3
    # Once a page, not once a story: an edition of 16 pages and 120 stories would add 120 round trips.
    assert len(former_reads) <= 2, f"{len(former_reads)} reads of former slugs for {stories} stories"


def test_an_imported_story_never_takes_a_former_address_readers_had():
    # A public story once at the address the page's first headline would get.
    earlier = make_article(headline="冲在“疫”线的政协人")
    former = earlier.slug
    earlier.headline = "市政协机关党员干部下沉社区"
    earlier.save()

    call_command("import_print_page", str(SEED), stdout=io.StringIO(), stderr=io.StringIO())

    imported = Article.objects.get(headline="冲在“疫”线的政协人")
    assert imported.slug == f"{former}-2"
    assert SlugHistory.objects.get(slug=former).article == earlier
