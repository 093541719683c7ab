"""The review chain in the admin: the queue ("waiting for me"), the steps
posted from a story's page, the sign-off of a whole page or edition, the
chains, the audit of every step and the editors' word list."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles import workflow
from articles.admin_links import ViewerLinksMixin, change_link
from articles.models import Article
from articles.permissions import ReadOnlyAdminMixin
from review import signoff, steps
from review.models import Chain, Event, Queue, Stage, WordListEntry
from review.queue import waiting_for, with_why_sent_back
from review.rules import ReviewError


class StageInline(admin.TabularInline):
    model = Stage
    fields = ["position", "name", "group"]
    extra = 0


@admin.register(Chain)
class ChainAdmin(ViewerLinksMixin, admin.ModelAdmin):
    list_display = ["name", "department"]
    inlines = [StageInline]
    autocomplete_fields = ["department"]


@admin.register(WordListEntry)
class WordListEntryAdmin(ViewerLinksMixin, admin.ModelAdmin):
    list_display = ["word", "kind", "preferred", "note", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["word", "preferred", "note"]


@admin.register(Event)
class EventAdmin(ViewerLinksMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every review step with its person, time, stage and reason: read-only."""

    list_display = ["at", "article", "action", "stage", "user", "reason", "returned_to", "void"]
    list_filter = ["action", "stage"]
    search_fields = ["article__headline", "user__username", "reason"]
    date_hierarchy = "at"
    list_select_related = ["article", "stage", "user", "returned_to"]
    readonly_fields = ["article", "stage", "action", "user", "at", "reason", "returned_to", "void"]
    exclude = ["snapshot", "fingerprint"]


@admin.register(Queue)
class QueueAdmin(ViewerLinksMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Waiting for me: the stories the person looking may act on now."""

    list_display = ["headline", "stage", "review_state", "department", "age", "checks"]
    list_display_links = None
    list_filter = ["stage__name", "state", "article__department"]
    ordering = ["since"]
    list_per_page = 100
    show_full_result_count = False

    def get_queryset(self, request):
        return with_why_sent_back(waiting_for(request.user, super().get_queryset(request)))

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.display(description=_("headline"), ordering="article__headline")
    def headline(self, obj):
        # The column as Django's checks read it; get_list_display() links it where the viewer may open the story.
        return obj.article.headline

    def get_list_display(self, request):
        # A stage's group alone lists the stories waiting at its stage
        # without the right to open them: their headlines are plain text.
        @admin.display(description=_("headline"), ordering="article__headline")
        def headline(obj):
            link = change_link(request, self.admin_site, obj.article, obj.article.headline)
            if not obj.why_sent_back:
                return link
            # Why it is back at this stage, where the reviewer picks it.
            return format_html('{}<br><span class="review-sent-back">{}</span>', link, obj.why_sent_back)

        return [headline if name == "headline" else name for name in super().get_list_display(request)]

    @admin.display(description=_("state"), ordering="state")
    def review_state(self, obj):
        # A story taken off the site waits for a new sign-off, not for its first.
        if obj.state == obj.State.TAKEN_DOWN:
            return format_html('<strong class="review-taken-down">{}</strong>', obj.get_state_display())
        return obj.get_state_display()

    @admin.display(description=_("department"), ordering="article__department__name")
    def department(self, obj):
        return obj.article.department or "—"

    @admin.display(description=_("waiting"), ordering="since")
    def age(self, obj):
        return timesince(obj.since, timezone.now())

    @admin.display(description=_("checks"), ordering="article__proofing__errors_per_10k")
    def checks(self, obj):
        proofing = getattr(obj.article, "proofing", None)
        if proofing is None:
            return "—"
        label = _("%(n)d findings, %(rate)s per 10,000 characters") % {
            "n": proofing.finding_count,
            "rate": proofing.errors_per_10k,
        }
        if proofing.blocking_count:
            return format_html('<strong class="review-blocking">{} · {}</strong>', label, _("blocked"))
        return label

    def get_urls(self):
        own = [
            path("act/<int:article_id>/", self.admin_site.admin_view(require_POST(self.act_view)), name="review_act"),
            path("sign-off/", self.admin_site.admin_view(self.sign_off_view), name="review_sign_off"),
        ]
        return own + super().get_urls()

    def act_view(self, request, article_id):
        """One step on one story, posted from the story's page."""
        article = get_object_or_404(Article, pk=article_id)
        if not request.user.has_perm("articles.view_article"):
            raise PermissionDenied
        action, reason = request.POST.get("action"), request.POST.get("reason", "")
        try:
            if action == "submit":
                if not (request.user.has_perm("articles.change_article") and workflow.may_edit(request.user, article)):
                    raise PermissionDenied
                steps.submit(article, request.user)
            elif action == "pass":
                steps.pass_stage(article, request.user, reason)
            elif action == "return":
                to = request.POST.get("to_stage")
                stage = Stage.objects.filter(pk=to).first() if to and to.isdigit() else None
                steps.return_for_rework(article, request.user, reason, stage)
            elif action == "reject":
                steps.reject(article, request.user, reason)
            elif action == "override":
                steps.override_blocking(article, request.user, reason)
            else:
                raise ReviewError(_("Unknown review step."))
        except ReviewError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("Done: %(step)s.") % {"step": dict(Event.Action.choices).get(action, action)},
                messages.SUCCESS,
            )
        return redirect("admin:articles_article_change", article.pk)

    def sign_off_view(self, request):
        return signoff.view(self, request)
