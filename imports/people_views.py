"""The people review queue and the person desk (admin views over people_review.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.permissions import allows
from imports import people_review
from people.models import Mention, Person
from review.signals import one_edit

DESK = "imports.import_pages"
# What each action is in the permission table (articles/permissions.py): the
# table's object rules apply here as in the admin's own forms, so a reporter's
# rights never reach a published story's mentions or a published person.
MENTION_ACTIONS = {"confirm": "confirm", "reject": "delete", "link": "change"}
PERSON_ACTIONS = {
    "rename": ("people.person", "change"),
    "alias": ("people.alias", "add"),
    "merge": ("people.person", "delete"),
}


def _require(request, *permissions):
    if not request.user.has_perms([DESK, *permissions]):
        raise PermissionDenied


def _require_table(request, model, action, obj):
    if not (request.user.has_perm(DESK) and allows(request.user, model, action, obj)):
        raise PermissionDenied


def _context(request, model_admin, **extra):
    from imports.models import ImportBatch

    return {**model_admin.admin_site.each_context(request), "opts": ImportBatch._meta, **extra}


def queue(request, model_admin):
    """Mentions found in imported stories, unconfirmed first."""
    _require(request, "people.view_mention")
    if request.method == "POST":
        return _mention_action(request)
    mentions = (
        Mention.objects.filter(article__import_ref__isnull=False)
        .select_related("person", "article")
        .prefetch_related("person__aliases")
        .order_by("confirmed", "-article__publish_at", "article_id", "first_offset", "pk")
    )
    if request.GET.get("show") != "all":
        mentions = mentions.filter(confirmed=False)
    page = Paginator(mentions, 50).get_page(request.GET.get("page"))
    context = _context(
        request,
        model_admin,
        title=_("People review"),
        page_obj=page,
        rows=people_review.queue_rows(list(page.object_list)),
        show_all=request.GET.get("show") == "all",
    )
    return TemplateResponse(request, "admin/imports/people_queue.html", context)


def _mention_action(request):
    action = request.POST.get("action")
    if action not in ("confirm", "reject", "link"):
        raise PermissionDenied
    mention = get_object_or_404(Mention.objects.select_related("person", "article"), pk=request.POST.get("mention"))
    _require_table(request, "people.mention", MENTION_ACTIONS[action], mention)
    name = mention.person.name
    # What readers see of a mention is part of its story's review: each
    # decision is an edit of the story, by this user.
    with one_edit(request.user):
        if action == "confirm":
            people_review.confirm(mention)
            messages.success(request, _("Confirmed: %(name)s") % {"name": name})
        elif action == "reject":
            people_review.reject(mention, request.user)
            messages.success(request, _("Rejected: %(name)s (not suggested again for this story)") % {"name": name})
        else:
            person = get_object_or_404(Person, pk=request.POST.get("person"))
            people_review.link(mention, person)
            messages.success(request, _("Linked to: %(person)s") % {"person": person})
    return redirect(request.get_full_path())


def person(request, model_admin, person_id):
    """One person: rename, add an alias, merge into another."""
    _require(request, "people.view_person")
    subject = get_object_or_404(Person.objects.prefetch_related("aliases"), pk=person_id)
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("rename", "alias", "merge"):
            raise PermissionDenied
        _require_table(request, *PERSON_ACTIONS[action], subject)
        if action == "rename" and request.POST.get("name", "").strip():
            # Judged again there, once the person's stories are locked.
            people_review.rename(subject, request.POST["name"], request.user, judged=True)
            messages.success(request, _("Renamed."))
        elif action == "alias":
            # Judged again there, once the person's stories are locked.
            people_review.add_alias(subject, request.POST.get("name", ""), request.user, judged=True)
            messages.success(request, _("Alias added."))
        elif action == "merge":
            target = (
                Person.objects.filter(slug=request.POST.get("into", "").strip()).first()
                or Person.objects.filter(pk=request.POST.get("into_id") or 0).first()
            )
            if target is None or target.pk == subject.pk:
                messages.error(request, _("No person to merge into was found."))
                return redirect(request.path)
            _require_table(request, "people.person", "change", target)
            people_review.merge(subject, target, request.user, judged=True)
            messages.success(
                request, _("Merged into %(person)s; the old address leads to the new page.") % {"person": target}
            )
            return redirect(reverse("admin:imports_person", args=[target.pk]))
        return redirect(request.path)
    names = [subject.name, *(a.name for a in subject.aliases.all())]
    same_name = Person.objects.filter(name__in=names).exclude(pk=subject.pk).annotate(mention_count=Count("mentions"))
    mentions = Mention.objects.filter(person=subject).select_related("article").order_by("-article__publish_at")[:20]
    context = _context(
        request,
        model_admin,
        title=_("Person: %(person)s") % {"person": subject},
        subject=subject,
        same_name=list(same_name),
        mentions=list(mentions),
    )
    return TemplateResponse(request, "admin/imports/person.html", context)
