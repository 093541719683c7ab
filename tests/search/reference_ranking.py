"""An independent reference for readers' search on PostgreSQL: the stories of
any queryset matching a query, ranked the same way, with the articles table
deciding what matches (the production path finds its candidates on the search
table alone). Tests compare the two; nothing in production runs this.

On SQLite the production backend already ranks any queryset, so the
reference is that backend.
"""

from django.contrib.postgres.search import SearchQuery
from django.db import connections

from articles.models import Article
from articles.search import backends
from articles.search import tokens as tk
from articles.search.index import ARTICLES, ENTRIES
from articles.search.models import SearchEntry
from articles.search.planner import plan_rows, search_transaction
from articles.search.query import filtered
from articles.search.tokens import ParsedQuery

# Above this many estimated matches, candidates are found by walking the
# stories newest first; below it, through the GIN index.
WALK_ABOVE = 10000
# Stories with every word looked up through the GIN index: at most this many.
ALL_WORDS_SCAN = 2000


def reference_search(query, queryset=None, **filters):
    """(ids best first, total, whether the total is an estimate) for the
    stories of ``queryset`` (default: published) matching ``query``."""
    queryset = Article.objects.published() if queryset is None else queryset
    using = queryset.db
    parsed = tk.parse_query(query)
    base = filtered(queryset, **filters)
    if connections[using].vendor != "postgresql":
        return backends.SQLiteBackend().rank(base, parsed, using)
    return ReferenceRanking().rank(base, parsed, using)


def _sql(queryset, using):
    return queryset.query.get_compiler(using).as_sql()


class ReferenceRanking(backends.PostgresBackend):
    def _recent_matches(self, base, tsquery: str, using: str, estimate: int):
        """The backends.CANDIDATE_LIMIT most recent stories of ``base`` matching.

        A common word: walk the stories newest first, checking each, and
        stop early. A rarer one: collect every match through the GIN index,
        then sort (walking would read tens of thousands of stories to find
        200 matches).
        """

        query = SearchQuery(tsquery, search_type="raw", config="simple")
        if estimate > WALK_ABOVE:
            qs = base.filter(search_entry__vector=query)
            return _sql(qs.order_by("-publish_at", "-pk").values("pk")[: backends.CANDIDATE_LIMIT], using)
        sql, params = _sql(SearchEntry.objects.filter(vector=query).values("article_id"), using)
        base_sql, base_params = _sql(base.order_by().values("pk", "publish_at"), using)
        return (
            f"WITH matches AS MATERIALIZED ({sql}) "
            f"SELECT b.id FROM ({base_sql}) AS b (id, publish_at) JOIN matches m ON m.article_id = b.id "
            f"ORDER BY b.publish_at DESC NULLS LAST, b.id DESC LIMIT {int(backends.CANDIDATE_LIMIT)}",
            [*params, *base_params],
        )

    def _estimate(self, cursor, base, tsquery: str, using: str) -> int:
        """The planner's guess at how many stories of ``base`` match: a
        millisecond, where counting a common word reads most of the archive."""
        query = SearchQuery(tsquery, search_type="raw", config="simple")
        count_sql, count_params = _sql(base.filter(search_entry__vector=query).order_by().values("pk"), using)
        return plan_rows(cursor, count_sql, count_params)[0]

    def _some_matches(self, base, tsquery: str, using: str):
        """Up to backends.CANDIDATE_LIMIT of (at most ALL_WORDS_SCAN) stories matching,
        found through the GIN index."""

        query = SearchQuery(tsquery, search_type="raw", config="simple")
        matching = SearchEntry.objects.filter(vector=query).values("article_id")[:ALL_WORDS_SCAN]
        qs = base.filter(pk__in=matching).order_by("-publish_at", "-pk").values("pk")
        return _sql(qs[: backends.CANDIDATE_LIMIT], using)

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
                FROM {ENTRIES} s
                JOIN {ARTICLES} a ON a.id = s.article_id
                WHERE s.article_id IN ({candidates_sql})
            ) ranked
            ORDER BY n_terms DESC, score DESC, publish_at DESC NULLS LAST, article_id DESC
        """
        term_params = [self.term_query(t) for t in parsed.terms]
        cursor.execute(sql, [*term_params, self.any_query(parsed), backends.RECENCY_HALF_DAYS, *candidate_params])
        return cursor.fetchall()

    def rank(self, base, parsed: ParsedQuery, using: str, scope=None):
        """(ids best first, total, whether the total is an estimate) for the
        stories of ``base`` matching ``parsed``, the articles table deciding."""
        any_q = self.any_query(parsed)
        with search_transaction(using) as cursor:
            estimate = self._estimate(cursor, base, any_q, using)
            candidates = [self._recent_matches(base, any_q, using, estimate)]
            rows = self._ranked(cursor, parsed, candidates)
            n = len(parsed.terms)
            if (
                n > 1
                and len(rows) >= backends.CANDIDATE_LIMIT
                and sum(1 for _, k in rows if k == n) < backends.ALL_WORDS_WANTED
            ):
                candidates.append(self._some_matches(base, self.all_query(parsed), using))
                rows = self._ranked(cursor, parsed, candidates)
        ids = [row[0] for row in rows]
        if len(ids) < backends.CANDIDATE_LIMIT:
            return ids, len(ids), False
        # More matches than candidates: counting them all would read every
        # match, so the total is the planner's estimate.
        return ids, max(estimate, len(ids)), True
