"""The database side of a search: PostgreSQL (tsvector, GIN, ts_rank_cd) or
SQLite (FTS5, bm25). ``query.py`` picks one by ``connection.vendor``; nothing
outside this package needs to know which.

Both rank the same way: first by how many of the reader's words a story has
(so a multi-word query lists stories with all the words first), then by text
rank weighted A headline > B people, tags, summary > C body, divided by an age
factor so that among equally good matches the recent story comes first.

Both take the base queryset (``Article.objects.published()`` for readers,
anything for editors), so what a reader may see stays defined in one place.
On PostgreSQL readers' search first finds its candidates on the search table
alone (``PublicScope``: the entry's copy of the story's visibility and
section), which is what keeps it fast at hundreds of thousands of stories,
and then lets ``base`` check them.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models.expressions import RawSQL

from articles.search.index import ARTICLES, ENTRIES, FTS_TABLE
from articles.search.models import SearchEntry
from articles.search.planner import (
    CANDIDATE_LIMIT,
    WALK_BUDGET,
    EditorSession,
    PlanStatistics,
    search_transaction,
)
from articles.search.tokens import ParsedQuery, Term

# A story this many days old counts half as much as one published today.
RECENCY_HALF_DAYS = 180.0
# When fewer than ALL_WORDS_WANTED of the candidates have every word of a
# multi-word query, stories with every word are also looked up.
ALL_WORDS_WANTED = 20
# Editors' search hands the changelist the ids of at most this many matches
# (see PostgresBackend.matching): each of its queries then costs about 3 µs an
# id, 15 ms at 5,000.
ADMIN_IDS = 5000
# SQLite's bm25() takes column weights in column order: head, people, body.
# The same ratios as ts_rank_cd's defaults for weights A, B, C (1, 0.4, 0.2).
BM25_WEIGHTS = (5.0, 2.0, 1.0)


@dataclass(frozen=True)
class PublicScope:
    """Readers' search in the search table's own terms: what they may see now
    (``SearchEntry.public_from <= now``) and the filters of the search page.
    ``department_ids`` is a section with its sub-sections; dates are a
    half-open range of publish times."""

    now: datetime
    department_ids: tuple[int, ...] | None = None
    person_id: int | None = None
    published_from: datetime | None = None
    published_before: datetime | None = None

    def where(self) -> tuple[str, list]:
        from articles.querysets import person_story_ids

        clauses, params = ["s.public_from <= %s"], [self.now]
        if self.department_ids is not None:
            clauses.append("s.department_id = ANY(%s)")
            params.append(list(self.department_ids))
        if self.published_from is not None:
            clauses.append("s.public_from >= %s")
            params.append(self.published_from)
        if self.published_before is not None:
            clauses.append("s.public_from < %s")
            params.append(self.published_before)
        if self.person_id is not None:
            subqueries = [ids.query.sql_with_params() for ids in person_story_ids(self.person_id)]
            clauses.append(f"s.article_id IN ({' UNION '.join(sql for sql, _ in subqueries)})")
            params += [param for _, sub_params in subqueries for param in sub_params]
        return " AND ".join(clauses), params


class PostgresBackend:
    # Query tokens are runs of letters and digits (tokens._WORD_RUN), so
    # quoting them is enough: no quote, operator or parenthesis a reader types
    # ever reaches to_tsquery() or FTS5's MATCH syntax.

    @staticmethod
    def _tsquery(alternatives: list[str], op: str) -> str:
        return f" {op} ".join(f"({a})" for a in alternatives)

    def term_query(self, term: Term) -> str:
        return _tsquery_of([term.alternatives])

    def any_query(self, parsed: ParsedQuery) -> str:
        return self._tsquery([self.term_query(t) for t in parsed.terms], "|")

    def all_query(self, parsed: ParsedQuery) -> str:
        return self._tsquery([self.term_query(t) for t in parsed.terms], "&")

    @staticmethod
    def session(using: str):
        """Around every query of an editor's search (the admin changelist,
        see ``query.editors_search``): one transaction, in which ``matching``
        may turn sequential scans off for the queries that follow."""
        return EditorSession(using)

    def matching(self, parsed: ParsedQuery, using: str):
        """The stories with every word, drafts and all, for ``pk__in`` (the
        admin changelist, which runs several queries over them: the count,
        the page, the date hierarchy's first and last dates and its years).

        Up to ADMIN_IDS matches are read once through the GIN index and
        handed over as an array of ids, which each of those queries looks up
        by primary key, whatever the planner guesses about the words. Beyond
        that, a subquery on the search table alone; if the planner would read
        it by scanning the search table (a word in most stories), the rest of
        the editor's session runs with sequential scans off.

        Left to itself the planner may scan the whole search table for a rare
        word (it does not price reading each vector from TOAST), or walk
        every story newest first expecting to meet 50 matches soon: 0.6 s and
        1.5 s at 200,000 stories for a word in 3 stories."""
        tsquery = self.all_query(parsed)
        with search_transaction(using) as cursor:
            cursor.execute(
                f"SELECT article_id FROM {ENTRIES} WHERE vector @@ to_tsquery('simple', %s) LIMIT %s",
                [tsquery, ADMIN_IDS + 1],
            )
            ids = [row[0] for row in cursor.fetchall()]
        if len(ids) <= ADMIN_IDS:
            # One array parameter: as IN (%s, %s, …) Django would compile and
            # PostgreSQL parse thousands of parameters in each query.
            return RawSQL("SELECT unnest(%s::bigint[])", [ids])
        session = EditorSession.current(using)
        if session is not None:
            session.avoid_scanning_for(tsquery)
        query = SearchQuery(tsquery, search_type="raw", config="simple")
        return SearchEntry.objects.using(using).filter(vector=query).values("article_id")

    # --- readers: the search table alone -------------------------------------

    def rank_public(self, base, parsed: ParsedQuery, scope: PublicScope, using: str) -> tuple[list[int], int, bool]:
        """Readers' search: candidates are the newest matches that ``scope``
        lets through, found on the search table alone, then ranked; ``base``
        (``Article.objects.published()`` with the same filters) has the last
        word on what may be shown.

        A word jieba cuts into pieces (郭重阳 → 郭 + 重阳) is first looked for
        whole: stories with 郭 in one place and 重阳 in another are only
        candidates when fewer than CANDIDATE_LIMIT stories have the word."""
        where, params = scope.where()
        with search_transaction(using) as cursor:
            plan = PlanStatistics.read(cursor, parsed, self.any_query(parsed), where, params)
            candidates = None
            whole = [tuple(a for a in term.alternatives if len(a) == 1) for term in parsed.terms]
            if all(whole) and any(len(a) > 1 for term in parsed.terms for a in term.alternatives):
                found = self._newest(cursor, _tsquery_of(whole), where, params, walk=plan.walk_finds_enough(whole))
                candidates = found if len(found) == CANDIDATE_LIMIT else None
            if candidates is None:
                every = [term.alternatives for term in parsed.terms]
                candidates = self._newest(
                    cursor, self.any_query(parsed), where, params, walk=plan.walk_finds_enough(every)
                )
            exhaustive = len(candidates) < CANDIDATE_LIMIT
            rows = self._ranked_entries(cursor, parsed, candidates)
            n = len(parsed.terms)
            if n > 1 and not exhaustive and sum(1 for row in rows if row[1] == n) < ALL_WORDS_WANTED:
                # Common words rarely found together: the stories with all of
                # them may all be older than the newest CANDIDATE_LIMIT.
                # Walking may stop with fewer than CANDIDATE_LIMIT: they are
                # still the newest such stories, enough for the first pages.
                walk = plan.all_share(parsed) * WALK_BUDGET >= 2 * ALL_WORDS_WANTED
                newest = self._newest(cursor, self.all_query(parsed), where, params, walk=walk, enough=ALL_WORDS_WANTED)
                more = set(newest) - set(candidates)
                rows = sorted([*rows, *self._ranked_entries(cursor, parsed, list(more))], key=_rank_order)
        visible = set(base.filter(pk__in=[row[0] for row in rows]).values_list("pk", flat=True))
        ranked = [row[0] for row in rows if row[0] in visible]
        if exhaustive:
            return ranked, len(ranked), False
        # Counting every match would read every match: the planner's estimate.
        return ranked, max(plan.estimate, len(ranked)), True

    def _newest(
        self, cursor, tsquery: str, where: str, params: list, *, walk: bool, enough=CANDIDATE_LIMIT
    ) -> list[int]:
        """Ids of the CANDIDATE_LIMIT newest entries in ``where`` matching
        ``tsquery``.

        Two plans, chosen by ``PlanStatistics`` rather than by the planner, which
        neither prices reading a TOASTed vector nor knows how often the
        tokens of one word occur together. Walking the entries newest first
        and checking each vector costs about 20 µs a row: cheap when most
        stories match, ruinous when few do. Collecting every match through the
        GIN index and keeping the newest costs about 1 µs a match: cheap
        unless nearly every story matches. A walk that does not find enough
        within WALK_BUDGET rows (``enough``) falls back to the index.
        """
        if walk:
            cursor.execute(
                f"""
                SELECT w.article_id FROM (
                    SELECT s.article_id, s.vector FROM {ENTRIES} s WHERE {where}
                    ORDER BY s.public_from DESC, s.article_id DESC LIMIT %s
                ) w
                WHERE w.vector @@ to_tsquery('simple', %s) LIMIT %s
                """,
                [*params, WALK_BUDGET, tsquery, CANDIDATE_LIMIT],
            )
            found = [row[0] for row in cursor.fetchall()]
            if len(found) >= enough:
                return found
        # MATERIALIZED keeps the match on the GIN index, away from a walk.
        cursor.execute(
            f"""
            WITH m AS MATERIALIZED (
                SELECT s.article_id, s.public_from FROM {ENTRIES} s
                WHERE s.vector @@ to_tsquery('simple', %s) AND {where}
            )
            SELECT article_id FROM m ORDER BY public_from DESC, article_id DESC LIMIT %s
            """,
            [tsquery, *params, CANDIDATE_LIMIT],
        )
        return [row[0] for row in cursor.fetchall()]

    def _ranked_entries(self, cursor, parsed: ParsedQuery, ids: list[int]) -> list[tuple]:
        """``ids`` as (id, number of the query's words it has, score, publish
        time), best first (``_rank_order``)."""
        if not ids:
            return []
        n_terms = " + ".join(["(s.vector @@ to_tsquery('simple', %s))::int"] * len(parsed.terms))
        cursor.execute(
            f"""
            SELECT s.article_id, {n_terms},
                   ts_rank_cd(s.vector, to_tsquery('simple', %s))
                   / (1 + GREATEST(EXTRACT(EPOCH FROM now() - s.public_from), 0) / 86400.0 / %s),
                   EXTRACT(EPOCH FROM s.public_from)
            FROM {ENTRIES} s WHERE s.article_id = ANY(%s)
            """,
            [*(self.term_query(t) for t in parsed.terms), self.any_query(parsed), RECENCY_HALF_DAYS, ids],
        )
        return sorted(cursor.fetchall(), key=_rank_order)

    def rank(self, base, parsed: ParsedQuery, using: str, scope: PublicScope) -> tuple[list[int], int, bool]:
        """(ids best first, total, whether the total is an estimate): readers'
        search, found on the search table alone (``rank_public``)."""
        return self.rank_public(base, parsed, scope, using)


def _rank_order(row):
    """Most of the query's words first, then score, then newest."""
    article_id, n_terms, score, published = row
    return (-n_terms, -float(score), -float(published or 0), -article_id)


def _tsquery_of(terms_alternatives) -> str:
    """A tsquery matching any term, a term matching any of its alternatives
    (each a tuple of tokens that must all be there)."""
    return " | ".join(
        "(" + " & ".join(f"'{t}'" for t in alternative) + ")"
        for alternatives in terms_alternatives
        for alternative in alternatives
    )


class SQLiteBackend:
    """FTS5, for development and the test suite's SQLite run: small archives,
    so every match is ranked and counted."""

    def term_query(self, term: Term) -> str:
        return " OR ".join("(" + " AND ".join(f'"{t}"' for t in alt) + ")" for alt in term.alternatives)

    def any_query(self, parsed: ParsedQuery) -> str:
        return " OR ".join(f"({self.term_query(t)})" for t in parsed.terms)

    def all_query(self, parsed: ParsedQuery) -> str:
        return " AND ".join(f"({self.term_query(t)})" for t in parsed.terms)

    @staticmethod
    def session(using: str):
        return nullcontext()

    def matching(self, parsed: ParsedQuery, using: str):
        return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [self.all_query(parsed)])

    def rank(self, base, parsed: ParsedQuery, using: str, scope=None) -> tuple[list[int], int, bool]:
        # ``scope`` is PostgreSQL's shortcut; here ``base`` says it all, and
        # every match is ranked and counted.
        base_sql, base_params = _sql(base.order_by().values("pk"), using)
        n_terms = " + ".join(
            [f"(f.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s))"] * len(parsed.terms)
        )
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        sql = f"""
            SELECT f.rowid
            FROM {FTS_TABLE} f
            JOIN {ARTICLES} a ON a.id = f.rowid
            WHERE {FTS_TABLE} MATCH %s AND f.rowid IN ({base_sql})
            ORDER BY {n_terms} DESC,
                     -bm25({FTS_TABLE}, {weights})
                     / (1 + MAX(julianday('now') - julianday(COALESCE(a.publish_at, a.created_at)), 0) / %s) DESC,
                     a.publish_at DESC, f.rowid DESC
        """
        params = [
            self.any_query(parsed),
            *base_params,
            *(self.term_query(t) for t in parsed.terms),
            RECENCY_HALF_DAYS,
        ]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        return ids, len(ids), False


def _sql(queryset, using):
    """The SQL of ``queryset``; raises EmptyResultSet when it can match nothing
    (``pk__in=[]``), which ``query.search_articles`` turns into no hits."""
    return queryset.query.get_compiler(using).as_sql()


def backend_for(using: str):
    vendor = connections[using].vendor
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"search on {vendor}")  # pragma: no cover
