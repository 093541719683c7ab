from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import workflow
from articles.models import Article, Byline, Department, Edition, Photo, PrintPage, Publication
from people.models import Mention


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


class PrintPageInline(admin.TabularInline):
    model = PrintPage
    fields = ["number", "title"]
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["date", "publication", "number"]
    list_filter = ["publication"]
    date_hierarchy = "date"
    search_fields = ["publication__name", "date"]
    inlines = [PrintPageInline]
    list_select_related = ["publication"]


@admin.register(PrintPage)
class PrintPageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "edition", "number", "title"]
    list_filter = ["edition__publication"]
    search_fields = ["title", "edition__date"]
    list_select_related = ["edition__publication"]
    autocomplete_fields = ["edition"]


class BylineInline(admin.TabularInline):
    model = Byline
    fields = ["position", "role", "person", "credit"]
    autocomplete_fields = ["person"]
    extra = 0


class PhotoInline(admin.StackedInline):
    model = Photo
    fields = ["position", "image", "caption", "credit", "alt_text"]
    extra = 0


class MentionInline(admin.TabularInline):
    model = Mention
    fields = ["person", "title", "count", "origin", "confirmed"]
    autocomplete_fields = ["person"]
    extra = 0


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and "status" in self.fields:
            current = self.instance.status if self.instance.pk else None
            allowed = {str(s) for s in workflow.allowed_statuses(user, current)}
            self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0] in allowed]
        self._user = user

    def clean_status(self):
        status = self.cleaned_data["status"]
        user = self._user
        if user is not None and not workflow.can_publish(user):
            if status in Article.Status.needing_publish_permission() and status != self.instance.status:
                raise forms.ValidationError(_("Only editors can publish or archive a story."))
        return status


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "status_label", "department", "kind", "publish_at", "byline_names", "print_placement"]
    list_filter = ["status", "department", "kind", ("print_page__edition__date", admin.DateFieldListFilter)]
    search_fields = ["headline", "kicker", "subtitle", "summary"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["department", "print_page"]
    prepopulated_fields = {}
    readonly_fields = ["created_at", "updated_at", "created_by", "updated_by", "import_ref"]
    inlines = [BylineInline, PhotoInline, MentionInline]
    actions = ["submit_for_review", "publish", "unpublish"]
    list_select_related = ["department", "print_page__edition"]
    list_per_page = 50
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "subtitle", "kind", "department", "tags"]}),
        (_("Text"), {"fields": ["dateline", "summary", "body"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "slug"]}),
        (_("Print"), {"fields": ["print_page", "print_position"], "classes": ["collapse"]}),
        (
            _("History"),
            {"fields": ["created_at", "created_by", "updated_at", "updated_by", "import_ref"], "classes": ["collapse"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__person")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        class FormForUser(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=request.user, **kw)

        return FormForUser

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or workflow.may_edit(request.user, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not workflow.can_publish(request.user):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return format_html(
                "{} {}", _("Scheduled"), timezone.localtime(obj.publish_at).strftime("%m-%d %H:%M")
            )
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

    @admin.action(description=_("Submit selected stories for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        count = workflow.submit_for_review(queryset)
        self._report(request, ngettext(
            "%(count)d story submitted for review.", "%(count)d stories submitted for review.", count
        ) % {"count": count})

    @admin.action(description=_("Publish selected stories"), permissions=["publish"])
    def publish(self, request, queryset):
        count = workflow.publish(queryset)
        self._report(request, ngettext(
            "%(count)d story published.", "%(count)d stories published.", count) % {"count": count})

    @admin.action(description=_("Unpublish selected stories"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = workflow.unpublish(queryset)
        self._report(request, ngettext(
            "%(count)d story unpublished.", "%(count)d stories unpublished.", count) % {"count": count})

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)
