"""From an upload to an import batch waiting for the editor's check: the ORM side."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.importer.file_reasons import wording
from articles.models import Department, Publication
from imports.header import read_header
from imports.models import ImportBatch, ImportPage
from imports.uploads import BadFile, GoodFile, read_uploads


class NothingToImport(Exception):
    """No uploaded file is a page: no batch is made. ``refused`` as ImportBatch.rejected_files
    keeps them (codes, worded where they are shown: ``imports.refusals``)."""

    def __init__(self, refused: list[dict]):
        super().__init__("; ".join(f"{r['name']}: {wording(r['code'], r['params'])}" for r in refused))
        self.refused = refused


def create_batch(user, uploads: list[tuple[str, bytes]]) -> ImportBatch:
    """Check every file, keep the good ones as pages of a new batch, name the bad ones.

    Publication, date, page numbers and departments come from the page
    headers where the pages have them; the editor checks them next. With no
    good file at all, NothingToImport is raised and nothing is written.
    """
    results = read_uploads(uploads)
    good = [r for r in results if isinstance(r, GoodFile)]
    bad = [{"name": r.name, "code": r.code, "params": r.params} for r in results if isinstance(r, BadFile)]
    if not good:
        raise NothingToImport(bad)
    publications = list(Publication.objects.values_list("name", flat=True)) or [settings.DEFAULT_PUBLICATION]
    departments = {d.name: d for d in Department.objects.all()}
    headers = [read_header(f.text, publications, departments) for f in good]
    publication = _most_common([h.publication for h in headers]) or settings.DEFAULT_PUBLICATION
    date = _most_common([h.date for h in headers]) or timezone.localdate()
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            publication=publication,
            date=date,
            created_by=user,
            rejected_files=bad,
            status=ImportBatch.Status.UPLOADED,
        )
        taken: set[int] = set()
        rows = []
        for upload, header in zip(good, headers):
            number = header.page if header.page and header.page not in taken else _next_free(taken)
            taken.add(number)
            rows.append(
                ImportPage(
                    batch=batch,
                    file_name=upload.name[:255],
                    number=number,
                    source_text=upload.text,
                    encoding=upload.encoding,
                    department=departments.get(header.department),
                )
            )
        ImportPage.objects.bulk_create(rows)
    return batch


def _most_common(values: list) -> object:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


def _next_free(taken: set[int]) -> int:
    number = 1
    while number in taken:
        number += 1
    return number


def confirm_batch(batch: ImportBatch, cleaned: dict, user) -> None:
    """Keep the editor's edition details and page numbers; the batch is then ready to send.

    Confirming is what starts the import, and the one who confirms chooses
    where its stories go (publication, date, page numbers): the job saves
    every page with ``user``'s permissions, whoever uploaded the files.
    """
    with transaction.atomic():
        batch.publication = cleaned["publication"]
        batch.date = cleaned["date"]
        batch.department = cleaned.get("department")
        batch.status = ImportBatch.Status.WAITING
        batch.save(update_fields=["publication", "date", "department", "status"])
        pages = list(batch.pages.all())
        # Numbers may be swapped between pages: move them out of the way first.
        for page in pages:
            page.number = 1000 + page.pk % 30000
        ImportPage.objects.bulk_update(pages, ["number"])
        for page in pages:
            page.number = cleaned[f"number_{page.pk}"]
            page.department = cleaned.get(f"department_{page.pk}")
            page.requested_by = user
        ImportPage.objects.bulk_update(pages, ["number", "department", "requested_by"])
