from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = f"{settings.SITE_NAME} · 编辑部"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "稿件管理"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("people/", include("people.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
