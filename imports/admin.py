"""The import desk in the admin: upload (导入版面), check, progress, preview."""

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import path
from django.utils.translation import gettext_lazy as _

from articles.admin_links import ViewerLinksMixin
from imports import people_views, views
from imports.models import ImportBatch

IMPORT_PERMISSION = "imports.import_pages"


@admin.register(ImportBatch)
class ImportBatchAdmin(ViewerLinksMixin, admin.ModelAdmin):
    list_display = ["__str__", "status", "progress", "created_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(pages_total=Count("pages"), pages_done=Count("pages", filter=~Q(pages__status="pending")))
        )

    @admin.display(description=_("pages done"))
    def progress(self, obj):
        return f"{obj.pages_done} / {obj.pages_total}"

    # One permission of its own for everything on the desk: uploading is
    # what it is for, and looking at uploads and their previews goes with it.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.has_perm(IMPORT_PERMISSION)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        return views.upload(request, self)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return views.batch(request, self, object_id)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:batch_id>/status/", wrap(views.status), name="imports_importbatch_status"),
            path(
                "page/<int:page_id>/",
                wrap(lambda r, page_id: views.preview(r, self, page_id)),
                name="imports_importpage_preview",
            ),
            path("people/", wrap(lambda r: people_views.queue(r, self)), name="imports_people"),
            path(
                "people/<int:person_id>/",
                wrap(lambda r, person_id: people_views.person(r, self, person_id)),
                name="imports_person",
            ),
            *super().get_urls(),
        ]
