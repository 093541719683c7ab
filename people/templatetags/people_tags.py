import functools
from datetime import UTC, datetime

from django import template
from django.db import connections, router
from django.db.models import Count
from django.db.models.expressions import RawSQL
from django.template.loader import get_template
from django.utils import timezone as django_timezone

from articles import fragments
from articles.models import Article
from articles.page_cache import row_key
from people.models import Person, public_mention_q

register = template.Library()


def most_in_the_news_queryset(limit=8, window=200, now=None):
    """People named in the most of the latest ``window`` published stories.

    Counted over recent stories rather than over days, so a paper that
    publishes little (or a demo loaded from old pages) still has a list; only
    published stories count. One query.
    """
    recent = Article.objects.published(now=now).newest_first().values("pk")[:window]
    if connections[recent.db].vendor == "postgresql":
        # As IN (subquery) PostgreSQL hashed the recent stories against every
        # confirmed mention (3 ms at 20,000 stories, growing with the archive);
        # IN (SELECT UNNEST(ARRAY(subquery))) reads the recent ids first, then only their
        # mentions by the article index (0.5 ms), in the same round trip.
        sql, params = recent.query.sql_with_params()
        recent = RawSQL(f"SELECT UNNEST(ARRAY({sql}))", params)
    return (
        Person.objects.filter(public_mention_q("mentions__"), mentions__article__in=recent)
        .annotate(story_count=Count("mentions__article", distinct=True))
        .order_by("-story_count", "name", "pk")[:limit]
    )


# Stands for the time in the compiled query (no story is published at it).
_NOW = datetime(1900, 1, 1, tzinfo=UTC)


@functools.lru_cache(maxsize=32)
def _compiled(alias: str, limit: int, window: int, shown: str) -> tuple[str, tuple]:
    # ``shown``: which mentions readers see, a setting that changes the query's text.
    return most_in_the_news_queryset(limit, window, now=_NOW).using(alias).query.sql_with_params()


def most_in_the_news_people(limit=8, window=200, using="default") -> list[Person]:
    """``most_in_the_news_queryset()``'s people, from SQL compiled once per
    process: building the query cost twice as much CPU as running it."""
    sql, params = _compiled(using, limit, window, repr(public_mention_q()))
    adapt = connections[using].ops.adapt_datetimefield_value  # as the compiled query holds it
    stands_for, now = adapt(_NOW), adapt(django_timezone.now())
    return list(Person.objects.db_manager(using).raw(sql, [now if p == stands_for else p for p in params]))


def _fragment_name(limit: int) -> str:
    return f"most_in_the_news:{limit}"


def expect_most_in_the_news(limit=8) -> None:
    """Read the sidebar's fragment with the page's next fragments (``fragments.expect``)."""
    fragments.expect(_fragment_name(limit))


@register.simple_tag
def most_in_the_news(limit=8):
    """The sidebar list, a cached fragment: counted over the newest stories, so any
    story joining or leaving the site's lists (list:all) or any mention of a
    published story changing (list:mentions) makes it stale, as does a shown
    person's change."""

    def render():
        people = most_in_the_news_people(limit=limit, using=router.db_for_read(Person))
        html = get_template("includes/most_in_the_news.html").render({"people": people})
        return html, {"list:all", "list:mentions", *(row_key(Person, person.pk) for person in people)}

    return fragments.cached(_fragment_name(limit), render)
