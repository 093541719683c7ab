"""`make backup`: write every row the newsroom made to var/backups/ (gzipped JSON)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.backup import EXCLUDED, backed_up_models


class Command(BaseCommand):
    help = "Back up content, accounts and history as a natural-key fixture (restore with `restore`)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="file to write (default var/backups/newsroom-<time>.json.gz)")

    def handle(self, *args, output=None, **options):
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.VAR_DIR) / "backups" / f"newsroom-{stamp}.json.gz"
        output.parent.mkdir(parents=True, exist_ok=True)
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=EXCLUDED,
            output=str(output),
            verbosity=0,
        )
        rows = sum(model._default_manager.count() for model in backed_up_models())
        self.stdout.write(f"wrote {output} ({rows} rows)")
