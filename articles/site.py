"""What the reader's pages, feeds and sitemaps share, in both apps that serve
them (articles and people): canonical addresses on settings.SITE_URL, and
pagination that answers 404 for a page that is not there."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404


def paginate(request, queryset, per_page, param="page"):
    """A page of ``queryset`` for ``?<param>=N``; 404 for a page that is not there."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get(param) or 1)
    except InvalidPage as exc:
        raise Http404(str(exc)) from exc


class SiteMixin:
    """What every reader's page shares: the canonical URL (SITE_URL plus the
    path, with the page number when it is not the first)."""

    def get_canonical_url(self):
        url = settings.SITE_URL + self.request.path
        page = self.request.GET.get("page")
        if page and page not in ("1",) and page.isdigit():
            url += f"?page={page}"
        return url

    def get_context_data(self, **kwargs):
        kwargs.setdefault("canonical_url", self.get_canonical_url())
        return super().get_context_data(**kwargs)


class SiteURLSitemap(Sitemap):
    """URLs on settings.SITE_URL, not on the host the request came in on."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc
