from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.timezone import localtime

from articles import params as edge
from articles.models import Department
from articles.search.query import MAX_PER_PAGE, search_articles
from articles.search.tokens import MAX_QUERY_CHARS
from people.models import Person


def _by_slug(queryset, value):
    slug = edge.slug(value)
    return queryset.filter(slug=slug).first() if slug else None


def _search(request):
    """The page's and the API's search, from parameters checked at the edge
    (``articles.params``): a malformed one is ignored."""
    params = request.GET
    filters = {
        "department": _by_slug(Department.objects, params.get("department")),
        # Only people with a page of their own: scoping to anyone else would
        # confirm that an unpublished story names them.
        "person": _by_slug(Person.objects.public(), params.get("person")),
        "date_from": edge.day(params.get("from")),
        "date_to": edge.day(params.get("to")),
    }
    results = search_articles(_query(request), page=params.get("page"), per_page=params.get("per_page", 20), **filters)
    return results, filters


def _query(request) -> str:
    return edge.text(request.GET.get("q", ""), MAX_QUERY_CHARS * 4)


def _page_query(request):
    """The current search's parameters for pagination links, query cut short."""
    params = request.GET.copy()
    params.pop("page", None)
    if "q" in params:
        params["q"] = edge.text(params["q"], MAX_QUERY_CHARS)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def results(request):
    results, filters = _search(request)
    return render(
        request,
        "search/results.html",
        {
            "q": edge.text(request.GET.get("q", ""), MAX_QUERY_CHARS),
            "results": results,
            "page_obj": results.page,
            "filters": filters,
            "departments": Department.objects.all(),
            "max_query_chars": MAX_QUERY_CHARS,
            "page_query": _page_query(request),
        },
    )


def results_json(request):
    results, _ = _search(request)
    page = results.page
    return JsonResponse(
        {
            "results": [
                {
                    "headline": article.headline,
                    # The site's address, as the feeds give: the page cache keys on
                    # the path alone, so the host asked first would be served to all.
                    "url": settings.SITE_URL + article.get_absolute_url(),
                    "snippet": str(results.snippets[article.pk]),
                    "published": localtime(article.publish_at).isoformat() if article.publish_at else None,
                }
                for article in results.articles
            ],
            "total": results.total,
            "total_is_estimate": results.total_is_estimate,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "per_page": page.paginator.per_page,
            "max_per_page": MAX_PER_PAGE,
            "truncated": results.truncated,
        },
        json_dumps_params={"ensure_ascii": False},
    )
