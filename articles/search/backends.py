"""The database side of a search: PostgreSQL (tsvector, GIN, ts_rank_cd) or
SQLite (FTS5, bm25). ``query.py`` picks one by ``connection.vendor``; nothing
outside this package needs to know which.

Both rank the same way: first by how many of the reader's words a story has
(so a multi-word query lists stories with all the words first), then by text
rank weighted A headline > B people, tags, summary > C body, divided by an age
factor so that among equally good matches the recent story comes first.

Both take the base queryset (``Article.objects.published()`` for readers,
anything for editors) as a subquery, so what a reader may see stays defined in
one place.
"""
from __future__ import annotations

import json

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models.expressions import RawSQL

from articles.search.index import FTS_TABLE
from articles.search.tokens import ParsedQuery, Term

# A story this many days old counts half as much as one published today.
RECENCY_HALF_DAYS = 180.0
# Ranking reads every candidate's tsvector, so on PostgreSQL a common word
# (疫情 is in most stories) is ranked among its CANDIDATE_LIMIT most recent
# matches. Readers page through at most that many; beyond it the total is the
# planner's estimate.
CANDIDATE_LIMIT = 200
# When fewer than ALL_WORDS_WANTED of those have every word of a multi-word
# query, stories with every word are also looked up through the GIN index
# (reading at most ALL_WORDS_SCAN of them).
ALL_WORDS_WANTED = 20
ALL_WORDS_SCAN = 2000
# Above this many estimated matches, candidates are found by walking the
# stories newest first; below it, through the GIN index (see _recent_matches).
WALK_ABOVE = 10000
# SQLite's bm25() takes column weights in column order: head, people, body.
# The same ratios as ts_rank_cd's defaults for weights A, B, C (1, 0.4, 0.2).
BM25_WEIGHTS = (5.0, 2.0, 1.0)


class PostgresBackend:
    # Query tokens are runs of letters and digits (tokens._WORD_RUN), so
    # quoting them is enough: no quote, operator or parenthesis a reader types
    # ever reaches to_tsquery() or FTS5's MATCH syntax.

    @staticmethod
    def _tsquery(alternatives: list[str], op: str) -> str:
        return f" {op} ".join(f"({a})" for a in alternatives)

    def term_query(self, term: Term) -> str:
        return " | ".join("(" + " & ".join(f"'{t}'" for t in alt) + ")" for alt in term.alternatives)

    def any_query(self, parsed: ParsedQuery) -> str:
        return self._tsquery([self.term_query(t) for t in parsed.terms], "|")

    def all_query(self, parsed: ParsedQuery) -> str:
        return self._tsquery([self.term_query(t) for t in parsed.terms], "&")

    def filter(self, queryset, parsed: ParsedQuery):
        """``queryset`` narrowed to stories with every word (the admin)."""
        query = SearchQuery(self.all_query(parsed), search_type="raw", config="simple")
        return queryset.filter(search_entry__vector=query)

    def _recent_matches(self, base, tsquery: str, using: str, estimate: int):
        """The CANDIDATE_LIMIT most recent stories of ``base`` matching.

        Two ways to find them, chosen here because the planner cannot: it
        does not count the cost of reading a tsvector, and misjudges how many
        stories a multi-token word matches. A common word: walk the stories
        newest first, checking each, and stop early. A rarer one: collect
        every match through the GIN index, then sort (walking would read
        tens of thousands of stories to find 200 matches).
        """
        from articles.search.models import SearchEntry

        query = SearchQuery(tsquery, search_type="raw", config="simple")
        if estimate > WALK_ABOVE:
            qs = base.filter(search_entry__vector=query)
            return _sql(qs.order_by("-publish_at", "-pk").values("pk")[:CANDIDATE_LIMIT], using)
        sql, params = _sql(SearchEntry.objects.filter(vector=query).values("article_id"), using)
        base_sql, base_params = _sql(base.order_by().values("pk", "publish_at"), using)
        # MATERIALIZED keeps the match on the GIN index, away from the walk.
        return (
            f"WITH matches AS MATERIALIZED ({sql}) "
            f"SELECT b.id FROM ({base_sql}) AS b (id, publish_at) JOIN matches m ON m.article_id = b.id "
            f"ORDER BY b.publish_at DESC NULLS LAST, b.id DESC LIMIT {int(CANDIDATE_LIMIT)}",
            [*params, *base_params],
        )

    def _estimate(self, cursor, base, tsquery: str, using: str) -> int:
        """The planner's guess at how many stories of ``base`` match: a
        millisecond, where counting a common word reads most of the archive."""
        query = SearchQuery(tsquery, search_type="raw", config="simple")
        count_sql, count_params = _sql(base.filter(search_entry__vector=query).order_by().values("pk"), using)
        cursor.execute(f"EXPLAIN (FORMAT JSON) {count_sql}", count_params)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])

    def _some_matches(self, base, tsquery: str, using: str):
        """Up to CANDIDATE_LIMIT of (at most ALL_WORDS_SCAN) stories matching,
        found through the GIN index. For stories with every word of a query
        whose words are common but rarely together, which walking newest
        first would look for through most of the archive."""
        from articles.search.models import SearchEntry

        query = SearchQuery(tsquery, search_type="raw", config="simple")
        matching = SearchEntry.objects.filter(vector=query).values("article_id")[:ALL_WORDS_SCAN]
        qs = base.filter(pk__in=matching).order_by("-publish_at", "-pk").values("pk")
        return _sql(qs[:CANDIDATE_LIMIT], using)

    def _ranked(self, cursor, parsed: ParsedQuery, candidates: list[tuple[str, list]]):
        """Candidates as (id, number of the query's words it has), best first."""
        candidates_sql = " UNION ".join(f"({sql})" for sql, _ in candidates)
        candidate_params = [p for _, params in candidates for p in params]
        n_terms = " + ".join(["(s.vector @@ to_tsquery('simple', %s))::int"] * len(parsed.terms))
        sql = f"""
            SELECT article_id, n_terms FROM (
                SELECT s.article_id, a.publish_at, {n_terms} AS n_terms,
                       ts_rank_cd(s.vector, to_tsquery('simple', %s))
                       / (1 + GREATEST(EXTRACT(EPOCH FROM now() - COALESCE(a.publish_at, a.created_at)), 0)
                              / 86400.0 / %s) AS score
                FROM articles_searchentry s
                JOIN articles_article a ON a.id = s.article_id
                WHERE s.article_id IN ({candidates_sql})
            ) ranked
            ORDER BY n_terms DESC, score DESC, publish_at DESC NULLS LAST, article_id DESC
        """
        term_params = [self.term_query(t) for t in parsed.terms]
        cursor.execute(sql, [*term_params, self.any_query(parsed), RECENCY_HALF_DAYS, *candidate_params])
        return cursor.fetchall()

    def rank(self, base, parsed: ParsedQuery, using: str) -> tuple[list[int], int, bool]:
        any_q = self.any_query(parsed)
        with connections[using].cursor() as cursor:
            estimate = self._estimate(cursor, base, any_q, using)
            candidates = [self._recent_matches(base, any_q, using, estimate)]
            rows = self._ranked(cursor, parsed, candidates)
            n = len(parsed.terms)
            if n > 1 and len(rows) >= CANDIDATE_LIMIT and sum(1 for _, k in rows if k == n) < ALL_WORDS_WANTED:
                candidates.append(self._some_matches(base, self.all_query(parsed), using))
                rows = self._ranked(cursor, parsed, candidates)
        ids = [row[0] for row in rows]
        if len(ids) < CANDIDATE_LIMIT:
            return ids, len(ids), False
        # More matches than candidates: counting them all would read every
        # match, so the total is the planner's estimate.
        return ids, max(estimate, len(ids)), True


class SQLiteBackend:
    """FTS5, for development and the test suite's SQLite run: small archives,
    so every match is ranked and counted."""

    def term_query(self, term: Term) -> str:
        return " OR ".join("(" + " AND ".join(f'"{t}"' for t in alt) + ")" for alt in term.alternatives)

    def any_query(self, parsed: ParsedQuery) -> str:
        return " OR ".join(f"({self.term_query(t)})" for t in parsed.terms)

    def all_query(self, parsed: ParsedQuery) -> str:
        return " AND ".join(f"({self.term_query(t)})" for t in parsed.terms)

    def filter(self, queryset, parsed: ParsedQuery):
        return queryset.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [self.all_query(parsed)])
        )

    def rank(self, base, parsed: ParsedQuery, using: str) -> tuple[list[int], int, bool]:
        base_sql, base_params = _sql(base.order_by().values("pk"), using)
        n_terms = " + ".join(
            [f"(f.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s))"] * len(parsed.terms)
        )
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        sql = f"""
            SELECT f.rowid
            FROM {FTS_TABLE} f
            JOIN articles_article a ON a.id = f.rowid
            WHERE {FTS_TABLE} MATCH %s AND f.rowid IN ({base_sql})
            ORDER BY {n_terms} DESC,
                     -bm25({FTS_TABLE}, {weights})
                     / (1 + MAX(julianday('now') - julianday(COALESCE(a.publish_at, a.created_at)), 0) / %s) DESC,
                     a.publish_at DESC, f.rowid DESC
        """
        params = [
            self.any_query(parsed), *base_params, *(self.term_query(t) for t in parsed.terms),
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
