"""The body of an import job: the upload's pages parsed as one edition (so a
story continued on another page is joined into its story), corrected and
saved as drafts.

Pages are saved one transaction per page, except pages linked by a story
joined across them, which are saved in one transaction together: a page is
marked imported in the transaction that saves its stories, so a job that is
killed and run again skips what it finished and never leaves half a page, or
a joined story saved on one page but not yet taken off the other.
"""

from __future__ import annotations

import dataclasses
import logging

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.importer.parse import PageParseError, ParsedPage
from articles.importer.plan import plan_page
from articles.importer.save import FieldTooLong, Placement, StoriesRefused, known_people, save_page
from articles.models import PrintPage
from imports import corrections, edition, page_corrections
from imports.models import ImportBatch, ImportPage, PageCorrection
from imports.parsed import page_from_json, page_to_json
from imports.refusals import reason

logger = logging.getLogger(__name__)


class PageRefused(Exception):
    """A page that cannot be imported for a reason the editor can act on."""


# What editors read when the importer itself fails on a page: the exception is
# for the engineers (logged with the page it failed on), not for the desk.
IMPORTER_FAULT = gettext_lazy(
    "This page could not be parsed: the importer failed on it, and nothing of it was written. "
    "The error has been logged for the engineers. The uploaded text is kept with this import; "
    "upload the page again once the fault is fixed."
)


def run_batch(batch_id: int) -> None:
    """Import every pending page of the upload, in page order."""
    updated = (
        ImportBatch.objects.filter(pk=batch_id)
        .exclude(status=ImportBatch.Status.DONE)
        .update(status=ImportBatch.Status.RUNNING, attempts=F("attempts") + 1)
    )
    if not updated:
        return
    batch = ImportBatch.objects.select_related("created_by", "department").get(pk=batch_id)
    pending = list(batch.pages.filter(status=ImportPage.Status.PENDING).values_list("number", flat=True))
    note = ""
    if pending:
        parse = edition.parse_pages(
            dict(batch.pages.filter(number__in=_to_parse(batch, pending)).values_list("number", "source_text"))
        )
        note = _edition_note(parse)
        if parse.join_crash is not None:
            logger.error(
                "joining the pages of upload %s (%s %s) failed; each page was parsed alone",
                batch.pk,
                batch.publication,
                batch.date,
                exc_info=parse.join_crash,
            )
        for group in edition.join_groups(parse.documents, pending):
            import_pages(batch, group, parse)
    failed = batch.pages.filter(status=ImportPage.Status.FAILED).count()
    total = batch.pages.count()
    message = _("%(done)s of %(total)s pages imported") % {"done": total - failed, "total": total}
    if failed:
        message += _(", %(failed)s failed") % {"failed": failed}
    if note:
        message += _(
            ". These files could not be parsed as one edition (%(reason)s): each page was parsed alone, "
            "and stories continued across pages were not joined"
        ) % {"reason": note}
    ImportBatch.objects.filter(pk=batch_id).update(
        status=ImportBatch.Status.DONE, finished_at=timezone.now(), message=message
    )


def _edition_note(parse: edition.EditionParse) -> str:
    if parse.join_crash is not None:
        return _("the importer failed while joining them; the error has been logged for the engineers")
    if parse.same_page is None:
        return parse.note
    pages, printed = parse.same_page
    return _("pages %(pages)s all print page %(page)s in their headers") % {
        "pages": _(", ").join(str(n) for n in pages),
        "page": printed,
    }


def _to_parse(batch: ImportBatch, pending: list[int]) -> set[int]:
    """The pending pages and those their last parse joined them to: a page saved
    again after a correction keeps the text joined to it from another page, and
    a correction to one page of a long upload does not parse all of it again."""
    wanted = set(pending)
    for document in (
        batch.pages.filter(number__in=pending).filter(parsed__isnull=False).values_list("parsed", flat=True)
    ):
        wanted |= edition.joined_pages(document)
    return wanted


def import_pages(batch: ImportBatch, numbers: list[int], parse: edition.EditionParse) -> None:
    """Save pages that must be saved together (one, or those a joined story links) in one transaction."""
    with transaction.atomic():
        locked = ImportPage.objects.select_for_update(of=("self",)).select_related("requested_by", "department")
        pages = list(
            locked.filter(batch=batch, number__in=numbers, status=ImportPage.Status.PENDING).order_by("number")
        )
        failure, failed = "", None
        try:
            with transaction.atomic():
                for page in pages:
                    failed = page
                    _import(page, batch, parse)
        except (PageParseError, PageRefused) as error:
            failure = str(error)
        except FieldTooLong as error:
            failure = reason(error.code, error.params)
        except DatabaseError:
            # The database itself failed: the job is retried, not the page failed.
            raise
        except Exception:  # a parser bug on one page must not stop the others
            logger.exception(
                "importing page %s of %s %s failed (file %r, import page %s of upload %s); nothing was written",
                failed.number,
                batch.publication,
                batch.date,
                failed.file_name,
                failed.pk,
                batch.pk,
            )
            failure = str(IMPORTER_FAULT)
        failed_number = failed.number if failed else None
        for page in pages:
            if not failure:
                page.status, page.error = ImportPage.Status.DONE, ""
                page.save(update_fields=["status", "error", "parsed", "result", "print_page"])
                continue
            page.status = ImportPage.Status.FAILED
            page.error = (
                failure
                if page.number == failed_number
                else _(
                    "A story runs on between this page and page %(page)s, which could not be imported, "
                    "so this page was not saved either: %(reason)s"
                )
                % {"page": failed_number, "reason": failure}
            )
            page.save(update_fields=["status", "error"])


def placement_of(batch: ImportBatch, page: ImportPage) -> Placement:
    return Placement(batch.publication, batch.date, page.number, page.department or batch.department)


def existing_page(batch: ImportBatch, number: int) -> PrintPage | None:
    return PrintPage.objects.filter(
        edition__publication__name=batch.publication, edition__date=batch.date, number=number
    ).first()


def with_stored_corrections(parsed: ParsedPage, placement: Placement) -> ParsedPage:
    """The parse with the corrections a save at the desk accepted for this page
    (the import command's re-import). The command's runner saw none of them, so
    it applies what an upload applies (``page_corrections.to_apply``)."""
    print_page = PrintPage.objects.filter(
        edition__publication__name=placement.publication, edition__date=placement.date, number=placement.page
    ).first()
    correction = PageCorrection.objects.filter(print_page=print_page).first() if print_page else None
    applied = page_corrections.to_apply(correction, seen=None)
    if not applied.operations:
        return parsed
    corrected, _ = corrections.apply(page_to_json(parsed), applied.operations, parsed.text)
    return page_from_json(corrected, parsed.text)


def _import(page: ImportPage, batch: ImportBatch, parse: edition.EditionParse) -> None:
    # Whoever asked for this run (confirmed the upload, saved corrections,
    # sent it again) is judged, not whoever uploaded the files.
    user = page.requested_by or batch.created_by
    previous = existing_page(batch, page.number)
    if page.number in parse.errors:
        raise PageParseError(parse.errors[page.number])
    if page.number in parse.crashes:
        raise parse.crashes[page.number]
    document = parse.documents[page.number]
    correction = PageCorrection.objects.filter(print_page=previous).first() if previous else None
    applied = page_corrections.to_apply(correction, page.corrections_seen)
    corrected, skipped = corrections.apply(document, applied.operations, page.source_text)
    plan = plan_page(page_from_json(corrected, page.source_text), known_people())
    try:
        summary = save_page(
            plan, placement_of(batch, page), source_text=page.source_text, as_drafts=True, user=user, judge_user=True
        )
    except StoriesRefused:
        raise PageRefused(
            _("This page has published stories; importing it again changes them, which needs the permission to publish")
        ) from None
    if correction is not None:
        page_corrections.accept(correction, applied, user)
    page.parsed = document
    page.print_page = existing_page(batch, page.number)
    page.result = {
        "created": summary.created,
        "updated": summary.updated,
        "removed": summary.removed,
        "people_created": summary.people_created,
        "mentions": summary.mentions,
        "article_ids": summary.article_ids,
        "corrections_revision": applied.revision,
        "corrections_skipped": [str(error) for _, error in skipped],
        # What this save left as editors had it, for the preview to list.
        "kept": [dataclasses.asdict(kept) for kept in summary.kept],
    }
