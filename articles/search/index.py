"""Build, update and delete search entries.

``index_articles(ids)`` is the one way in: it reads the articles with their
bylines, mentions and tags in five queries per 500 articles, turns them into
weighted tokens and writes all entries of the batch in one statement. The
signal handlers call it once per commit with every article the transaction
touched; the print-page importer, which saves a page's stories in one
transaction, gets one call per page for free, and if it ever writes with
``bulk_create`` (no signals) it calls ``index_articles(ids)`` itself.

An article that no longer exists loses its entry, so indexing a stale id is
always safe. Every article is indexed whatever its status: the admin searches
drafts, and readers' visibility is decided at query time by
``Article.objects.published()`` (a scheduled story appears in search at its
publish time without a reindex). The people a story is indexed under are
those readers are shown with it: its bylines and its public mentions
(``Mention.objects.public()``, which ``PEOPLE_PUBLIC_MIN_CONFIDENCE`` widens:
``manage.py reindex`` after changing it).
"""

from __future__ import annotations

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from articles.models import Article
from articles.sanitize import html_to_text
from articles.search import tokens as tk
from articles.search.models import SearchEntry

ENTRIES = SearchEntry._meta.db_table
ARTICLES = Article._meta.db_table
FTS_TABLE = f"{ENTRIES}_fts"
GIN_INDEX = f"{ENTRIES}_vector_gin"
BATCH_SIZE = 500
# What ``SearchEntry.public_from`` holds: the publish time of a published
# story (``Article.objects.published()`` is status published and publish time
# passed), nothing for drafts, stories in review and archived ones.
PUBLIC_FROM = f"CASE WHEN a.status = '{Article.Status.PUBLISHED.value}' THEN a.publish_at END"


@dataclass(frozen=True)
class Document:
    """An article's tokens by weight: A headline, kicker, subtitle; B people,
    bylines, tags, summary; C body."""

    article_id: int
    head: list[str]
    people: list[str]
    body: list[str]

    def texts(self) -> tuple[str, str, str]:
        return " ".join(self.head), " ".join(self.people), " ".join(self.body)


def document_for(article, *, people=(), credits=(), tags=()) -> Document:
    """Tokens for one article (anything with kicker, headline, subtitle,
    summary and body attributes), the names of its bylined and mentioned
    people (aliases included), its byline credits and its tags."""
    weighted_b: list[str] = []
    for name in people:
        weighted_b += tk.person_name_tokens(name)
    for name in (*credits, *tags):
        weighted_b += tk.name_tokens(name)
    weighted_b += tk.tokenize(article.summary)
    return Document(
        article_id=article.pk,
        head=tk.tokenize(article.kicker) + tk.tokenize(article.headline) + tk.tokenize(article.subtitle),
        people=weighted_b,
        body=tk.tokenize(html_to_text(article.body)),
    )


def _documents(ids, using) -> list[Document]:
    """Documents for ``ids`` in five queries whatever their number: plain
    values rather than model instances, since a full reindex reads them all."""
    from collections import defaultdict

    from articles.models import Article, Byline, TaggedArticle
    from people.models import Alias, Mention

    articles = list(
        Article.objects.using(using).filter(pk__in=ids).only("pk", "kicker", "headline", "subtitle", "summary", "body")
    )
    people, credits, tags, aliases = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list)
    for article_id, name, credit in (
        Byline.objects.using(using)
        .filter(article_id__in=ids)
        .order_by()
        .values_list("article_id", "person__name", "credit")
    ):
        if name:
            people[article_id].append(name)
        if credit:
            credits[article_id].append(credit)
    # Only the mentions readers are shown (Mention.objects.public()): a
    # story matching a name through one they are not would tell them the
    # link editors have not confirmed. Confirming or unconfirming one
    # reindexes its story (search.signals, MentionAdmin.confirm).
    mentions = list(
        Mention.objects.using(using)
        .public()
        .filter(article_id__in=ids)
        .order_by()
        .values_list("article_id", "person_id", "person__name")
    )
    person_ids = {person_id for _, person_id, _ in mentions}
    for person_id, alias in (
        Alias.objects.using(using).filter(person_id__in=person_ids).order_by().values_list("person_id", "name")
    ):
        aliases[person_id].append(alias)
    for article_id, person_id, name in mentions:
        people[article_id] += [name, *aliases[person_id]]
    tagged = TaggedArticle.objects.using(using).filter(content_object_id__in=ids)
    for article_id, name in tagged.order_by().values_list("content_object_id", "tag__name"):
        tags[article_id].append(name)
    return [document_for(a, people=people[a.pk], credits=credits[a.pk], tags=tags[a.pk]) for a in articles]


def index_articles(article_ids, *, using=DEFAULT_DB_ALIAS) -> dict[str, int]:
    """(Re)build the entries of ``article_ids``; delete those whose article is
    gone. Returns ``{"indexed": n, "deleted": m}``."""
    ids = sorted({int(i) for i in article_ids if i is not None})
    indexed = deleted = 0
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        documents = _documents(chunk, using)
        missing = set(chunk) - {d.article_id for d in documents}
        with transaction.atomic(using=using):
            _write(documents, using)
            if missing:
                _delete(missing, using)
        indexed += len(documents)
        deleted += len(missing)
    return {"indexed": indexed, "deleted": deleted}


def _write(documents: list[Document], using) -> None:
    if not documents:
        return
    connection = connections[using]
    ids = [d.article_id for d in documents]
    texts = [d.texts() for d in documents]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement per batch; to_tsvector runs in the database, and
            # the join skips a story deleted since it was read and copies the
            # story's visibility and section as they are now.
            cursor.execute(
                f"""
                INSERT INTO {ENTRIES} (article_id, vector, public_from, department_id, indexed_at)
                SELECT d.id,
                       setweight(to_tsvector('simple', d.head), 'A')
                       || setweight(to_tsvector('simple', d.people), 'B')
                       || setweight(to_tsvector('simple', d.body), 'C'),
                       {PUBLIC_FROM}, a.department_id, now()
                FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS d(id, head, people, body)
                JOIN {ARTICLES} a ON a.id = d.id
                ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector, public_from = EXCLUDED.public_from,
                    department_id = EXCLUDED.department_id, indexed_at = EXCLUDED.indexed_at
                """,
                [ids, [t[0] for t in texts], [t[1] for t in texts], [t[2] for t in texts]],
            )
        elif connection.vendor == "sqlite":
            placeholders = ",".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", ids)
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, head, people, body) VALUES (%s, %s, %s, %s)",
                [(i, *t) for i, t in zip(ids, texts)],
            )
            cursor.execute(
                f"INSERT INTO {ENTRIES} (article_id, vector, public_from, department_id, indexed_at)"
                f" SELECT a.id, NULL, {PUBLIC_FROM}, a.department_id, datetime('now')"
                f" FROM {ARTICLES} a WHERE a.id IN ({placeholders})"
                " ON CONFLICT (article_id) DO UPDATE SET public_from = excluded.public_from,"
                " department_id = excluded.department_id, indexed_at = excluded.indexed_at",
                ids,
            )
        else:  # pragma: no cover - the project runs on PostgreSQL and SQLite only
            raise NotImplementedError(f"search index on {connection.vendor}")


def _delete(ids: set[int], using) -> None:
    if not ids:
        return
    from articles.search.models import SearchEntry

    SearchEntry.objects.using(using).filter(article_id__in=ids).delete()
    connection = connections[using]
    if connection.vendor == "sqlite":
        ids = sorted(ids)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({','.join(['%s'] * len(ids))})", ids)


@contextmanager
def _without_gin_index(using):
    """Drop the GIN index for a full rebuild and create it once at the end:
    building it from sorted data is several times faster than updating it
    row by row. Searches fall back to sequential scans meanwhile."""
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # Inside a caller's transaction the index may not be dropped (pending
        # trigger events); the rows are rewritten with it in place.
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {ENTRIES} USING gin (vector)")
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute(f"ANALYZE {ENTRIES}")


def _pipelined(ids, batch_size, using):
    """index_articles() over ``ids`` with the tokenizing (Python, jieba) of
    one batch overlapping the writing (PostgreSQL, to_tsvector) of the
    previous one, on a second connection: roughly halves a full reindex."""
    from concurrent.futures import ThreadPoolExecutor

    def write(documents, missing):
        try:
            with transaction.atomic(using=using):
                _write(documents, using)
                _delete(missing, using)
        finally:
            connections[using].close()  # the thread's own connection
        return {"indexed": len(documents), "deleted": len(missing)}

    with ThreadPoolExecutor(max_workers=1) as writer:
        pending = None
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            documents = _documents(chunk, using)
            missing = set(chunk) - {d.article_id for d in documents}
            if pending is not None:
                yield pending.result()
            pending = writer.submit(write, documents, missing)
        if pending is not None:
            yield pending.result()


def reindex_all(*, rebuild=False, batch_size=BATCH_SIZE * 4, progress=None, using=DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Index every article. With ``rebuild`` the index is emptied first and, on
    PostgreSQL, the GIN index dropped and rebuilt at the end (fast, but
    searches are slow until it is back: for maintenance windows and the
    benchmark). ``progress(done, total)`` is called after each batch."""
    from articles.models import Article
    from articles.search.models import SearchEntry

    connection = connections[using]
    ids = list(Article.objects.using(using).order_by("pk").values_list("pk", flat=True))
    totals = {"indexed": 0, "deleted": 0}
    if rebuild:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # TRUNCATE leaves no dead rows, but cannot run in a transaction
                # that has already deleted from the table (tests, callers' atomic()).
                cursor.execute(f"DELETE FROM {ENTRIES}" if connection.in_atomic_block else f"TRUNCATE {ENTRIES}")
        else:
            SearchEntry.objects.using(using).all().delete()
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")
    else:
        orphans = SearchEntry.objects.using(using).exclude(article__in=Article.objects.using(using).all())
        totals["deleted"] += orphans.delete()[0]
    with _without_gin_index(using) if rebuild else nullcontext():
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            batches = _pipelined(ids, batch_size, using)
        else:
            batches = (index_articles(ids[s : s + batch_size], using=using) for s in range(0, len(ids), batch_size))
        done = 0
        for result in batches:
            totals["indexed"] += result["indexed"]
            totals["deleted"] += result["deleted"]
            done = min(done + batch_size, len(ids))
            if progress:
                progress(done, len(ids))
    return totals
