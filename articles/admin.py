import datetime as dt
import functools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag
from taggit.models import TaggedItem as TaggitTaggedItem

from articles import revisions, tag_edit_queue, tag_edits, workflow
from articles.admin_forms import ArticleAdminForm, EditionAdminForm, PrintPageAdminForm
from articles.admin_links import ViewerLinksMixin
from articles.models import (
    Article,
    Byline,
    Department,
    Edition,
    Photo,
    PrintPage,
    Publication,
    StatusChange,
    TagEditJob,
    TaggedArticle,
)
from articles.paginators import EstimatedCountPaginator
from articles.permissions import ReadOnlyAdminMixin, TableRulesMixin, allows, permitted
from articles.row_locks import lock_stories
from articles.search.query import admin_search, editors_search
from newsroom.db_router import reads_from
from people.models import Mention
from review import signals as review_signals

# Before ArticleAdmin is built: VersionAdmin would otherwise register Article
# itself, following every inline (the audit trail included) but not the tags.
revisions.register()


@admin.register(Department)
class DepartmentAdmin(ViewerLinksMixin, TableRulesMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]


@admin.register(Publication)
class PublicationAdmin(ViewerLinksMixin, TableRulesMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


class PrintPageInline(TableRulesMixin, admin.TabularInline):
    model = PrintPage
    form = PrintPageAdminForm
    fields = ["number", "title"]
    extra = 0


@admin.register(Edition)
class EditionAdmin(ViewerLinksMixin, TableRulesMixin, admin.ModelAdmin):
    form = EditionAdminForm
    list_display = ["date", "publication", "number"]
    list_filter = ["publication"]
    date_hierarchy = "date"
    search_fields = ["publication__name", "date"]
    inlines = [PrintPageInline]
    list_select_related = ["publication"]


@admin.register(PrintPage)
class PrintPageAdmin(ViewerLinksMixin, TableRulesMixin, admin.ModelAdmin):
    form = PrintPageAdminForm
    list_display = ["__str__", "edition", "number", "title"]
    list_filter = ["edition__publication"]
    search_fields = ["title", "edition__date"]
    list_select_related = ["edition__publication"]
    autocomplete_fields = ["edition"]


class BylineInline(TableRulesMixin, admin.TabularInline):
    model = Byline
    fields = ["position", "role", "person", "credit"]
    autocomplete_fields = ["person"]
    extra = 0


class PhotoInline(TableRulesMixin, admin.StackedInline):
    model = Photo
    fields = ["position", "image", "caption", "credit", "alt_text"]
    extra = 0


class MentionInline(TableRulesMixin, admin.TabularInline):
    model = Mention
    fields = ["person", "title", "count", "origin", "confirmed"]
    autocomplete_fields = ["person"]
    extra = 0


class StatusChangeInline(TableRulesMixin, admin.TabularInline):
    """The story's way through the workflow: who moved it, when."""

    model = StatusChange
    fields = ["at", "from_status", "to_status", "user"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("workflow history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(ViewerLinksMixin, TableRulesMixin, VersionAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    list_display = ["headline", "status_label", "department", "kind", "publish_at", "byline_names", "print_placement"]
    list_filter = ["status", "department", "kind", ("print_page__edition__date", admin.DateFieldListFilter)]
    search_fields = ["headline", "kicker", "subtitle", "summary"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["department", "print_page"]
    prepopulated_fields = {}
    readonly_fields = ["created_at", "updated_at", "created_by", "updated_by", "import_ref", "version"]
    inlines = [BylineInline, PhotoInline, MentionInline, StatusChangeInline]
    actions = ["submit_for_review", "publish", "unpublish"]
    list_select_related = ["department", "print_page__edition"]
    list_per_page = 50
    # At 200,000 stories, COUNT(*) on every changelist load is the slow part.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "subtitle", "kind", "department", "tags", "loaded_version"]}),
        (_("Text"), {"fields": ["dateline", "summary", "body"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "slug"]}),
        (_("Print"), {"fields": ["print_page", "print_position"], "classes": ["collapse"]}),
        (
            _("History"),
            {
                "fields": ["created_at", "created_by", "updated_at", "updated_by", "version", "import_ref"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("bylines__person")
        match = request.resolver_match
        if match and match.url_name == "articles_article_changelist":
            # Fifty bodies are most of what the list page would read, and it shows none.
            queryset = queryset.defer("body")
        return queryset

    def changelist_view(self, request, extra_context=None):
        extra_context = {"may_recover": allows(request.user, "articles.article", "recover"), **(extra_context or {})}
        if request.method != "GET" or not request.GET.get(SEARCH_VAR, "").strip():
            return super().changelist_view(request, extra_context)
        with editors_search(self.model):
            response = super().changelist_view(request, extra_context)
            # The page and the date hierarchy are read while the template renders.
            if hasattr(response, "render"):
                response.render()
        return response

    def get_search_results(self, request, queryset, search_term):
        # The readers' Chinese full-text index, drafts included; search_fields
        # only keeps the search box on the page (and serves autocomplete).
        if request.path.endswith("/autocomplete/"):
            return super().get_search_results(request, queryset, search_term)
        return admin_search(queryset, search_term)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        story_left = getattr(request, "story_left", None)

        class FormForUser(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=request.user, story_left=story_left, **kw)

        return FormForUser

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        # A restore or recovery wrote the stored row back already: the save
        # records its version and status change against the story it replaces.
        obj.state_left = getattr(request, "state_left", None)
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        # The inlines' bylines and photos are part of what a review covers:
        # the story's row and its inlines saved by one form are one edit, by
        # this user (a live story's one correction), noted before the
        # transaction commits.
        with transaction.atomic(using=router.db_for_write(Article)), review_signals.one_edit(request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return format_html("{} {}", _("Scheduled"), timezone.localtime(obj.publish_at).strftime("%m-%d %H:%M"))
        return obj.get_status_display()

    @admin.display(description=_("bylines"))
    def byline_names(self, obj):
        return "、".join(b.display_name for b in obj.bylines.all())

    @admin.display(description=_("print"), ordering="print_page__edition__date")
    def print_placement(self, obj):
        if obj.print_page_id is None:
            return "—"
        page = obj.print_page
        return f"{page.edition.date:%Y-%m-%d} · {page.number}"

    def _report(self, request, message):
        self.message_user(request, message, messages.SUCCESS)

    def _log_actions(self, request, queryset, verb):
        for article in queryset:
            self.log_change(request, article, [{"changed": {"fields": ["status"]}}, verb])

    @admin.action(description=_("Submit selected stories for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        queryset = permitted(request.user, queryset, "submit_for_review")
        count = workflow.submit_for_review(queryset, request.user)
        self._log_actions(request, queryset, "submit_for_review")
        self._report(
            request,
            ngettext("%(count)d story submitted for review.", "%(count)d stories submitted for review.", count)
            % {"count": count},
        )

    @admin.action(description=_("Publish selected stories"), permissions=["publish"])
    def publish(self, request, queryset):
        refused = []
        count = workflow.publish(queryset, request.user, refused=refused)
        self._log_actions(request, queryset.exclude(pk__in=[a.pk for a, _ in refused]), "publish")
        self._report(
            request, ngettext("%(count)d story published.", "%(count)d stories published.", count) % {"count": count}
        )
        for article, reason in refused:
            self.message_user(request, f"{article.headline}: {reason}", messages.ERROR)

    @admin.action(description=_("Unpublish selected stories"), permissions=["publish"])
    def unpublish(self, request, queryset):
        taken_down = []
        count = workflow.unpublish(queryset, request.user, taken_down=taken_down)
        self._log_actions(request, queryset, "unpublish")
        message = ngettext("%(count)d story unpublished.", "%(count)d stories unpublished.", count) % {"count": count}
        if taken_down:
            # A scheduled story was never live and keeps its sign-off.
            message += " " + ngettext(
                "The %(count)d story taken off the site needs a new sign-off (签发) before it can be published again.",
                "The %(count)d stories taken off the site need a new sign-off (签发) before they can be published "
                "again.",
                len(taken_down),
            ) % {"count": len(taken_down)}
        self._report(request, message)

    def has_publish_permission(self, request):
        return allows(request.user, "articles.article", "publish")

    # Revisions: the history page lists them (VersionAdmin); these add a
    # side-by-side comparison of any two.

    def get_urls(self):
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="articles_article_compare",
        )
        return [compare, *super().get_urls()]

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion writes the revision's rows back before the change
        # form asks for permission, which would then judge the old row. Judge
        # the story as it stands (the state the restore leaves) here, and let
        # the form judge the state it enters.
        alias = router.db_for_write(Article)
        # Every read on the primary, the lock's included: the form must show
        # the rows the revert writes in this transaction, which no replica
        # holds, and a replica's connection is outside the transaction.
        with reads_from(alias), transaction.atomic(using=alias):
            # The story's row before the mentions and tags the restore writes
            # back or deletes (articles.row_locks): they take its
            # related-links lock, which an editor holding the row and moving
            # the story waits for.
            locked = lock_stories(Article.objects.using(alias).filter(pk=unquote(object_id)))
            if not locked:
                raise Http404
            story = locked[0]
            if not allows(request.user, "articles.article", "restore", story):
                raise PermissionDenied
            request.story_left = story
            request.state_left = story.stored_state()
            # The revert writes the revision's bylines and photos back before
            # the form saves: one edit of the story, by this user.
            with review_signals.one_edit(request.user):
                return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not allows(request.user, "articles.article", "recover"):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        # Every read on the primary: the form reads the story the revert
        # writes in the primary's transaction, which no replica holds yet.
        with reads_from(router.db_for_write(Article)):
            # A deleted story comes back in its stored status: entering it is
            # a move from no status at all.
            if not allows(request.user, "articles.article", "recover"):
                raise PermissionDenied
            # Only a deleted story is recovered: a live one would be judged
            # as entering its status from none, not as the move it is.
            version = get_object_or_404(Version.objects.get_for_model(Article), pk=unquote(version_id))
            if Article.objects.filter(pk=version.object_id).exists():
                raise Http404("This story was not deleted: restore it from its history.")
            request.story_left = Article(status=None)
            request.state_left = {"status": None}
            return super().recover_view(request, version_id, extra_context)

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        # Both the restore and the recover come here with a version of the
        # URL's story, and django-reversion would revert its whole revision:
        # other stories saved with it (an import's page, a bulk action) would
        # be written back unjudged. Only this story and its own rows.
        if version.content_type.model_class() is not Article:
            raise Http404
        version.revision.revert = functools.partial(revisions.revert_story, version)
        return super()._reversion_revisionform_view(request, version, template_name, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        versions = Version.objects.get_for_object_reference(Article, object_id).select_related("revision__user")
        story = self.get_object(request, unquote(object_id))
        may_restore = story is not None and allows(request.user, "articles.article", "restore", story)
        extra = {"versions": list(versions), "may_restore": may_restore, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=extra)

    def compare_view(self, request, object_id):
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        try:
            older = versions.get(pk=int(request.GET["from"]))
            newer = versions.get(pk=int(request.GET["to"]))
        except (KeyError, ValueError, Version.DoesNotExist):
            self.message_user(request, gettext("Choose two revisions to compare."), messages.WARNING)
            older = newer = None
        if older and newer and older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": gettext("Compare revisions of %(headline)s") % {"headline": article.headline},
            "older": older,
            "newer": newer,
            "diffs": revisions.compare_fields(Article, older.field_dict, newer.field_dict) if older else [],
            "related": (revisions.related_summary(older), revisions.related_summary(newer)) if older else None,
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)


# taggit's own admin (registered when taggit.admin was imported, above), but
# a tag's name is printed on each story carrying it: renaming or deleting
# the tag is an edit of each of them, by this user, as renaming a person is,
# with the stories locked and judged first (articles.tag_edits).
# Without its "merge selected tags": the merge page asks for no permission
# (any staff user reaches it) and moves only taggit's own generic rows, never
# a story's tags (articles.TaggedArticle), while saying the tags were merged.
admin.site.unregister(Tag)
# The tag list shows the tag edit jobs still to be done, and those of the last day.
TAG_JOBS_SHOWN_FOR = dt.timedelta(days=1)
TAG_JOBS_SHOWN = 20


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and tag_edit_queue.pending_for([self.instance.pk]):
            raise forms.ValidationError(
                _("This tag is being edited by a job (see the tag list): edit it again once the job is done.")
            )
        return cleaned


@admin.register(Tag)
class TagAdmin(ViewerLinksMixin, TaggitTagAdmin):
    """Tags on more than ``TAG_EDIT_INLINE_MAX`` stories are renamed and
    deleted by a job (articles.tag_edit_queue), whose progress the tag list
    shows; the request records the edit and changes nothing else."""

    actions = []
    form = TagForm
    change_list_template = "admin/taggit/tag/change_list.html"

    def get_urls(self):
        return admin.ModelAdmin.get_urls(self)

    def changelist_view(self, request, extra_context=None):
        tag_edit_queue.resend_stalled()
        jobs = TagEditJob.objects.select_related("requested_by")
        shown = jobs.filter(Q(status__in=TagEditJob.PENDING) | Q(created_at__gte=timezone.now() - TAG_JOBS_SHOWN_FOR))
        extra_context = {**(extra_context or {}), "tag_edit_jobs": list(shown[:TAG_JOBS_SHOWN])}
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        with review_signals.one_edit(request.user):
            # Compared with the row, not by what the form says changed: the
            # name it writes is the one it was loaded with, which another
            # save may have changed since.
            if change and tag_edits.renames(obj):
                if tag_edit_queue.runs_as_job([obj.pk]):
                    tag_edit_queue.request_rename(request.user, obj, obj.name, obj.slug)
                    request.tag_edit_jobs = [obj]
                    return
                tag_edits.lock_and_judge(request.user, [obj], tag_edits.RENAME)
            super().save_model(request, obj, form, change)

    def log_change(self, request, obj, message):
        if getattr(request, "tag_edit_jobs", None):
            return None  # the job writes it once the rename is done
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        tags = list(queryset)
        if self._deleted_by_job(request, tags):
            return []  # the job writes them once the tags are deleted
        return super().log_deletions(request, tags)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Tag.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        alias = router.db_for_write(Tag)
        with transaction.atomic(using=alias), review_signals.one_edit(request.user):
            tags = list(queryset.using(alias))
            if self._deleted_by_job(request, tags):
                for tag in tags:
                    tag_edit_queue.request_delete(request.user, tag)
                request.tag_edit_jobs = tags
                return
            tag_edits.lock_and_judge(request.user, tags, tag_edits.DELETE)
            tag_edits.delete_tag_rows(tags)
            super().delete_queryset(request, queryset)

    def _deleted_by_job(self, request, tags) -> bool:
        # Asked before the deletion is logged and again when it is made: the
        # same answer both times, so a tag's deletion is logged once.
        if not hasattr(request, "tags_deleted_by_job"):
            request.tags_deleted_by_job = tag_edit_queue.runs_as_job([tag.pk for tag in tags])
        return request.tags_deleted_by_job

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        queued = getattr(request, "tag_edit_jobs", None)
        if queued and level == messages.SUCCESS:
            # Not "changed" or "deleted" yet: what the request did is ask a job.
            names = "、".join(str(tag) for tag in queued)
            message = gettext(
                "The edit of %(tags)s touches more stories than are edited at once: a job does it, "
                "and the tag list shows when it is done."
            ) % {"tags": names}
            level = messages.INFO
        return super().message_user(request, message, level, *args, **kwargs)

    def get_deleted_objects(self, objs, request):
        """Django's list of what a deletion takes, with a tag's rows on
        stories (and taggit's own) counted under it, not listed one by one:
        listing a row reads its story and its tag, two queries a story, on
        the confirmation page and again when the deletion is posted."""
        tags = list(objs)
        deleted, perms_needed, model_count = [], set(), {}
        if not tags:
            return deleted, model_count, perms_needed, []
        model_count[Tag._meta.verbose_name_plural] = len(tags)
        rows = {}
        for model in (TaggedArticle, TaggitTaggedItem):
            counted = dict(model.objects.filter(tag__in=tags).values_list("tag").annotate(Count("pk")).order_by())
            rows[model] = counted
            if counted:
                model_count[model._meta.verbose_name_plural] = sum(counted.values())
        for tag in tags:
            if not self.has_delete_permission(request, tag):
                perms_needed.add(Tag._meta.verbose_name)
            url = reverse(f"{self.admin_site.name}:taggit_tag_change", args=[quote(tag.pk)])
            deleted.append(format_html('{}: <a href="{}">{}</a>', capfirst(Tag._meta.verbose_name), url, tag))
            under = [
                f"{capfirst(model._meta.verbose_name_plural)}: {counted[tag.pk]}"
                for model, counted in rows.items()
                if counted.get(tag.pk)
            ]
            if under:
                deleted.append(under)
        return deleted, model_count, perms_needed, []


@admin.register(LogEntry)
class LogEntryAdmin(ViewerLinksMixin, ReadOnlyAdminMixin, TableRulesMixin, admin.ModelAdmin):
    """The audit trail of every change made through the admin, read-only."""

    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag", "change_message"]
    list_filter = ["action_flag", "content_type"]
    search_fields = ["object_repr", "change_message", "user__username"]
    date_hierarchy = "action_time"
    list_select_related = ["user", "content_type"]
