"""Import digitized print pages: page text → articles, bylines, photos, mentions."""
import datetime as dt
import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.importer.page_files import PageFileError, expand_paths, read_page_file
from articles.importer.parse import PageParseError, parse_page
from articles.importer.plan import page_json, plan_page
from articles.importer.save import ImportSummary, Placement, known_people, save_page
from articles.models import Department
from imports.processing import with_stored_corrections


def _date(value):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date {value!r} is not a date in the form YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Import the plain text of printed newspaper pages. Several files or a folder are pages of one "
        "edition, numbered from --page in file-name order. Every file is read and parsed before anything "
        "is saved, and all pages are saved in one transaction: a bad file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_FOLDER")
        parser.add_argument("--publication", default=settings.DEFAULT_PUBLICATION, help="the paper's name")
        parser.add_argument("--date", type=_date, help="the edition's date, YYYY-MM-DD (default: today)")
        parser.add_argument("--page", type=int, default=1, help="page number of the first file (default 1)")
        parser.add_argument("--department", metavar="SLUG", help="department the stories belong to")
        parser.add_argument("--dry-run", action="store_true", help="parse and report; touch no database")
        parser.add_argument("--json", action="store_true", help="print the parsed page(s) as JSON")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        if options["page"] < 1:
            raise CommandError("--page must be 1 or more")
        try:
            files = [read_page_file(path) for path in expand_paths(options["paths"])]
            parsed = [(f, self._parse(f)) for f in files]
        except PageFileError as error:
            raise CommandError(str(error)) from None

        known = {} if options["dry_run"] else known_people()
        department = None if options["dry_run"] else self._department(options["department"])
        date = options["date"] or timezone.localdate()
        if not options["dry_run"]:
            # A page imported before keeps the corrections editors made to it on the desk.
            parsed = [
                (f, with_stored_corrections(page, Placement(options["publication"], date, number, department)))
                for number, (f, page) in enumerate(parsed, start=options["page"])
            ]
        plans = [(f, plan_page(page, known)) for f, page in parsed]
        if options["json"]:
            self._print_json(plans)
        if options["dry_run"]:
            if not options["json"]:
                count = sum(len(plan.items) for _, plan in plans)
                self.stdout.write(f"dry run: {len(plans)} page(s), {count} item(s) parsed; nothing saved")
            return

        total = ImportSummary()
        with transaction.atomic():
            for number, (page_file, plan) in enumerate(plans, start=options["page"]):
                placement = Placement(options["publication"], date, number, department)
                total.add(save_page(plan, placement, source_text=page_file.text))
                self._progress(number - options["page"] + 1, len(plans), page_file.path)
        out = self.stderr if options["json"] else self.stdout
        out.write(str(total))

    def _parse(self, page_file):
        try:
            return parse_page(page_file.text)
        except PageParseError as error:
            raise PageFileError(f"{page_file.path}: {error}") from None

    def _department(self, slug):
        if not slug:
            return None
        try:
            return Department.objects.get(slug=slug)
        except Department.DoesNotExist:
            known = ", ".join(Department.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"--department {slug!r} does not exist (known: {known})") from None

    def _print_json(self, plans):
        if len(plans) == 1:
            document = page_json(plans[0][1])
        else:
            document = {"pages": [{"file": str(f.path), **page_json(plan)} for f, plan in plans]}
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))

    def _progress(self, done, total, path):
        if total < 2 or self.verbosity < 1:
            return
        width = 30
        filled = width * done // total
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {path.name}", ending="")
        if done == total:
            self.stderr.write("")
        sys.stderr.flush()
