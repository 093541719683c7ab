"""The preview of one imported page: source beside stories, corrections, save, publish."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import workflow
from articles.models import Article, Byline, Photo
from imports import corrections, edition, jobs, page_corrections
from imports.corrections import BYLINE_ROLES, LINE_ROLES, CorrectionError
from imports.layout import JOINED_LABEL, ROLE_LABELS, layout
from imports.models import ImportBatch, ImportPage, PageCorrection


def _offset(request, name):
    try:
        return int(request.POST[name])
    except (KeyError, ValueError):
        raise CorrectionError("missing-field", name=name) from None


def operation_from_post(request, text: str) -> dict:
    """The correction a preview form asks for, naming its text by offset and first characters."""
    kind = request.POST.get("op")
    if kind == "move":
        target = request.POST.get("to", "")
        return {
            "op": "move",
            "block": corrections.ref(text, _offset(request, "block")),
            "to": corrections.ref(text, int(target)) if target.isdigit() else None,
        }
    if kind == "merge":
        return {
            "op": "merge",
            "into": corrections.ref(text, _offset(request, "into")),
            "from": corrections.ref(text, _offset(request, "from")),
        }
    if kind == "split":
        return {"op": "split", "block": corrections.ref(text, _offset(request, "block"))}
    if kind == "role":
        return {"op": "role", "line": corrections.ref(text, _offset(request, "line")), "role": request.POST.get("role")}
    if kind == "byline":
        return {
            "op": "byline",
            "item": corrections.ref(text, _offset(request, "item")),
            "index": _offset(request, "index"),
            "name": request.POST.get("name", ""),
            "role": request.POST.get("role"),
        }
    raise CorrectionError("unknown-operation", kind=kind)


def _correct(request, page: ImportPage, correction: PageCorrection | None, document: dict):
    text = page.source_text
    if request.POST.get("op") == "undo":
        if correction and correction.operations:
            correction.operations = correction.operations[:-1]
            correction.revision += 1
            correction.updated_by, correction.updated_at = request.user, timezone.now()
            correction.save()
        return
    # Who made it goes with it: the one who saves the page sees it with their name.
    operation = {**operation_from_post(request, text), "by": request.user.pk}
    # Tried on the page as it stands now, so a correction that cannot apply is refused here, not at save.
    corrections.apply_one(document, operation, text)
    with transaction.atomic():
        correction, _ = PageCorrection.objects.select_for_update().get_or_create(print_page=page.print_page)
        correction.operations = [*correction.operations, operation]
        correction.revision += 1
        correction.updated_by, correction.updated_at = request.user, timezone.now()
        correction.save()


def _save(request, page: ImportPage, revision: int):
    """Import the page again with its corrections, as a job, with the saving editor's permissions.

    Saving accepts the corrections the editor was shown, and only those: the
    form says which revision of them that was."""
    if request.POST.get("revision") != str(revision):
        messages.error(
            request,
            _("The corrections of this page changed since you opened it: check them below, then save again."),
        )
        return False
    with transaction.atomic():
        ImportPage.objects.filter(pk=page.pk).update(
            status=ImportPage.Status.PENDING, error="", requested_by=request.user, corrections_seen=revision
        )
        ImportBatch.objects.filter(pk=page.batch_id).update(status=ImportBatch.Status.WAITING, finished_at=None)
    batch = ImportBatch.objects.get(pk=page.batch_id)
    if jobs.dispatch(batch):
        messages.success(request, _("Saving this page has started; its stories will be drafts."))
    else:
        messages.warning(request, jobs.BROKER_DOWN_MESSAGE)
    return True


def _publish(request, page: ImportPage, unsaved: bool):
    # The same rules as every other way of publishing: workflow.publish, for those who
    # may publish, of the stories the review chain signed off.
    if not workflow.can_publish(request.user):
        raise PermissionDenied
    if unsaved or page.status != ImportPage.Status.DONE:
        messages.error(
            request, _("This page has unsaved corrections (or is still being imported): save it first, then publish.")
        )
        return
    stories = Article.objects.filter(print_page=page.print_page)
    refused = []
    count = workflow.publish(stories, user=request.user, refused=refused)
    if count or not refused:
        messages.success(request, _("%(count)s stories of this page published.") % {"count": count})
    if refused:
        # Publishing needs the review chain's sign-off here as on every other path.
        messages.warning(
            request,
            _("%(count)s stories not published; the review chain must sign them off first: %(stories)s")
            % {
                "count": len(refused),
                "stories": _("; ").join(
                    _("“%(headline)s” %(reason)s") % {"headline": story.headline, "reason": reason}
                    for story, reason in refused[:5]
                ),
            },
        )


def kept_message(entry: dict) -> str:
    """One thing the last save left as editors had it (articles.importer.save.Kept), for the editor."""
    values = {"headline": entry.get("headline", ""), "name": entry.get("name", ""), "wanted": entry.get("wanted", "")}
    kind = entry.get("kind")
    if kind == "field":
        for model in (Article, Photo):
            try:
                values["name"] = str(model._meta.get_field(values["name"]).verbose_name)
                break
            except FieldDoesNotExist:
                continue
        if values["wanted"]:
            return _("“%(headline)s”: your change to the %(name)s was kept; the page reads “%(wanted)s”") % values
        return _("“%(headline)s”: your change to the %(name)s was kept; the page reads otherwise") % values
    if kind == "byline":
        return _("“%(headline)s”: the byline %(name)s you removed stays removed") % values
    if kind == "deleted":
        return _("“%(headline)s”: deleted by an editor, not created again") % values
    if kind == "moved" and values["wanted"]:
        return _("“%(headline)s”: moved by an editor to page %(name)s of %(wanted)s, left there") % values
    if kind == "moved":
        return _("“%(headline)s”: moved by an editor to page %(name)s, left there") % values
    return _("“%(headline)s”: no longer on this page, kept because editors changed it") % values


def view(request, model_admin, page: ImportPage):
    correction = PageCorrection.objects.filter(print_page=page.print_page).first() if page.print_page_id else None
    operations = correction.operations if correction else []
    revision = correction.revision if correction else 0
    corrected, skipped = corrections.apply(page.parsed or {"items": []}, operations, page.source_text)
    saved_revision = (page.result or {}).get("corrections_revision", 0)
    unsaved = revision != saved_revision
    if request.method == "POST":
        action = request.POST.get("action", "correct")
        if page.print_page_id is None or page.parsed is None:
            messages.error(request, _("This page has not finished importing and cannot be corrected yet."))
        elif action == "save":
            if _save(request, page, revision):
                return redirect(page.batch.get_absolute_url())
        elif action == "publish":
            _publish(request, page, unsaved)
        else:
            try:
                _correct(request, page, correction, corrected)
            except CorrectionError as error:
                messages.error(request, _("This correction cannot be made: %(error)s") % {"error": error.worded(_)})
        return redirect(request.path)
    joined = {
        number: (pk, text)
        for number, pk, text in ImportPage.objects.filter(
            batch_id=page.batch_id, number__in=edition.joined_pages(corrected)
        ).values_list("number", "pk", "source_text")
    }
    preview = layout(corrected, page.source_text, {number: text for number, (_, text) in joined.items()})
    for join in [*preview.joined_away, *(j for story in preview.stories for j in story.joins)]:
        if join.page in joined:
            join.url = reverse("admin:imports_importpage_preview", args=[joined[join.page][0]])
    listed, undone = page_corrections.listing(correction)
    published = (
        Article.objects.filter(print_page=page.print_page, status=Article.Status.PUBLISHED).count()
        if page.print_page_id
        else 0
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": ImportBatch._meta,
        "title": _("Preview: %(publication)s %(date)s page %(number)s")
        % {"publication": page.batch.publication, "date": f"{page.batch.date:%Y-%m-%d}", "number": page.number},
        "batch": page.batch,
        "page": page,
        "preview": preview,
        "operations": len(operations),
        "revision": revision,
        "corrections": listed,
        "undone": undone,
        "skipped": [error.worded(_) for _op, error in skipped],
        "kept": [kept_message(entry) for entry in (page.result or {}).get("kept", [])],
        "unsaved": unsaved,
        "published": published,
        "can_publish": workflow.can_publish(request.user),
        "line_roles": [(role, ROLE_LABELS[role]) for role in LINE_ROLES],
        "byline_roles": [(role, Byline.Role(role).label) for role in BYLINE_ROLES],
        "role_labels": ROLE_LABELS,
        "joined_label": JOINED_LABEL,
        "batch_url": reverse("admin:imports_importbatch_change", args=[page.batch_id]),
    }
    return TemplateResponse(request, "admin/imports/preview.html", context)
