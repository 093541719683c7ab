"""The committed seed fixture is exactly what the importer makes of the seed page."""

import pytest
from django.core.management import call_command

from articles.importer.seed import SEED_FIXTURE, seed_fixture_json
from articles.models import Article
from people.models import Mention, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def departments():
    call_command("loaddata", "fixtures/departments.json", verbosity=0)


def test_committed_fixture_matches_the_importer(departments):
    assert seed_fixture_json() == SEED_FIXTURE.read_text(encoding="utf-8"), (
        "fixtures/seed-page.json is out of date: run `make fixtures` and review the diff"
    )


def test_building_the_fixture_leaves_the_database_as_it_was(departments):
    seed_fixture_json()
    assert not Article.objects.exists() and not Person.objects.exists()


def test_fixture_loads_twice_without_duplicates(departments):
    call_command("loaddata", str(SEED_FIXTURE), verbosity=0)
    counts = (Article.objects.count(), Person.objects.count(), Mention.objects.count())
    call_command("loaddata", str(SEED_FIXTURE), verbosity=0)
    assert (Article.objects.count(), Person.objects.count(), Mention.objects.count()) == counts
    assert Article.objects.published().count() == 11
