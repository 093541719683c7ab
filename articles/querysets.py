"""What a reader may see, defined once.

Views, feeds, sitemaps, search and template tags all start from
``Article.objects.published()``; nothing else reaches a reader.
"""

from datetime import datetime

from django.db import connections, models
from django.db.models import F, Func, IntegerField, Prefetch
from django.db.models.query import ModelIterable
from django.utils import timezone

# How many of the newest stories sharing a tag or a person are scored for
# "related stories" (see ArticleQuerySet.related_to).
RELATED_CANDIDATES = 300

# The columns a story card and the home page's lead show (for_cards()).
CARD_FIELDS = (
    "kind",
    "kicker",
    "headline",
    "subtitle",
    "slug",
    "summary",
    "publish_at",
    "department_id",
    "department__name",
    "department__slug",
)


def person_story_ids(person):
    """The ids of the stories ``person`` (an instance or a primary key) wrote
    and of those that name them: two ``values("article_id")`` querysets, the
    one definition of how a person is tied to a story, which the reader's
    search also compiles into its own SQL."""
    from articles.models import Byline
    from people.models import Mention

    return (
        Byline.objects.filter(person=person).order_by().values("article_id"),
        Mention.objects.public().filter(person=person).order_by().values("article_id"),
    )


def public_tags():
    """Tags the public may see: those on a published story."""
    from django.db.models import Exists, OuterRef
    from taggit.models import Tag

    from articles.models import Article

    return Tag.objects.filter(Exists(Article.objects.published().filter(tags=OuterRef("pk"))))


def published_for_detail(slug: str, using: str):
    """``Article.objects.published().for_detail().filter(slug=slug).first()``
    (a reader's story page), from SQL compiled once per process: building and
    compiling that queryset cost Django about 1 ms of CPU a page, and
    PostgreSQL planning it more than running it."""
    from articles import compiled_sql, related_rows
    from people.models import public_mention_q

    # Which mentions readers see (a setting, written into the SQL) is part of its shape.
    found = compiled_sql.instances(
        _published_for_detail, repr(public_mention_q()), using=using, now=timezone.now(), slug=slug
    )
    for article in found:
        related_rows.attach(article)
    return found[0] if found else None


def _published_for_detail(mentions_shown, *, now, slug):
    from articles.models import Article

    return Article.objects.published(now=now).for_detail().filter(slug=slug)[:1]


class _WithRelatedRows(ModelIterable):
    """Stories with the related instances built from their JSON columns (for_detail())."""

    def __iter__(self):
        from articles.related_rows import attach

        for article in super().__iter__():
            attach(article)
            yield article


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Status published and publish time passed.

        A story scheduled for 06:00 is simply published with a publish time of
        06:00: it appears at that moment, decided at query time, with no job
        having to run. Drafts, stories in review and archived stories never
        appear.
        """
        from articles.models import Article

        return self.filter(
            status=Article.Status.PUBLISHED,
            publish_at__lte=now or timezone.now(),
        )

    def scheduled(self, now=None):
        """Published stories whose publish time is still ahead."""
        from articles.models import Article

        return self.filter(status=Article.Status.PUBLISHED, publish_at__gt=now or timezone.now())

    def newest_first(self):
        """Newest first; stories of one edition, which share a publish time,
        in the order they were printed (the front of the page leads)."""
        return self.order_by("-publish_at", F("print_position").asc(nulls_last=True), "-pk")

    def newest_tagged(self, tag_id, start=None, stop=None):
        """``newest_first().filter(tags=tag_id)[start:stop]``. For
        ``published()`` stories on PostgreSQL, that page of the tag's stories
        is read from the links table's index of published tag links in this
        order (articles/related_links.py), whatever the tag's size: the join
        made PostgreSQL walk either the newest stories of all, looking for
        the tag's, or all of the tag's, to sort them (1.4 ms at 20,000 stories
        and 4 ms at 200,000 for the 50 most used tags)."""
        from django.db.models.expressions import RawSQL

        published_at = _published_only_at(self)
        if published_at is None:
            return self.newest_first().filter(tags=tag_id)[start:stop]
        from articles import related_links

        sql, params = related_links.tagged_sql(tag_id, published_at, start, stop)
        return self.newest_first().filter(pk__in=RawSQL(sql, params))

    def for_list(self):
        """What a list of stories shows (department, bylines with people, tags,
        print placement), fetched in a constant number of queries."""
        from articles.models import Byline

        return self.select_related("department", "print_page__edition__publication").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("person").order_by("position", "pk")),
            "tags",
        )

    def for_cards(self):
        """What a story card shows (includes/article_item.html), and nothing
        else: its own columns and its department's name. Bylines are loaded by
        articles.cards for the cards it has to render, tags not at all."""
        return self.select_related("department").only(*CARD_FIELDS)

    def for_detail(self):
        """A story page: what for_list() has plus photos and the mentions
        readers see. The bylines, photos, tags and mentions come as JSON
        columns of the story's own query (articles/related_rows.py), built
        into the instances their prefetches would have left."""
        from articles import related_rows

        stories = related_rows.with_rows(
            self.select_related("department", "print_page__edition__publication"),
            "bylines",
            "photos",
            "tags",
            "mentions",
        )
        stories._iterable_class = _WithRelatedRows
        return stories

    # Reader's site helpers. Each returns a queryset; none of them decides
    # visibility: callers chain them after published().

    def latest_by_department(self, per_department=4, now=None):
        """The newest ``per_department`` stories of every department, in one
        query whatever the number of departments (on PostgreSQL, of those
        published at ``now``: pass the time given to ``published()``).

        On PostgreSQL a LATERAL subquery walks the (department, status,
        publish time) index for each department and reads about
        ``per_department`` rows each; a window over all stories sorts every
        published story first (116 ms at 20,000 stories). SQLite, the small
        embedded default, keeps the window.
        """
        from django.db.models import F, Window
        from django.db.models.expressions import RawSQL
        from django.db.models.functions import RowNumber

        from articles.models import Article, Department

        order = (
            "department__order",
            "department__name",
            "-publish_at",
            F("print_position").asc(nulls_last=True),
            "-pk",
        )
        if connections[self.db].vendor == "postgresql":
            # Whatever the caller filtered (published(), …) applies to the
            # outer query; the LATERAL part only picks candidates, so it asks
            # for status and publish time itself to use the index.
            newest = RawSQL(
                f"""SELECT newest.id FROM {Department._meta.db_table} d CROSS JOIN LATERAL (
                        SELECT a.id FROM {Article._meta.db_table} a
                        WHERE a.department_id = d.id AND a.status = %s AND a.publish_at <= %s
                        ORDER BY a.publish_at DESC, a.print_position ASC NULLS LAST, a.id DESC LIMIT %s) newest""",
                (Article.Status.PUBLISHED, now or timezone.now(), per_department),
            )
            return self.filter(pk__in=newest).order_by(*order)
        return (
            self.filter(department__isnull=False)
            .annotate(
                department_rank=Window(
                    RowNumber(),
                    partition_by=[F("department_id")],
                    order_by=[F("publish_at").desc(), F("print_position").asc(nulls_last=True), F("pk").desc()],
                )
            )
            .filter(department_rank__lte=per_department)
            .order_by("department__order", "department__name", "department_rank")
        )

    def in_department(self, department):
        """Stories of a department and of its sub-departments."""
        from django.db.models import Q

        return self.filter(Q(department=department) | Q(department__parent=department))

    def newest_in_department(self, department_id, start=None, stop=None):
        """``newest_first().in_department(department_id)[start:stop]``. For
        ``published()`` stories on PostgreSQL, each of the section's
        departments (itself and its sub-sections) is read newest first, as
        far as ``stop``, from the index in the lists' order that starts with
        the department, and those merged: the join walked the newest
        stories of all, every other section's too (five for each of the
        section's at 20,000 stories, and a hundred for a sub-section with
        one story in a hundred). With no ``stop`` (counting them all), the
        join, which PostgreSQL counts faster than it would merge them."""
        from django.db.models.expressions import RawSQL

        published_at = _published_only_at(self) if stop is not None else None
        if published_at is None:
            return self.newest_first().in_department(department_id)[start:stop]
        sql, params = _in_department_sql(department_id, published_at, start, stop)
        return self.newest_first().filter(pk__in=RawSQL(sql, params))

    def by_person(self, person):
        """Stories with ``person`` in their bylines."""
        written, _ = person_story_ids(person)
        return self.filter(pk__in=written)

    def mentioning(self, person):
        """Stories that name ``person`` (through Mention)."""
        _, named = person_story_ids(person)
        return self.filter(pk__in=named)

    def about_or_by(self, person):
        """Stories ``person`` wrote or is named in, each once."""
        from django.db.models import Q

        written, named = person_story_ids(person)
        return self.filter(Q(pk__in=written) | Q(pk__in=named))

    def related_to(self, article, limit=5):
        """Other stories sharing tags or named people with ``article``, most
        shared first, then newest.

        Reads the tags and mentions from ``article``'s prefetch cache when
        present (for_detail()), so it adds exactly one query.

        Candidates are, for tags and for people each, the stories of the
        newest ``RELATED_CANDIDATES`` join-table rows (by story id) carrying
        the story's tags, or naming its people; only those are scored. A
        person ties two stories only where both mentions are ones readers see
        (``Mention.objects.public()``): a guess no editor checked is no link.
        Scoring every story that shares a popular tag meant reading the whole
        table (86 ms a story page at 20,000 stories).

        On PostgreSQL, for ``published()`` stories, they are ranked from the
        links table (articles/related_links.py), which holds each tagging and
        mention with its story's status and publish time: each link's newest
        read in order from one index, no story looked up but the picked ones
        (a median 0.2 ms at 20,000 and at 200,000 stories, against 0.7 and
        0.9 ms from the join tables).

        Otherwise they are read from the join tables' (tag, story) and
        (person, story) indexes, scored by two small counting subqueries (none
        when the story has one tag and no people, or one person and no tags:
        every candidate then shares exactly one), and ranked on their keys,
        status and publish time (one index holds them); only the rows picked
        are read.

        The candidate and counting subqueries are plain SQL: built with the ORM
        (a union of sliced querysets, Coalesce(Subquery(…))) they took Django
        longer to compile (~3 ms a page) than PostgreSQL took to run them.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        # for_detail()'s mentions are those readers see; others are read so.
        prefetched = "mentions" in getattr(article, "_prefetched_objects_cache", {})
        mentions = article.mentions.all() if prefetched else article.mentions.public()
        person_ids = [mention.person_id for mention in mentions]
        return self.related_to_ids(article.pk, tag_ids, person_ids, limit)

    def related_to_ids(self, pk, tag_ids, person_ids, limit=5):
        """``related_to()`` for the story ``pk`` carrying the tags ``tag_ids``
        and naming the people ``person_ids``."""
        from django.db.models import Q
        from django.db.models.expressions import RawSQL

        from articles.models import TaggedArticle
        from people.models import Mention, public_mention_sql

        if not tag_ids and not person_ids:
            return self.none()

        # A person ties two stories only through mentions readers see, in
        # both: the story's own (``person_ids``, from its page's) and each
        # candidate's, the join tables' rows holding every mention.
        public_mentions = public_mention_sql(self.db)
        # (join table, its story column, its other column, the ids, what
        # more its rows must meet (SQL on the table, parameters)) for each
        # kind of link the story has.
        links = [
            (table, story_column, column, ids, shown)
            for table, story_column, column, ids, shown in (
                (TaggedArticle._meta.db_table, "content_object_id", "tag_id", tag_ids, ("", ())),
                (Mention._meta.db_table, "article_id", "person_id", person_ids, public_mentions),
            )
            if ids
        ]

        published_at = _published_only_at(self)
        if published_at is not None:
            # The candidates' status and publish time come with them from the
            # links table, each link's newest read in order from one index:
            # no story's row or key is looked up but the picked ones'
            # (articles/related_links.py).
            from articles import related_links

            kinds = [(related_links.KIND[table], ids) for table, _, _, ids, _ in links]
            sql, params = related_links.ranked_sql(
                kinds, limit, int(RELATED_CANDIDATES), published_at, pk, public_mentions
            )
            picked = self.filter(pk__in=RawSQL(sql, params))
            if _shared_is_constant(links):
                return picked.order_by("-publish_at", "-pk")
            shared = _shared_links(links)
            return picked.annotate(shared=shared).order_by("-shared", "-publish_at", "-pk")

        compound = connections[self.db].features.supports_slicing_ordering_in_compound

        def newest(table, story_column, column, ids, shown):
            return _newest_links(table, story_column, column, ids, shown, per_id=compound)

        if len(links) > 1 and compound:
            # One IN (… UNION …) lets PostgreSQL fetch the few candidates by
            # primary key; two IN (…) OR-ed made it scan the whole table.
            each = [newest(*link) for link in links]
            candidates = Q(
                pk__in=RawSQL(" UNION ".join(f"({sql})" for sql, _ in each), [p for _, params in each for p in params])
            )
        else:
            candidates = Q()
            for link in links:
                candidates |= Q(pk__in=RawSQL(*newest(*link)))
        ranked = self.exclude(pk=pk).filter(candidates)
        if _shared_is_constant(links):
            # Each candidate carries the story's one tag (or names its one
            # person) exactly once, the join tables being unique per
            # (story, tag) and (story, person): counting would sort by a
            # constant, one index probe per candidate.
            order = ["-publish_at", "-pk"]
        else:
            shared = _shared_links(links)
            ranked, order = ranked.annotate(shared=shared), ["-shared", "-publish_at", "-pk"]
        # The few picked by their keys, then their columns read: the
        # candidates' status and publish time come from the
        # (id, status, publish_at) index, their rows are never read.
        picked = self.filter(pk__in=ranked.order_by(*order).values("pk")[:limit])
        if "shared" in ranked.query.annotations:
            picked = picked.annotate(shared=shared)
        return picked.order_by(*order)


def _shared_links(links):
    """How many of the story's links (tags, people) a story shares, counted in the join tables."""
    return _SharedLinks(
        F("pk"),
        " + ".join(
            f'(SELECT COUNT(*) FROM "{table}" WHERE "{table}"."{story_column}" = %(expressions)s '
            f'AND "{table}"."{column}" IN ({", ".join(["%%s"] * len(ids))}){_and(shown[0]).replace("%", "%%")})'
            for table, story_column, column, ids, shown in links
        ),
        [param for *_, ids, shown in links for param in (*ids, *shown[1])],
    )


def _and(condition: str) -> str:
    return f" AND ({condition})" if condition else ""


def _published_only_at(stories):
    """The time ``stories`` is ``published(now)`` at, when that is all it
    selects (no other filter, join, slice or distinct), on PostgreSQL, else
    None: SQL that reads published stories in order from an index of its own
    (the links table's, a section's) can then stand for a page of it, as it
    asks the status and publish time that published() asks, nothing else."""
    if connections[stories.db].vendor != "postgresql":
        return None
    query = stories.query
    if query.is_sliced or query.distinct or query.combinator or query.extra or len(query.where.children) != 2:
        return None
    times = [
        child.rhs
        for child in query.where.children
        if getattr(child, "lookup_name", None) == "lte"
        and getattr(child.lhs, "target", None) is not None
        and child.lhs.target.name == "publish_at"
    ]
    if len(times) != 1 or not isinstance(times[0], datetime):
        return None
    published = stories.model._default_manager.published(now=times[0]).query
    return times[0] if query.where == published.where and set(query.alias_map) == set(published.alias_map) else None


def _in_department_sql(department_id, published_at, start: int | None, stop: int) -> tuple[str, list]:
    """SQL (and its parameters) for the keys of the stories published at
    ``published_at`` of a department and of its sub-departments, newest
    first as the lists order them (``newest_first()``), from ``start`` to
    ``stop``: each department's first ``stop`` from the (department, status,
    publish time, print position, id) index, merged."""
    from articles.models import Article, Department

    order = "{0}publish_at DESC, {0}print_position ASC NULLS LAST, {0}id DESC"
    sql = (
        f"SELECT n.id FROM {Department._meta.db_table} d CROSS JOIN LATERAL ("
        f"SELECT a.id, a.publish_at, a.print_position FROM {Article._meta.db_table} a "
        f"WHERE a.department_id = d.id AND a.status = %s AND a.publish_at <= %s ORDER BY {order.format('a.')} "
        f"LIMIT {int(stop)}) n "
        f"WHERE d.id = %s OR d.parent_id = %s ORDER BY {order.format('n.')} LIMIT {int(stop) - int(start or 0)}"
    )
    if start:
        sql += f" OFFSET {int(start)}"
    return sql, [Article.Status.PUBLISHED, published_at, department_id, department_id]


class _SharedLinks(Func):
    """How many of the story's links (tags, people) a candidate shares: a
    count per join table, ``%(expressions)s`` the candidate's key (relabelled
    with its query inside a subquery, as raw SQL naming its table is not)."""

    output_field = IntegerField()

    def __init__(self, story, template, params):
        super().__init__(story, template=template)
        self.link_params = list(params)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return f"({sql})", (*params, *self.link_params)


def _shared_is_constant(links) -> bool:
    """Whether every candidate shares exactly one link with the story: one
    kind of link, one id of it (``related_to_ids``)."""
    return len(links) == 1 and len(links[0][3]) == 1


def _newest_links(table, story_column, column, ids, shown, *, per_id) -> tuple[str, list]:
    """SQL (and its parameters) for the ``RELATED_CANDIDATES`` newest stories
    (by id) of the join table's rows whose ``column`` is one of ``ids`` and
    which meet ``shown`` (SQL on the table, its parameters). ``per_id``:
    merged from each id's newest, which PostgreSQL reads from the (id, story)
    index and stops at the limit; an IN (…) of several ids walked the whole
    story index, filtering out the other ids' rows."""
    limit = int(RELATED_CANDIDATES)
    condition, condition_params = shown
    if len(ids) == 1 or not per_id:
        sql = (
            f'SELECT "{story_column}" FROM "{table}" WHERE "{column}" IN ({", ".join(["%s"] * len(ids))})'
            f'{_and(condition)} ORDER BY "{story_column}" DESC LIMIT {limit}'
        )
        return sql, [*ids, *condition_params]
    each = (
        f'(SELECT "{story_column}" FROM "{table}" WHERE "{column}" = %s{_and(condition)} '
        f'ORDER BY "{story_column}" DESC LIMIT {limit})'
    )
    sql = (
        f'SELECT "{story_column}" FROM ({" UNION ALL ".join([each] * len(ids))}) AS "newest" '
        f'ORDER BY "{story_column}" DESC LIMIT {limit}'
    )
    return sql, [param for link_id in ids for param in (link_id, *condition_params)]
