from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.admin_links import ViewerLinksMixin
from articles.models import Article, Byline
from articles.permissions import TableRulesMixin, allows, permitted
from articles.row_locks import lock_stories
from people.models import Alias, Mention, Person
from people.story_locks import lock_stories_of
from review import signals as review_signals


class AliasInline(TableRulesMixin, admin.TabularInline):
    model = Alias
    extra = 0


class _ArticleLinkMixin:
    """Read-only rows linking to the article, for the person page."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("article"))
    def article_link(self, obj):
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.headline)


class BylineOfPersonInline(_ArticleLinkMixin, admin.TabularInline):
    model = Byline
    verbose_name_plural = _("bylines")
    fields = ["article_link", "role"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")


class MentionOfPersonInline(_ArticleLinkMixin, admin.TabularInline):
    model = Mention
    verbose_name_plural = _("mentions")
    fields = ["article_link", "title", "count", "origin", "confirmed"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")


@admin.register(Person)
class PersonAdmin(ViewerLinksMixin, TableRulesMixin, admin.ModelAdmin):
    list_display = ["name", "description", "on_staff", "slug"]
    list_filter = ["on_staff"]
    search_fields = ["name", "aliases__name", "description"]
    inlines = [AliasInline, BylineOfPersonInline, MentionOfPersonInline]

    def view_on_site(self, obj):
        # Only someone a published story names has a page (Person.objects.public()).
        return obj.get_absolute_url() if Person.objects.public().filter(pk=obj.pk).exists() else None

    def save_model(self, request, obj, form, change):
        # A new name is printed in the bylines of the person's stories: an
        # edit of each of them, by this user.
        with review_signals.one_edit(request.user):
            if change:
                # Judged again as the person stands once their stories are
                # locked (people.story_locks), in the admin's transaction: a
                # story published since the form was checked counts.
                lock_stories_of(obj)
                if not allows(request.user, "people.person", "change", obj):
                    raise PermissionDenied
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Alias or not change:
            return super().save_formset(request, form, formset, change)
        # An alias makes the stories that mention the person found under it
        # in readers' search: judged by the alias rows, as the person stands
        # with their stories locked (save_model locked them, in this
        # transaction), before anything is written.
        kept = formset.save(commit=False)
        asked = {"add": formset.new_objects, "change": formset.changed_objects, "delete": formset.deleted_objects}
        for action, rows in asked.items():
            if rows and not allows(request.user, "people.alias", action, form.instance):
                raise PermissionDenied
        for alias in formset.deleted_objects:
            alias.delete()
        for alias in kept:
            alias.save()
        formset.save_m2m()


class MentionForm(forms.ModelForm):
    """Checks the story a mention is moved to or added on (the state entered);
    the admin checks the story it leaves before the form is shown."""

    user = None
    action = "change"

    class Meta:
        model = Mention
        fields = ["person", "article", "title", "count", "first_offset", "origin", "confirmed"]

    def clean_article(self):
        article = self.cleaned_data["article"]
        if self.user is not None and not allows(self.user, "people.mention", self.action, article):
            raise forms.ValidationError(
                _("Only editors change the people of a published story, or of a story someone else wrote.")
            )
        return article


@admin.register(Mention)
class MentionAdmin(ViewerLinksMixin, TableRulesMixin, admin.ModelAdmin):
    list_display = ["person", "article", "title", "count", "origin", "confirmed"]
    list_filter = ["origin", "confirmed"]
    search_fields = ["person__name", "title", "article__headline"]
    autocomplete_fields = ["person", "article"]
    list_select_related = ["person", "article"]
    actions = ["confirm"]
    form = MentionForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        return type(form_class.__name__, (form_class,), {"user": request.user, "action": "change" if obj else "add"})

    # A mention readers see is part of what its story's review covers: each
    # write is an edit of the story (a story it moves from, and the one it
    # moves to), by this user.
    def save_model(self, request, obj, form, change):
        with review_signals.one_edit(request.user):
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        with review_signals.one_edit(request.user):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with review_signals.one_edit(request.user):
            super().delete_queryset(request, queryset)

    @admin.action(description=_("Mark selected mentions as confirmed"), permissions=["change"])
    def confirm(self, request, queryset):
        alias = router.db_for_write(Mention)
        queryset = queryset.using(alias)
        with transaction.atomic(using=alias), review_signals.one_edit(request.user):
            # Their stories' rows first, lowest id first (articles.row_locks):
            # a mention's write takes its story's related-links lock, and the
            # table judges each story as it stands once locked.
            lock_stories(Article.objects.filter(pk__in=queryset.values("article_id")))
            mentions = permitted(request.user, queryset.select_related("article"), "confirm")
            # Saved one by one, not .update(): confirming shows the person on
            # the story's page and makes the story match the person's name in
            # search, which the signals of a save tell the page cache and the
            # search index.
            for mention in mentions.filter(confirmed=False).order_by("article_id", "pk"):
                mention.confirmed = True
                mention.save(update_fields=["confirmed"])
