"""RSS and Atom feeds: all stories, and each department, tag and person.

Every feed starts from ``Article.objects.published().for_list()``, so a feed
costs the same few queries whatever it lists and never shows a draft.
"""
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from taggit.models import Tag

from articles.page_cache import depends_on
from articles.models import Article, Department
from people.models import Person

FEED_LENGTH = 30


class ArticleFeed(Feed):
    title = settings.SITE_NAME
    description = f"{settings.SITE_NAME}最新稿件"
    language = "zh-Hans"

    url_name = "articles:feed"

    # Links are absolute with SITE_URL, so a feed fetched through another host
    # name (a CDN, an internal address) still points readers at the real site.
    def link(self, obj=None):
        return settings.SITE_URL + (obj.get_absolute_url() if obj is not None else "/")

    def stories(self, obj):
        depends_on("list:all")
        return Article.objects.published()

    def items(self, obj=None):
        return self.stories(obj).for_list().newest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.summary or Truncator(strip_tags(item.body)).chars(200)

    def item_link(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def item_guid(self, item):
        # Stable across headline edits (the slug changes, the id does not).
        return f"tag:{urlsplit(settings.SITE_URL).hostname},2022:article-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return "、".join(byline.display_name for byline in item.bylines.all()) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def feed_url(self, obj=None):
        kwargs = {"slug": obj.slug} if obj is not None else {}
        return settings.SITE_URL + reverse(self.url_name, kwargs=kwargs)


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
        published = Article.objects.published().filter(tags=OuterRef("pk"))
        return get_object_or_404(Tag.objects.filter(Exists(published)), slug=slug)

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


class PersonFeed(ArticleFeed):
    url_name = "people:feed"
    def get_object(self, request, slug):
        published = Article.objects.published()
        return get_object_or_404(
            Person.objects.filter(
                Exists(published.filter(bylines__person=OuterRef("pk")))
                | Exists(published.filter(mentions__person=OuterRef("pk")))
            ),
            slug=slug,
        )

    def title(self, obj):
        return f"{obj.name} · {settings.SITE_NAME}"

    def description(self, obj):
        return f"{settings.SITE_NAME}：{obj.name}撰写或提及{obj.name}的稿件"

    def stories(self, obj):
        depends_on(f"list:person:{obj.pk}")
        return Article.objects.published().about_or_by(obj)


class PersonAtomFeed(PersonFeed):
    url_name = "people:feed-atom"
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
