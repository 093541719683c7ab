"""Import digitized print pages: page text → articles, bylines, photos, mentions."""

import datetime as dt
import json
import logging
import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.editions import MAX_PAGE_NUMBER
from articles.importer.edition import (
    EditionError,
    EditionFile,
    EditionPage,
    editions_of,
    join_pages,
    parse_edition,
    refuse_repeated_pages,
)
from articles.importer.page_files import PageFileError, expand_paths, read_page_file
from articles.importer.parse import PageParseError, parse_page
from articles.importer.plan import edition_json, low_confidence, page_json, plan_page
from articles.importer.save import FieldTooLong, ImportSummary, Placement, known_people, save_page
from articles.models import Department
from articles.params import day_range_error
from imports.processing import with_stored_corrections

logger = logging.getLogger(__name__)


def _date(value):
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date {value!r} is not a date in the form YYYY-MM-DD") from None
    if error := day_range_error(day):
        raise CommandError(f"--date {error}")
    return day


@contextmanager
def program_fault(path, page=None):
    """The importer's own code failing on a page is a bug, not a bad file: the
    engineers get the exception in the log with the page it failed on, the
    person running the command a plain error. Like a refused file it stops
    the run before anything is saved."""
    try:
        yield
    except (CommandError, PageFileError, PageParseError, EditionError):
        # The reasons a file is refused, which the command reports as they are.
        raise
    except Exception:
        where = f"{path}, page {page}" if page is not None else str(path)
        logger.exception("import_print_page failed on %s; nothing was written", where)
        raise CommandError(
            f"{where}: the importer failed on this page (a program fault; the log has the details). "
            "Nothing was written."
        ) from None


class Command(BaseCommand):
    help = (
        "Import the plain text of printed newspaper pages. Several files or a folder are the pages of the "
        "editions their page headers print (one edition with --date), numbered by their headers, else from "
        "--page in the order given; --edition FOLDER takes a folder as one edition, ordered by the page numbers "
        "printed in the page headers (else in the file names). Either way stories continued on another page "
        "(下转/上接) are joined; a page imported alone keeps its part and says where the rest is. Every file is "
        "read and parsed before anything is saved, and all pages are saved in one transaction: a bad file "
        "changes nothing. The date, page number and page name printed in a page header are used when the "
        "command line does not give them."
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
        if options["page"] is not None and not 1 <= options["page"] <= MAX_PAGE_NUMBER:
            raise CommandError(f"--page must be between 1 and {MAX_PAGE_NUMBER}")
        if bool(options["edition"]) == bool(options["paths"]):
            raise CommandError("give either page files/folders or --edition FOLDER")
        try:
            if options["edition"]:
                editions = [self._edition(options["edition"], options["page"])]
            else:
                editions = self._pages(options["paths"], options["page"], together=bool(options["date"]))
        except (PageFileError, EditionError) as error:
            raise CommandError(str(error)) from None

        known = {} if options["dry_run"] else known_people()
        department = None if options["dry_run"] else self._department(options["department"])
        pages = []  # (placement, page file, parsed page), in print order, edition by edition
        for edition in editions:
            headers = [parsed.header for _, _, parsed in edition]
            if not options["date"]:
                # A misread header date is not replaced by today's: the pages would be filed on the wrong day.
                for _, page_file, parsed in edition:
                    if parsed.header.date_error:
                        raise CommandError(f"{page_file.path}: {parsed.header.date_error}; give --date")
            date = options["date"] or next((h.date for h in headers if h.date), None) or timezone.localdate()
            publication = (
                options["publication"]
                or next((h.paper for h in headers if h.paper), "")
                or settings.DEFAULT_PUBLICATION
            )
            for number, page_file, parsed in edition:
                placement = Placement(publication, date, number, department, parsed.header.name)
                if not options["dry_run"]:
                    # A page imported before keeps the corrections a save at the desk accepted for it.
                    parsed = with_stored_corrections(parsed, placement)
                pages.append((placement, page_file, parsed))
        plans = [
            (placement, page_file, self._plan(parsed, known, page_file, placement))
            for placement, page_file, parsed in pages
        ]
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
            for done, (placement, page_file, plan) in enumerate(plans, start=1):
                try:
                    total.add(save_page(plan, placement, source_text=page_file.text))
                except FieldTooLong as error:
                    raise CommandError(f"{page_file.path}: {error}") from None
                self._progress(done, len(plans), page_file.path)
        out = self.stderr if options["json"] else self.stdout
        out.write(str(total))

    def _pages(self, paths, first, together):
        """Files given together: the pages of the editions their headers print (one edition with
        --date), each numbered from its headers or else in the order given, continuations joined."""
        files = [read_page_file(path) for path in expand_paths(paths)]
        parsed = [self._parse(f) for f in files]
        if len(files) == 1:
            return [[(first or parsed[0].header.number or 1, files[0], parsed[0])]]
        groups = (
            [list(range(len(files)))]
            if together
            else editions_of([str(f.path) for f in files], [p.header for p in parsed])
        )
        editions = []
        for group in groups:
            refuse_repeated_pages([str(files[k].path) for k in group], [parsed[k] for k in group])
            numbers = [parsed[k].header.number for k in group]
            if first is not None or not all(numbers):
                numbers = list(range(first or 1, (first or 1) + len(group)))
            pages = sorted(
                (EditionPage(n, str(files[k].path), parsed[k], "") for n, k in zip(numbers, group)),
                key=lambda p: p.number,
            )
            with program_fault(", ".join(str(files[k].path) for k in group)):
                join_pages(pages)
            by_name = {str(files[k].path): files[k] for k in group}
            editions.append([(p.number, by_name[p.name], p.page) for p in pages])
        return editions

    def _edition(self, folder, first):
        if not folder.is_dir():
            raise PageFileError(str(folder), "not-a-folder")
        files = [read_page_file(path) for path in expand_paths([folder])]
        try:
            with program_fault(folder):
                edition = parse_edition([EditionFile(f.path.name, f.text) for f in files])
        except PageParseError as error:
            raise CommandError(f"{folder}: {error}") from None
        by_name = {f.path.name: f for f in files}
        shift = (first - edition.pages[0].number) if first is not None else 0
        return [(p.number + shift, by_name[p.name], p.page) for p in edition.pages]

    def _parse(self, page_file):
        try:
            with program_fault(page_file.path):
                return parse_page(page_file.text)
        except PageParseError as error:
            raise CommandError(f"{page_file.path}: {error}") from None

    def _plan(self, parsed, known, page_file, placement):
        with program_fault(page_file.path, placement.page):
            return plan_page(parsed, known)

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
            document = edition_json([(placement.page, plan) for placement, _, plan in plans])
        elif len(plans) == 1:
            document = page_json(plans[0][2])
        else:
            document = {"pages": [{"file": str(f.path), **page_json(plan)} for _, f, plan in plans]}
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
