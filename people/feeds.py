"""RSS and Atom feeds of the stories a person wrote or is named in."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article
from articles.page_cache import depends_on
from articles.syndication import ArticleFeed
from people.models import Person


class PersonFeed(ArticleFeed):
    url_name = "people:feed"

    def get_object(self, request, slug):
        return get_object_or_404(Person.objects.public(), slug=slug)

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
