"""Regenerate fixtures/seed-page.json from the seed page (`make fixtures`)."""

from django.core.management.base import BaseCommand, CommandError

from articles.importer.seed import SEED_FIXTURE, seed_fixture_json
from articles.models import Article
from people.models import Person


class Command(BaseCommand):
    help = (
        "Import the seed page into a rolled-back transaction and write what it made to "
        "fixtures/seed-page.json. Needs a database with no articles or people (make fixtures uses a fresh one), "
        "so that the fixture does not depend on what a database happened to hold."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only compare with the committed fixture")

    def handle(self, *args, check, **options):
        if Article.objects.exists() or Person.objects.exists():
            raise CommandError("the database already has articles or people; run `make fixtures` (fresh database)")
        fresh = seed_fixture_json()
        current = SEED_FIXTURE.read_text(encoding="utf-8") if SEED_FIXTURE.exists() else ""
        if check:
            if fresh != current:
                raise CommandError(f"{SEED_FIXTURE} is out of date with the importer; run `make fixtures`")
            self.stdout.write(f"{SEED_FIXTURE} matches the importer")
            return
        SEED_FIXTURE.write_text(fresh, encoding="utf-8")
        self.stdout.write(f"wrote {SEED_FIXTURE} ({fresh.count(chr(10) + ' {')} records)")
