import datetime as dt

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.timezone import localtime

from articles.models import Department
from articles.search.query import MAX_PER_PAGE, search_articles
from articles.search.tokens import MAX_QUERY_CHARS
from people.models import Person


def _date(value):
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _search(request):
    params = request.GET
    department = Department.objects.filter(slug=params.get("department", "")).first()
    person = Person.objects.filter(slug=params.get("person", "")).first()
    filters = {
        "department": department,
        "person": person,
        "date_from": _date(params.get("from")),
        "date_to": _date(params.get("to")),
    }
    results = search_articles(
        params.get("q", ""), page=params.get("page"), per_page=params.get("per_page", 20), **filters
    )
    return results, filters


def _page_query(request):
    """The current search's parameters for pagination links, query cut short."""
    params = request.GET.copy()
    params.pop("page", None)
    if "q" in params:
        params["q"] = params["q"][:MAX_QUERY_CHARS]
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def results(request):
    results, filters = _search(request)
    return render(
        request,
        "search/results.html",
        {
            "q": request.GET.get("q", "")[:MAX_QUERY_CHARS],
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
                    "url": request.build_absolute_uri(article.get_absolute_url()),
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
