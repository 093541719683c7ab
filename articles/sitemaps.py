"""sitemap.xml and the Google News sitemap, from published stories only."""
from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Department
from people.models import Person


class _SiteURLSitemap(Sitemap):
    """URLs on settings.SITE_URL, not on the host the request came in on."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class HomeSitemap(_SiteURLSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(_SiteURLSitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "publish_at").newest_first()

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # For the index's <lastmod>: one aggregate rather than every row.
        return self.items().order_by().aggregate(latest=Max("updated_at"))["latest"]


class DepartmentSitemap(_SiteURLSitemap):
    changefreq = "hourly"

    def items(self):
        return Department.objects.only("slug", "order", "name")


class TagSitemap(_SiteURLSitemap):
    changefreq = "daily"

    def items(self):
        published = Article.objects.published().filter(tags=OuterRef("pk"))
        return Tag.objects.filter(Exists(published)).order_by("name")

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})


class PersonSitemap(_SiteURLSitemap):
    changefreq = "weekly"

    def items(self):
        published = Article.objects.published()
        return Person.objects.filter(
            Exists(published.filter(bylines__person=OuterRef("pk")))
            | Exists(published.filter(mentions__person=OuterRef("pk")))
        ).only("slug", "name")


class NewsSitemap(_SiteURLSitemap):
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
        replace(item, location=settings.SITE_URL + urlsplit(item.location).path)
        for item in response.context_data["sitemaps"]
    ]
    return response
