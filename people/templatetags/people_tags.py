import hashlib

from django import template
from django.db import connections, router
from django.db.models import Count, F, Lookup, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone as django_timezone
from django.utils.html import conditional_escape as esc

from articles import compiled_sql, fragments
from articles.models import Article
from articles.page_cache import row_key
from articles.slug_urls import slug_url_function
from people.models import Person, public_mention_q

register = template.Library()


def most_in_the_news_queryset(limit=8, window=200, now=None):
    """People named in the most of the latest ``window`` published stories.

    Counted over recent stories rather than over days, so a paper that
    publishes little (or a demo loaded from old pages) still has a list; only
    published stories count. One query.
    """
    recent = Article.objects.published(now=now).newest_first().values("pk")[:window]
    in_recent = Q(mentions__article__in=recent)
    if connections[recent.db].vendor == "postgresql":
        # As IN (subquery) PostgreSQL hashed the recent stories against every
        # confirmed mention (3 ms at 20,000 stories, growing with the archive).
        # = ANY(ARRAY(subquery)) reads the recent ids first, then only their
        # mentions, in one scan of the (story, person) index (0.4 ms at
        # 200,000 stories; IN (SELECT UNNEST(ARRAY(…))) probed it once per story
        # and hashed the ids first: 0.5 ms).
        sql, params = recent.query.sql_with_params()
        in_recent = _AnyOf(F("mentions__article"), RawSQL(f"ARRAY({sql})", params))
    # A person is named once per story (Mention's unique (article, person)):
    # each mention row is one story, counted without DISTINCT's sort.
    return (
        Person.objects.filter(public_mention_q("mentions__"), in_recent)
        .annotate(story_count=Count("mentions__article"))
        .order_by("-story_count", "name", "pk")[:limit]
    )


class _AnyOf(Lookup):
    """``lhs = ANY(rhs)``, ``rhs`` an array (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = compiler.compile(self.lhs)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def _most_in_the_news_rows(limit, window, shown, *, now):
    # ``shown`` (which mentions readers see, a setting in the query's text) is part of its shape.
    columns = ("pk", "name", "slug", "description", "story_count")
    return most_in_the_news_queryset(limit, window, now=now).values_list(*columns)


def most_in_the_news_query(limit=8, window=200) -> compiled_sql.Query:
    """``most_in_the_news_queryset()`` as (id, name, slug, description, count)
    rows, from SQL compiled once per process (building the query cost twice
    as much CPU as running it), to read alone or with a page's other lists."""
    shape = (limit, window, repr(public_mention_q()))
    return compiled_sql.Query(_most_in_the_news_rows, shape, {"now": django_timezone.now()})


def _people(rows, using: str) -> list[Person]:
    people = []
    for pk, name, slug, description, story_count in rows:
        person = Person.from_db(using, ["id", "name", "slug", "description"], [pk, name, slug, description])
        person.story_count = story_count
        people.append(person)
    return people


def most_in_the_news_people(limit=8, window=200, using="default") -> list[Person]:
    """``most_in_the_news_queryset()``'s people (name, slug, description and count)."""
    return _people(compiled_sql.rows_together([most_in_the_news_query(limit, window)], using=using)[0], using)


def most_in_the_news_fragment(rows) -> str:
    """The sidebar's fragment: named by what it shows (the people and their
    counts, as ``most_in_the_news_query()`` reads them), so a publish that
    leaves them as they were renders nothing, and one that changes them
    never finds an old list."""
    return "most_in_the_news:" + hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:32]


def most_in_the_news_html(rows, using: str):
    """The sidebar list of these rows, a cached fragment (it depends on the
    people shown, so the page that shows it does too)."""

    def render():
        return sidebar_html(rows), {row_key(Person, pk) for pk, *_ in rows}

    return fragments.cached(most_in_the_news_fragment(rows), render)


def sidebar_html(rows) -> str:
    """The sidebar's markup of (id, name, slug, description, count) rows,
    filled in with format strings (a template's loop of lookups per person
    cost the cold home page more than the list's query)."""
    if not rows:
        return "\n"
    person_url = slug_url_function("people:detail")
    items = []
    for _pk, name, slug, description, story_count in rows:
        description = f' <span class="muted">{esc(description)}</span>' if description else ""
        items.append(
            f'<li><a href="{esc(person_url(slug))}">{esc(name)}</a>{description}'
            f' <span class="count">{story_count} 篇</span></li>'
        )
    return (
        '<section class="box most-in-news" aria-labelledby="most-in-news-title">\n'
        '  <h2 id="most-in-news-title">新闻人物</h2>\n  <ol class="link-list">\n'
        f"    {''.join(items)}\n  </ol>\n</section>\n"
    )


@register.simple_tag
def most_in_the_news(limit=8):
    """The sidebar list (``most_in_the_news_html``), counted now."""
    using = router.db_for_read(Person)
    return most_in_the_news_html(compiled_sql.rows_together([most_in_the_news_query(limit)], using=using)[0], using)
