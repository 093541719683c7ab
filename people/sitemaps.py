"""The people section of sitemap.xml: everyone the public may see."""

from articles.site import SiteURLSitemap
from people.models import Person


class PersonSitemap(SiteURLSitemap):
    changefreq = "weekly"

    def items(self):
        return Person.objects.public().only("slug", "name")
