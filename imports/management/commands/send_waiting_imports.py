"""Send uploads that were kept while the job queue was unreachable (cron, or by hand)."""

from django.core.management.base import BaseCommand

from imports.jobs import send_waiting


class Command(BaseCommand):
    help = "Send the import desk's uploads that are waiting for the job queue."

    def handle(self, *args, **options):
        self.stdout.write(f"sent {send_waiting()} waiting import(s)")
