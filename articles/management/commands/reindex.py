from django.core.management.base import BaseCommand

from articles.search.index import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index of every article (jieba tokens, weighted by field)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Empty the index and, on PostgreSQL, rebuild the GIN index at the end: faster, "
            "but searches find little until it finishes. For maintenance windows.",
        )

    def handle(self, *args, rebuild=False, verbosity=1, **options):
        def progress(done, total):
            if verbosity >= 2:
                self.stdout.write(f"  {done}/{total}")

        result = reindex_all(rebuild=rebuild, progress=progress)
        if verbosity:
            self.stdout.write(f"indexed {result['indexed']}, deleted {result['deleted']}")
