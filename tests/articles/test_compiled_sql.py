"""Queries compiled once per process, their run-time values bound per call:
the same rows as the ORM's queryset for every value, and refused where they could not be."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles import compiled_sql, list_ids, list_owners
from articles.models import Article
from tests.factories import make_article, make_department

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two sections (one a sub-section of the other) and a third, with
    published, draft and embargoed stories, some tagged."""
    city, district, other = make_department(), make_department(), make_department()
    district.parent = city
    district.save()
    now = timezone.now()
    for i in range(12):
        make_article(department=(city, district, other)[i % 3], publish_at=now - timedelta(hours=i + 1), tags=["甲"])
    make_article(department=city, status=Article.Status.DRAFT, tags=["甲"])
    make_article(department=city, publish_at=now + timedelta(hours=2), tags=["甲"])  # embargoed
    make_article(department=other, publish_at=now - timedelta(minutes=5), tags=["乙"])
    return {"city": city, "district": district, "other": other, "now": now}


def _published(now):
    return Article.objects.published(now=now).newest_first()


def test_each_list_reads_what_its_queryset_reads(world):
    from taggit.models import Tag

    now = world["now"]
    for department in (world["city"], world["district"], world["other"]):
        expected = list(_published(now).in_department(department.pk).values_list("pk", flat=True))
        ids = list_ids.in_department(department.pk)
        assert ids[0:3] + ids[3:20] == expected and ids[0:3] == expected[:3], department
    for tag in Tag.objects.all():
        expected = list(_published(now).filter(tags=tag).values_list("pk", flat=True))
        assert list_ids.tagged(tag.pk)[0:21] == expected and list_ids.tagged(tag.pk).count() == len(expected)
    assert list_ids.newest(5) == list(_published(now).values_list("pk", "kind")[:5])
    assert list_ids.newest_by_department(2) == list(
        Article.objects.published(now=now)
        .latest_by_department(2, now=now)
        .values_list("pk", "department_id", "department__name", "department__slug")
    )


def test_each_sections_list_on_the_home_page_reads_what_the_sections_queryset_reads(world):
    now = world["now"]
    expected = list(
        Article.objects.published(now=now)
        .latest_by_department(2, now=now)
        .values_list("pk", "department_id", "department__name", "department__slug")
    )
    sections = list_ids.sections(2)
    assert [(pk, d, name, slug) for d, name, slug, ids in sections for pk in ids] == expected


def test_a_section_or_a_tag_found_by_its_slug_is_the_row_the_orm_finds(world, django_assert_num_queries):
    from taggit.models import Tag

    district, city = world["district"], world["city"]
    for _ in range(6):  # prepared on PostgreSQL from the fifth run on
        with django_assert_num_queries(1):
            found = list_owners.department(district.slug)
        with django_assert_num_queries(0):
            assert (found.pk, found.name, found.slug, found.parent.pk, found.parent.name) == (
                district.pk,
                district.name,
                district.slug,
                city.pk,
                city.name,
            )
    assert list_owners.department(city.slug).pk == city.pk and list_owners.department(city.slug).parent is None
    assert list_owners.department("no-such-section") is None
    for tag in Tag.objects.all():
        assert (list_owners.tag(tag.slug).pk, list_owners.tag(tag.slug).name) == (tag.pk, tag.name)
    assert list_owners.tag("no-such-tag") is None


def test_the_home_pages_two_lists_are_read_together_in_one_round_trip_on_postgresql(world, django_assert_num_queries):
    from django.db import connection

    expected = (list_ids.newest(13), list_ids.sections(5))
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        assert list_ids.home(13, 5) == expected


def test_the_time_is_bound_at_each_call_not_at_compiling(world):
    department = world["city"]
    before = list_ids.in_department(department.pk)[0:21]
    embargoed = Article.objects.get(department=department, publish_at__gt=world["now"])
    assert embargoed.pk not in before and embargoed.pk not in [pk for pk, _ in list_ids.newest(20)]
    later = timezone.now() + timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert list_ids.in_department(department.pk)[0:21][0] == embargoed.pk
        assert list_ids.newest(20)[0][0] == embargoed.pk
        assert embargoed.pk in [pk for pk, *_ in list_ids.newest_by_department(3)]
        newest, sections = list_ids.home(20, 3)
        assert newest[0][0] == embargoed.pk and embargoed.pk in [pk for *_, ids in sections for pk in ids]


def _ignores_the_time(limit, *, now):
    return Article.objects.values_list("pk", flat=True)[:limit]


def _stories(*, now, ids):
    columns = ("pk", "publish_at", "department__name")
    return Article.objects.published(now=now).filter(pk__in=ids).order_by("pk").values_list(*columns)


def test_stories_by_id_with_columns_django_converts_read_as_the_orm_reads_them(world):
    now = timezone.now()
    ids = tuple(Article.objects.order_by("pk").values_list("pk", flat=True))
    for chosen in (ids[:3], ids[3:6], ids[::2], ids[-1:]):
        expected = list(_stories(now=now, ids=chosen))
        assert compiled_sql.rows(_stories, using="default", now=now, ids=chosen) == expected
    assert isinstance(expected[0][1], type(now)) and expected[0][1].tzinfo is not None


def test_a_value_the_sql_does_not_hold_or_cannot_stand_in_for_is_refused():
    with pytest.raises(compiled_sql.NotCompilable, match="not parameters"):
        compiled_sql.rows(_ignores_the_time, 3, using="default", now=timezone.now())
    with pytest.raises(compiled_sql.NotCompilable, match="no stand-in"):
        compiled_sql.rows(_ignores_the_time, 3, using="default", now=0.5)
    with pytest.raises(compiled_sql.NotCompilable, match="ids"):
        compiled_sql.rows(_stories, using="default", now=timezone.now(), ids=())


def test_related_stories_are_the_related_to_querysets_for_any_number_of_tags_and_people():
    # Compiled once per number of tags and people, the same query twice bound.
    from articles.templatetags.news import related_stories
    from tests.factories import make_mention, make_person

    people = [make_person() for _ in range(3)]
    stories = []
    for i in range(12):
        story = make_article(headline=f"相关{i}", tags=[f"标签{j}" for j in range(i % 4)])
        for person in people[: i % 3]:
            make_mention(story, person)
        stories.append(story)
    make_article(headline="未来", tags=["标签1"], publish_at=timezone.now() + timedelta(hours=1))
    for story in stories:
        loaded = Article.objects.for_detail().get(pk=story.pk)
        expected = list(Article.objects.published().related_to(loaded).only("slug", "headline", "publish_at"))
        found = related_stories(loaded)["articles"]
        assert [(a.pk, a.slug, a.headline, a.publish_at) for a in found] == [
            (a.pk, a.slug, a.headline, a.publish_at) for a in expected
        ]


def _by_ids(*, now, ids):
    return Article.objects.published(now=now).filter(pk__in=ids).order_by("pk").values_list("pk", flat=True)


def _prepared_statements():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


@pytest.fixture
def postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    assert connection.settings_dict["OPTIONS"]["prepare_threshold"] is not None
    return connection


def test_on_postgresql_a_compiled_query_is_prepared_once_it_has_run_a_few_times(world, postgresql):
    now = world["now"]
    threshold = postgresql.settings_dict["OPTIONS"]["prepare_threshold"]
    expected = list(_published(now).in_department(world["city"].pk).values_list("pk", flat=True)[:5])
    for _ in range(threshold + 2):
        assert list_ids.in_department(world["city"].pk)[0:5] == expected
    assert len([s for s in _prepared_statements() if "articles_department" in s and "LIMIT 5" in s]) == 1
    # Django's own queries stay unprepared (client-side binding).
    for _ in range(threshold + 2):
        list(Article.objects.filter(pk=1))
    assert not [s for s in _prepared_statements() if s.startswith('SELECT "articles_article"."id", ')]


def test_ids_of_every_size_in_one_list_share_one_prepared_statement(world, postgresql):
    # psycopg types a Python int by its size: 2, 4 or 8 bytes, each mix a statement of its own.
    now = world["now"]
    real = tuple(Article.objects.order_by("pk").values_list("pk", flat=True)[:2])
    for ids in [(1, 2**20, 2**40), (2**40, 3, 2**20), (2**20, 2**40, 4), real + (2**40,)] * 3:
        assert compiled_sql.rows(_by_ids, using="default", now=now, ids=ids) == list(_by_ids(now=now, ids=ids))
    assert compiled_sql.rows(_by_ids, using="default", now=now, ids=real + (2**40,)) == list(real)
    assert len([s for s in _prepared_statements() if "IN ($3, $4, $5)" in s]) == 1


def test_prepared_statements_survive_a_new_connection_a_rollback_and_a_schema_change(world, postgresql):
    from django.db import transaction

    now = world["now"]
    threshold = postgresql.settings_dict["OPTIONS"]["prepare_threshold"]
    expected = list(_published(now).values_list("pk", "kind")[:4])

    def read():
        for _ in range(threshold + 2):
            assert list_ids.newest(4) == expected

    read()
    with pytest.raises(RuntimeError), transaction.atomic():  # rolled back to a savepoint
        read()
        raise RuntimeError
    read()
    with postgresql.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's rows' deferred checks, before an ALTER
        cursor.execute("ALTER TABLE articles_article ADD COLUMN compiled_sql_probe integer")
    read()
    with postgresql.cursor() as cursor:
        cursor.execute("ALTER TABLE articles_article DROP COLUMN compiled_sql_probe")
    read()


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again(world, postgresql):
    # Outside a test's transaction, on a connection closed and opened again.
    threshold = postgresql.settings_dict["OPTIONS"]["prepare_threshold"]
    expected = list(list_ids.newest(3))
    postgresql.close()
    for _ in range(threshold + 2):
        assert list_ids.newest(3) == expected
    assert [s for s in _prepared_statements() if "LIMIT 3" in s]


@compiled_sql.planned_per_call
def _tagged_by_join(start, stop, *, now, tag):
    # Planned for its values: how many stories carry the tag decides the plan.
    return _published(now).filter(tags=tag).values_list("pk", flat=True)[start:stop]


def test_a_query_planned_per_call_is_never_prepared(world, postgresql):
    from taggit.models import Tag

    threshold = postgresql.settings_dict["OPTIONS"]["prepare_threshold"]
    tag = Tag.objects.get(name="甲")
    expected = list(_published(world["now"]).filter(tags=tag).values_list("pk", flat=True)[:7])
    for _ in range(threshold + 2):
        assert list_ids.Ids(_tagged_by_join, tag=tag.pk)[0:7] == expected
    assert not [s for s in _prepared_statements() if "articles_taggedarticle" in s]


def test_a_query_built_around_one_planned_per_call_is_never_prepared_either(world, postgresql):
    # A list's page read after a publish: its ids with its newest stories' card rows.
    from taggit.models import Tag

    from articles.cards import IdsWithNewestRows

    threshold = postgresql.settings_dict["OPTIONS"]["prepare_threshold"]
    tag = Tag.objects.get(name="甲")
    expected = list(_published(world["now"]).filter(tags=tag).values_list("pk", flat=True)[:7])
    for _ in range(threshold + 2):
        ids = IdsWithNewestRows(list_ids.Ids(_tagged_by_join, tag=tag.pk), 2, "default")
        assert ids[0:7] == expected
        assert [row[0] for row in ids.preloaded] == expected[:2]
    assert not [s for s in _prepared_statements() if "articles_taggedarticle" in s]


def test_a_tags_list_from_the_links_table_is_prepared_with_what_is_built_around_it(world, postgresql):
    # Read from one index whatever the tag's size, one plan serves every tag.
    from taggit.models import Tag

    from articles.cards import IdsWithNewestRows

    threshold = postgresql.settings_dict["OPTIONS"]["prepare_threshold"]
    tag = Tag.objects.get(name="甲")
    expected = list(_published(world["now"]).filter(tags=tag).values_list("pk", flat=True)[:7])
    for _ in range(threshold + 2):
        ids = IdsWithNewestRows(list_ids.tagged(tag.pk), 2, "default")
        assert ids[0:7] == expected
        assert [row[0] for row in ids.preloaded] == expected[:2]
    # Both statements, read together as one.
    prepared = [s for s in _prepared_statements() if "articles_related_link" in s]
    assert len(prepared) == 1 and prepared[0].count("articles_related_link") == 2, prepared


def _failing(*, n):
    # 1/n on the server: n=0 fails the statement, as a timeout, a cancel or a replica's conflict would.
    from django.db.models import ExpressionWrapper, IntegerField, Value

    return Article.objects.annotate(x=ExpressionWrapper(Value(1) / n, output_field=IntegerField())).values_list(
        "x", flat=True
    )[:1]


def _three_newest(*, now):
    return _published(now).values_list("pk", flat=True)[:3]


@pytest.mark.django_db(transaction=True)
def test_a_statement_failing_in_a_round_trip_leaves_the_others_usable_on_that_connection(world, postgresql):
    threshold = postgresql.settings_dict["OPTIONS"]["prepare_threshold"]

    def both(n):
        queries = [
            compiled_sql.Query(_failing, (), {"n": n}),
            compiled_sql.Query(_three_newest, (), {"now": world["now"]}),
        ]
        return compiled_sql.rows_together(queries, using="default")

    for _ in range(threshold):  # the next run prepares them
        both(1)
    with pytest.raises(Exception, match="division by zero"):
        both(0)
    expected = list(_three_newest(now=world["now"]))
    assert compiled_sql.rows(_three_newest, using="default", now=world["now"]) == expected
    assert both(1)[1] == expected


def test_prepared_queries_run_whatever_wrapper_another_library_puts_around_the_cursor(world, postgresql):
    # A debug toolbar's wrapper takes more than (cursor, connection) to build.
    from django.db.backends.utils import CursorWrapper

    class ToolbarWrapper(CursorWrapper):
        def __init__(self, cursor, db, logger):
            super().__init__(cursor, db)

    original = postgresql.cursor
    expected = list(_three_newest(now=world["now"]))
    with mock.patch.object(postgresql, "cursor", lambda: ToolbarWrapper(original().cursor, postgresql, None)):
        assert compiled_sql.rows(_three_newest, using="default", now=world["now"]) == expected


def test_the_query_log_shows_each_prepared_query_with_its_values(world, postgresql, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        for _ in range(8):
            list_ids.in_department(world["city"].pk)[0:4]
        list_ids.home(13, 5)
    assert len(captured.captured_queries) == 9
    assert f"= {world['city'].pk}" in captured.captured_queries[-2]["sql"]
    logged = captured.captured_queries[-1]["sql"]
    assert "%s" not in logged and logged.count("json_agg") == 2 and "'published'" in logged


def test_without_a_prepare_threshold_queries_go_as_before(world, postgresql, django_assert_num_queries):
    from unittest import mock

    options = {**postgresql.settings_dict["OPTIONS"], "prepare_threshold": None}
    expected = (list_ids.newest(13), list_ids.sections(5))
    with mock.patch.dict(postgresql.settings_dict, OPTIONS=options), django_assert_num_queries(1):
        assert list_ids.home(13, 5) == expected


@pytest.mark.parametrize("threshold", [None, 0.8])
def test_a_story_page_loads_the_story_its_queryset_loads(settings, django_assert_num_queries, threshold):
    from articles.querysets import published_for_detail
    from tests.articles.test_related_rows import _bylines, _mentions, _photos, _story
    from tests.factories import make_edition, make_print_page

    settings.PEOPLE_PUBLIC_MIN_CONFIDENCE = threshold  # part of the SQL: compiled for each
    story = _story()
    story.department = make_department()
    story.print_page = make_print_page(make_edition())
    story.save()
    bare = make_article()
    draft = make_article(status=Article.Status.DRAFT)
    embargoed = make_article(publish_at=timezone.now() + timedelta(hours=1))

    def seen(article):
        if article is None:
            return None
        return (
            [getattr(article, field.attname) for field in Article._meta.concrete_fields],
            article.department and (article.department.pk, article.department.name, article.department.slug),
            article.print_page and (article.print_page.number, str(article.print_page.edition)),
            _bylines(article),
            _photos(article),
            _mentions(article),
            [(tag.pk, tag.name, tag.slug) for tag in article.tags.all()],
        )

    for _ in range(3):
        for slug in (story.slug, bare.slug, draft.slug, embargoed.slug, "no-such-story"):
            expected = seen(Article.objects.published().for_detail().filter(slug=slug).first())
            with django_assert_num_queries(1):
                found = published_for_detail(slug, "default")
            with django_assert_num_queries(0):
                assert seen(found) == expected, slug
    assert seen(published_for_detail(story.slug, "default"))[-2] and seen(published_for_detail(bare.slug, "default"))


@pytest.mark.django_db(transaction=True)
def test_a_column_type_changed_by_another_process_does_not_break_the_prepared_queries(world, postgresql):
    # A deploy's migration, run while a web process holds statements prepared
    # for the old type: PostgreSQL refuses to run them ("cached plan must not change result type").
    import psycopg

    threshold = postgresql.settings_dict["OPTIONS"]["prepare_threshold"]
    expected, home = list(list_ids.newest(4)), list_ids.home(4, 2)
    for _ in range(threshold + 2):
        assert list_ids.newest(4) == expected and list_ids.home(4, 2) == home
    settings = {k: v for k, v in postgresql.get_connection_params().items() if k not in ("context", "cursor_factory")}
    with postgresql.cursor() as cursor:
        cursor.execute(
            "SELECT character_maximum_length FROM information_schema.columns"
            " WHERE table_name = 'articles_article' AND column_name = 'kind'"
        )
        (length,) = cursor.fetchone()
    with psycopg.connect(**settings, autocommit=True) as other:
        other.execute(f"ALTER TABLE articles_article ALTER COLUMN kind TYPE varchar({length + 1})")
        try:
            assert list_ids.home(4, 2) == home  # several statements in one pipeline
            for _ in range(threshold + 2):
                assert list_ids.newest(4) == expected and list_ids.home(4, 2) == home
        finally:
            postgresql.close()  # its locks released before the type goes back
            other.execute(f"ALTER TABLE articles_article ALTER COLUMN kind TYPE varchar({length})")


def _home_lists(now):
    from articles.cards import newest_rows
    from articles.views import most_in_the_news_query

    values = {"now": now}
    return [
        compiled_sql.Query(list_ids._newest, (13,), values),
        list_ids._sections_query(5, values),
        most_in_the_news_query(),
        newest_rows(3)._replace(values=values),
    ]


def test_statements_read_together_as_one_are_the_rows_each_reads_alone(world, postgresql):
    # One statement aggregating each one's rows as JSON: names, arrays, NULLs
    # and times (to the microsecond, in the connection's zone) as read alone.
    from tests.factories import make_byline, make_mention, make_person

    now = world["now"]
    person = make_person(name='引号"与\\反斜杠\n换行 <b>&amp;', description="")
    # JSON writes a time's fraction of a second with as many digits as it needs (none, .12, .000007).
    whole = now.replace(microsecond=0)
    for at in (
        whole - timedelta(minutes=1),
        whole - timedelta(seconds=2, microseconds=-120000),
        whole - timedelta(seconds=3, microseconds=-7),
    ):
        story = make_article(department=world["other"], publish_at=at, headline="标题 \"'\\\t😀", subtitle="")
        make_byline(story, person)
        make_mention(story, person)
    queries = _home_lists(now)
    alone = [compiled_sql.rows_together([query], using="default")[0] for query in queries]
    for _ in range(postgresql.settings_dict["OPTIONS"]["prepare_threshold"] + 1):
        together = compiled_sql.rows_together(queries, using="default")
        assert together == alone and all(together)
    assert {row[7].microsecond for row in together[3]} == {0, 120000, 7}
    for read, expected in zip(together[3], alone[3]):
        assert read[7].tzinfo == expected[7].tzinfo and read[7].microsecond == expected[7].microsecond
    assert len([s for s in _prepared_statements() if s.count("json_agg") == len(queries)]) == 1


def _with_decimal(*, now):
    from decimal import Decimal

    from django.db.models import DecimalField, ExpressionWrapper, Value

    price = ExpressionWrapper(Value(Decimal("1.10")), output_field=DecimalField(max_digits=5, decimal_places=2))
    return _published(now).annotate(price=price).values_list("pk", "price")[:2]


def test_a_column_json_would_not_keep_exactly_is_read_by_its_own_statement(world, postgresql):
    from decimal import Decimal

    now = world["now"]
    queries = [compiled_sql.Query(_with_decimal, (), {"now": now}), compiled_sql.Query(_three_newest, (), {"now": now})]
    threshold = postgresql.settings_dict["OPTIONS"]["prepare_threshold"]
    for _ in range(threshold + 1):
        priced, newest = compiled_sql.rows_together(queries, using="default")
        assert [price for _, price in priced] == [Decimal("1.10")] * 2 and newest == list(_three_newest(now=now))
    assert not [s for s in _prepared_statements() if "json_agg" in s]
