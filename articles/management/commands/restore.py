"""Restore a backup made by `backup` into a migrated database, then rebuild the search index."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Article


class Command(BaseCommand):
    help = (
        "Load a backup (var/backups/newsroom-*.json.gz) in one transaction and rebuild the search index. "
        "Run `migrate` first. Refuses a database that already has articles unless --into-existing is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path)
        parser.add_argument("--into-existing", action="store_true", help="merge into a database that has content")

    def handle(self, *args, backup, into_existing, **options):
        if not backup.is_file():
            raise CommandError(f"{backup}: no such backup file")
        if Article.objects.exists() and not into_existing:
            raise CommandError("this database already has articles; restore into a fresh one or pass --into-existing")
        with transaction.atomic():
            call_command("loaddata", str(backup), verbosity=0)
        call_command("reindex", verbosity=0)
        self.stdout.write(f"restored {backup}; search index rebuilt")
