"""Signing off a whole print page or edition at once (the editor-in-chief's
签发 of the day's paper): each story waiting for its sign-off is passed by
the same rules as one by one, and those that cannot be are listed with why."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from articles.models import Article, Edition, PrintPage
from review import steps
from review.models import Review
from review.rules import ReviewError


def stories_of(edition_id=None, page_id=None):
    stories = Article.objects.select_related("review__stage", "print_page", "department")
    if page_id:
        return stories.filter(print_page_id=page_id).order_by("print_position", "pk")
    if edition_id:
        return stories.filter(print_page__edition_id=edition_id).order_by("print_page__number", "print_position", "pk")
    return stories.none()


def sign_off_many(articles, user) -> tuple[list, list]:
    """Sign off every story that waits at its chain's last stage. Returns
    (signed, refused) with a reason for each refused one."""
    signed, refused = [], []
    for article in articles:
        review = getattr(article, "review", None)  # None when the story was never submitted
        try:
            if review is None or review.state not in Review.WAITING or review.stage is None:
                raise ReviewError(_("not waiting for its sign-off"))
            if review.stage.pk != review.chain.stages.order_by("-position").values_list("pk", flat=True).first():
                raise ReviewError(_("waiting at %(stage)s, not at the sign-off") % {"stage": review.stage.name})
            steps.pass_stage(article, user)
            signed.append(article)
        except ReviewError as error:
            refused.append((article, " ".join(error.messages)))
    return signed, refused


def view(model_admin, request):
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    edition_id = request.GET.get("edition") or request.POST.get("edition")
    page_id = request.GET.get("page") or request.POST.get("page")
    edition_id = int(edition_id) if edition_id and edition_id.isdigit() else None
    page_id = int(page_id) if page_id and page_id.isdigit() else None
    if request.method == "POST":
        signed, refused = sign_off_many(list(stories_of(edition_id, page_id)), request.user)
        model_admin.message_user(request, _("%(n)d stories signed off.") % {"n": len(signed)}, messages.SUCCESS)
        for article, reason in refused:
            model_admin.message_user(request, f"{article.headline}: {reason}", messages.WARNING)
        query = f"?page={page_id}" if page_id else (f"?edition={edition_id}" if edition_id else "")
        return redirect(request.path + query)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Sign off a page or an edition"),
        "editions": Edition.objects.select_related("publication").order_by("-date")[:30],
        "pages": PrintPage.objects.filter(edition_id=edition_id).order_by("number") if edition_id else [],
        "edition_id": edition_id,
        "page_id": page_id,
        "stories": list(stories_of(edition_id, page_id)),
    }
    return TemplateResponse(request, "review/sign_off.html", context)
