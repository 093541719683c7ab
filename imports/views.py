"""The desk's admin views: thin, over upload.py, jobs.py and preview.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from imports import jobs, page_corrections
from imports.forms import ConfirmForm, UploadForm
from imports.models import ImportBatch, ImportPage
from imports.refusals import refused_file
from imports.upload import NothingToImport, confirm_batch, create_batch

IMPORT_PERMISSION = "imports.import_pages"


def _require_desk(request):
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied


def _context(request, model_admin, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": ImportBatch._meta,
        "app_label": "imports",
        **extra,
    }


def upload(request, model_admin):
    _require_desk(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
        try:
            batch = create_batch(request.user, files)
        except NothingToImport as nothing:
            refused = (_("%(name)s: %(reason)s") % refused_file(entry) for entry in nothing.refused)
            form.add_error("files", _("No file can be imported: %(reasons)s") % {"reasons": _("; ").join(refused)})
        else:
            return redirect(batch.get_absolute_url())
    return TemplateResponse(
        request, "admin/imports/upload.html", _context(request, model_admin, form=form, title=_("Import pages"))
    )


def batch(request, model_admin, object_id):
    _require_desk(request)
    batch = get_object_or_404(ImportBatch.objects.select_related("department", "created_by"), pk=object_id)
    if batch.status == ImportBatch.Status.UPLOADED:
        return _confirm(request, model_admin, batch)
    if request.method == "POST" and "resend" in request.POST:
        jobs.resend_if_stalled(batch, user=request.user)
        return redirect(batch.get_absolute_url())
    pages = batch.pages.select_related("department").defer("source_text", "parsed")
    context = _context(
        request,
        model_admin,
        batch=batch,
        pages=pages,
        title=_("Import %(batch)s") % {"batch": batch},
        status_url=reverse("admin:imports_importbatch_status", args=[batch.pk]),
    )
    return TemplateResponse(request, "admin/imports/batch.html", context)


def _confirm(request, model_admin, batch):
    pages = list(batch.pages.select_related("department").defer("source_text"))
    initial = {"publication": batch.publication, "date": batch.date, "department": batch.department_id}
    form = ConfirmForm(request.POST or None, initial=initial, pages=pages)
    if request.method == "POST" and pages and form.is_valid():
        confirm_batch(batch, form.cleaned_data, request.user)
        if not jobs.dispatch(batch):
            messages.warning(request, jobs.BROKER_DOWN_MESSAGE)
        return redirect(batch.get_absolute_url())
    # The one who confirms answers for what the import writes: they see every
    # stored correction it applies again, and those it leaves waiting.
    corrections = page_corrections.for_upload(batch.publication, batch.date, pages)
    context = _context(
        request, model_admin, batch=batch, form=form, corrections=corrections, title=_("Check the import")
    )
    return TemplateResponse(request, "admin/imports/confirm.html", context)


@require_http_methods(["GET", "POST"])
def status(request, batch_id):
    """The upload's progress as JSON, for the page that polls it.

    A GET only reads. The page's poll POSTs (with its CSRF token) when the
    job is stalled, which sends it again as whoever asked for its pages:
    a state change no other site can make a desk user's browser ask for.
    """
    _require_desk(request)
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    if request.method == "POST":
        jobs.resend_if_stalled(batch)
        batch.refresh_from_db(fields=["status", "message", "finished_at"])
    rows = list(batch.pages.values("pk", "file_name", "number", "status", "error", "result"))
    done = sum(1 for row in rows if row["status"] != ImportPage.Status.PENDING)
    return JsonResponse(
        {
            "status": batch.status,
            "status_label": batch.get_status_display(),
            "message": batch.message,
            "done": done,
            "total": len(rows),
            "finished": batch.status == ImportBatch.Status.DONE,
            "stalled": jobs.stalled(batch),
            "pages": [
                {
                    "id": row["pk"],
                    "file": row["file_name"],
                    "number": row["number"],
                    "status": row["status"],
                    "status_label": ImportPage.Status(row["status"]).label,
                    "error": row["error"],
                    "status_text": _page_status(row),
                    "stories": len((row["result"] or {}).get("article_ids", [])),
                    "preview": reverse("admin:imports_importpage_preview", args=[row["pk"]]),
                }
                for row in rows
            ],
        }
    )


def _page_status(row) -> str:
    label = ImportPage.Status(row["status"]).label
    return _("%(status)s: %(error)s") % {"status": label, "error": row["error"]} if row["error"] else str(label)


def preview(request, model_admin, page_id):
    from imports import preview as desk_preview

    _require_desk(request)
    page = get_object_or_404(ImportPage.objects.select_related("batch", "print_page"), pk=page_id)
    return desk_preview.view(request, model_admin, page)
