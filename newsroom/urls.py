from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles import sitemaps as site_sitemaps
from articles.sitemaps import ALL_SITEMAPS, NEWS_SITEMAPS, SITEMAPS
from articles.views import robots_txt

# A database outage met outside a view is a 503 too (newsroom/db_outage.py).
handler500 = "newsroom.db_outage.server_error"

admin.site.site_header = f"{settings.SITE_NAME} · 编辑部"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "稿件管理"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("robots.txt", robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        site_sitemaps.index,
        {"sitemaps": ALL_SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    # Listed before the generic section route so that the index's link to the
    # "news" section lands on the Google News template.
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": NEWS_SITEMAPS, "section": "news", "template_name": "sitemaps/news.xml"},
        name="sitemap-news",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("people/", include("people.urls")),
    path("", include("articles.search.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
