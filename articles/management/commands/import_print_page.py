"""Import digitized print pages: page text → articles, bylines, photos, mentions."""

import datetime as dt
import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.importer.edition import EditionError, EditionFile, parse_edition
from articles.importer.page_files import PageFileError, expand_paths, read_page_file
from articles.importer.parse import PageParseError, parse_page
from articles.importer.plan import edition_json, low_confidence, page_json, plan_page
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
        "edition, numbered from --page in file-name order; --edition FOLDER takes a folder as one edition, "
        "ordered by the page numbers printed in the page headers (else in the file names), and joins stories "
        "continued on another page (下转/上接). Every file is read and parsed before anything is saved, and "
        "all pages are saved in one transaction: a bad file changes nothing. The date, page number and page "
        "name printed in a page header are used when the command line does not give them."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, metavar="FILE_OR_FOLDER")
        parser.add_argument(
            "--edition",
            type=Path,
            metavar="FOLDER",
            help="a folder holding all pages of one edition: continuations are joined",
        )
        parser.add_argument(
            "--publication", help=f"the paper's name (default: the page header's, else {settings.DEFAULT_PUBLICATION})"
        )
        parser.add_argument(
            "--date", type=_date, help="the edition's date, YYYY-MM-DD (default: the page header's, else today)"
        )
        parser.add_argument(
            "--page", type=int, help="page number of the first file (default: the page header's, else 1)"
        )
        parser.add_argument("--department", metavar="SLUG", help="department the stories belong to")
        parser.add_argument("--dry-run", action="store_true", help="parse and report; touch no database")
        parser.add_argument("--json", action="store_true", help="print the parsed page(s) as JSON")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        if options["page"] is not None and options["page"] < 1:
            raise CommandError("--page must be 1 or more")
        if bool(options["edition"]) == bool(options["paths"]):
            raise CommandError("give either page files/folders or --edition FOLDER")
        try:
            if options["edition"]:
                pages = self._edition(options["edition"], options["page"])
            else:
                pages = self._pages(options["paths"], options["page"])
        except (PageFileError, EditionError) as error:
            raise CommandError(str(error)) from None

        known = {} if options["dry_run"] else known_people()
        department = None if options["dry_run"] else self._department(options["department"])
        headers = {number: parsed.header for number, _, parsed in pages}
        date = options["date"] or next((h.date for h in headers.values() if h.date), None) or timezone.localdate()
        publication = (
            options["publication"]
            or next((h.paper for h in headers.values() if h.paper), "")
            or settings.DEFAULT_PUBLICATION
        )
        if not options["dry_run"]:
            # A page imported before keeps the corrections editors made to it on the desk.
            pages = [
                (number, page_file, with_stored_corrections(parsed, Placement(publication, date, number, department)))
                for number, page_file, parsed in pages
            ]
        plans = [(number, page_file, parsed, plan_page(parsed, known)) for number, page_file, parsed in pages]
        low = sum(low_confidence(plan) for *_, plan in plans)
        if options["json"]:
            self._print_json(plans, bool(options["edition"]))
        if options["dry_run"]:
            if not options["json"]:
                count = sum(len(plan.items) for *_, plan in plans)
                self.stdout.write(
                    f"dry run: {len(plans)} page(s), {count} item(s) parsed, {low} low-confidence; nothing saved"
                )
            return

        total = ImportSummary(low_confidence=low)
        with transaction.atomic():
            for done, (number, page_file, _parsed, plan) in enumerate(plans, start=1):
                placement = Placement(publication, date, number, department, headers[number].name)
                total.add(save_page(plan, placement, source_text=page_file.text))
                self._progress(done, len(plans), page_file.path)
        out = self.stderr if options["json"] else self.stdout
        out.write(str(total))

    def _pages(self, paths, first):
        files = [read_page_file(path) for path in expand_paths(paths)]
        parsed = [self._parse(f) for f in files]
        numbers = [p.header.number for p in parsed]
        if first is not None or not all(numbers) or len(set(numbers)) != len(numbers):
            numbers = list(range(first or 1, (first or 1) + len(files)))
        return list(zip(numbers, files, parsed))

    def _edition(self, folder, first):
        if not folder.is_dir():
            raise PageFileError(f"{folder}: --edition takes a folder holding the pages of one edition")
        files = [read_page_file(path) for path in expand_paths([folder])]
        try:
            edition = parse_edition([EditionFile(f.path.name, f.text) for f in files])
        except PageParseError as error:
            raise PageFileError(f"{folder}: {error}") from None
        by_name = {f.path.name: f for f in files}
        shift = (first - edition.pages[0].number) if first is not None else 0
        return [(p.number + shift, by_name[p.name], p.page) for p in edition.pages]

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

    def _print_json(self, plans, edition):
        if edition:
            document = edition_json([(number, plan) for number, _, _, plan in plans])
        elif len(plans) == 1:
            document = page_json(plans[0][3])
        else:
            document = {"pages": [{"file": str(f.path), **page_json(plan)} for _, f, _, plan in plans]}
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
