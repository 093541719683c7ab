"""The base of every RSS and Atom feed on the site (all stories, each
department, tag and person): the newest published stories, with absolute
links on settings.SITE_URL and stable ids.

Every feed starts from ``Article.objects.published().for_list()``, so a feed
costs the same few queries whatever it lists and never shows a draft.
"""

import html
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator

from articles.models import Article
from articles.page_cache import depends_on
from articles.xml_text import xml_safe

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
        # Both formats declare the description HTML (RSS by custom, Atom as
        # type="html"): plain text is escaped, so a summary that reads like
        # markup reaches feed readers as the words it is.
        text = item.summary or Truncator(html.unescape(strip_tags(item.body))).chars(200)
        return escape(text)

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

    def get_feed(self, obj, request):
        # Every text a feed writes, whichever method or subclass made it, is
        # cleaned here once: one story or name holding a character XML cannot
        # write would otherwise make the whole feed a 500.
        feed = super().get_feed(obj, request)
        feed.feed = _xml_safe_values(feed.feed)
        feed.items = [_xml_safe_values(item) for item in feed.items]
        return feed

    def feed_url(self, obj=None):
        kwargs = {"slug": obj.slug} if obj is not None else {}
        return settings.SITE_URL + reverse(self.url_name, kwargs=kwargs)


def _xml_safe_values(values: dict) -> dict:
    def clean(value):
        if isinstance(value, str):
            return xml_safe(value)
        if isinstance(value, (list, tuple)) and all(isinstance(part, str) for part in value):
            return type(value)(xml_safe(part) for part in value)
        return value

    return {key: clean(value) for key, value in values.items()}
