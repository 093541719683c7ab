"""The people section of sitemap.xml: everyone the public may see."""

from articles.page_cache import depends_on
from articles.site import SiteURLSitemap
from people.models import Person


class PersonSitemap(SiteURLSitemap):
    changefreq = "weekly"

    def items(self):
        # Someone joins when a story about them is published (every list) or
        # when a mention of them on a published one is confirmed (this one).
        depends_on("list:all", "list:people")
        return Person.objects.public().only("slug", "name")
