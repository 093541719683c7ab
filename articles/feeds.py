"""RSS and Atom feeds of all stories, each department and each tag (the
people's are in people/feeds.py; their base in articles/syndication.py)."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article, Department
from articles.page_cache import depends_on
from articles.querysets import public_tags
from articles.syndication import ArticleFeed


class ArticleAtomFeed(ArticleFeed):
    url_name = "articles:feed-atom"
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description


class DepartmentFeed(ArticleFeed):
    url_name = "articles:department-feed"

    def get_object(self, request, slug):
        return get_object_or_404(Department, slug=slug)

    def title(self, obj):
        return f"{obj.name} · {settings.SITE_NAME}"

    def description(self, obj):
        return obj.description or f"{settings.SITE_NAME}{obj.name}栏目最新稿件"

    def stories(self, obj):
        depends_on(f"list:department:{obj.pk}")
        return Article.objects.published().in_department(obj)


class DepartmentAtomFeed(DepartmentFeed):
    url_name = "articles:department-feed-atom"
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class TagFeed(ArticleFeed):
    url_name = "articles:tag-feed"

    def get_object(self, request, slug):
        return get_object_or_404(public_tags(), slug=slug)

    def link(self, obj=None):
        return settings.SITE_URL + reverse("articles:tag", kwargs={"slug": obj.slug})

    def title(self, obj):
        return f"{obj.name} · {settings.SITE_NAME}"

    def description(self, obj):
        return f"{settings.SITE_NAME}标签“{obj.name}”下的稿件"

    def stories(self, obj):
        depends_on(f"list:tag:{obj.pk}")
        return Article.objects.published().filter(tags=obj)


class TagAtomFeed(TagFeed):
    url_name = "articles:tag-feed-atom"
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
