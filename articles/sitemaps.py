"""sitemap.xml and the Google News sitemap, from published stories only."""

from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Department
from articles.querysets import public_tags
from articles.site import SiteURLSitemap
from people.sitemaps import PersonSitemap


class HomeSitemap(SiteURLSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(SiteURLSitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "publish_at").newest_first()

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # For the index's <lastmod>: one aggregate rather than every row.
        return self.items().order_by().aggregate(latest=Max("updated_at"))["latest"]


class DepartmentSitemap(SiteURLSitemap):
    changefreq = "hourly"

    def items(self):
        return Department.objects.only("slug", "order", "name")


class TagSitemap(SiteURLSitemap):
    changefreq = "daily"

    def items(self):
        return public_tags().order_by("name")

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})


class NewsSitemap(SiteURLSitemap):
    """Stories of the last two days, as Google News wants them (at most 1,000)."""

    limit = 1000

    def items(self):
        since = timezone.now() - timedelta(days=2)
        return (
            Article.objects.published()
            .filter(publish_at__gte=since)
            .only("slug", "headline", "publish_at", "updated_at")
            .newest_first()
        )

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().order_by().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "departments": DepartmentSitemap,
    "tags": TagSitemap,
    "people": PersonSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}
ALL_SITEMAPS = {**SITEMAPS, **NEWS_SITEMAPS}


def index(request, sitemaps, **kwargs):
    """django.contrib.sitemaps' index, with the sections' addresses on
    settings.SITE_URL (the stock view uses the host the request came in on)."""
    response = sitemap_views.index(request, sitemaps, **kwargs)
    response.context_data["sitemaps"] = [
        replace(item, location=_on_site_url(item.location)) for item in response.context_data["sitemaps"]
    ]
    return response


def _on_site_url(location: str) -> str:
    # The query is the section's page (?p=2): without it, a section longer
    # than one sitemap is listed as its first page again and again.
    parts = urlsplit(location)
    return settings.SITE_URL + parts.path + (f"?{parts.query}" if parts.query else "")
