"""Steering PostgreSQL's planner for searches over the search table.

The tsvectors live in TOAST, so the planner prices a scan of the search table
as cheap although checking a word that way reads every story's vector; and it
multiplies the frequencies of a word's tokens as if they were independent.
Here: a transaction with sequential scans discouraged (readers' search), the
editors' session that turns them off only when the planner would scan, and
what EXPLAIN's statistics say about a readers' search (``PlanStatistics``),
from which the backend chooses its own plan.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connections, transaction

from articles.search.index import ARTICLES, ENTRIES
from articles.search.tokens import ParsedQuery

# Ranking reads every candidate's tsvector, so on PostgreSQL a common word
# (疫情 is in most stories) is ranked among its CANDIDATE_LIMIT most recent
# matches. Readers page through at most that many; beyond it the total is the
# planner's estimate.
CANDIDATE_LIMIT = 200
# Readers' search walks the newest entries only while it expects to find its
# candidates within this many vectors read (about 20 µs each), see
# PostgresBackend._newest.
WALK_BUDGET = 1000


# Aliases whose connection has sequential scans off in this context.
_searching: ContextVar[frozenset] = ContextVar("search_transaction_aliases", default=frozenset())


@contextmanager
def search_transaction(using):
    """A cursor in a transaction where sequential scans are discouraged: on a
    table whose vectors live in TOAST the planner prices a scan as cheap, but
    checking a word that way reads every story's vector (seconds, not
    milliseconds). Reset on the way out: inside a caller's transaction the
    atomic block is only a savepoint, and SET LOCAL would outlive it. Where
    scans are already off (an editor's session), it only gives a cursor."""
    if using in _searching.get():
        with connections[using].cursor() as cursor:
            yield cursor
        return
    token = _searching.set(_searching.get() | {using})
    try:
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            try:
                yield cursor
            finally:
                cursor.execute("RESET enable_seqscan")
    finally:
        _searching.reset(token)


class EditorSession:
    """The transaction around an editor's search; see PostgresBackend.session."""

    _open: ContextVar[dict] = ContextVar("editor_search_sessions", default={})  # noqa: B039 - never mutated: replaced whole on enter

    def __init__(self, using: str):
        self.using = using
        self._atomic = transaction.atomic(using=using)
        self._tokens = []

    @classmethod
    def current(cls, using: str):
        return cls._open.get().get(using)

    def __enter__(self):
        self._atomic.__enter__()
        self._tokens.append(self._open.set({**self._open.get(), self.using: self}))
        return self

    def avoid_scanning_for(self, tsquery: str) -> None:
        """Sequential scans off from here on if the planner would count the
        matches of ``tsquery`` by scanning the search table, as the
        changelist does. Only then: with scans off, the queries over a word in
        a fifth of the stories take longer (the articles table read through
        its indexes). The probe has the count's shape because the plan of the
        matches alone differs (for 居民 in 40% of the stories: the GIN index
        alone, a parallel scan under the count)."""
        if self.using in _searching.get():
            return
        with connections[self.using].cursor() as cursor:
            plan = explain(
                cursor,
                f"SELECT COUNT(*) FROM {ARTICLES} WHERE id IN"
                f" (SELECT article_id FROM {ENTRIES} WHERE vector @@ to_tsquery('simple', %s))",
                [tsquery],
            )
            if scans(plan, ENTRIES):
                cursor.execute("SET LOCAL enable_seqscan = off")
                self._tokens.append(_searching.set(_searching.get() | {self.using}))

    def __exit__(self, *exc):
        scans_off = len(self._tokens) > 1
        while self._tokens:
            token = self._tokens.pop()
            token.var.reset(token)
        if scans_off and exc[0] is None:
            # Inside a caller's transaction SET LOCAL would outlive this one.
            try:
                with connections[self.using].cursor() as cursor:
                    cursor.execute("RESET enable_seqscan")
            except BaseException as error:
                self._atomic.__exit__(type(error), error, error.__traceback__)
                raise
        return self._atomic.__exit__(*exc)


def scans(plan: dict, table: str) -> bool:
    """Whether ``plan`` (EXPLAIN's JSON) reads ``table`` by a sequential scan."""
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") == table:
        return True
    return any(scans(child, table) for child in plan.get("Plans", ()))


def explain(cursor, sql: str, params) -> dict:
    """The planner's plan of ``sql`` (EXPLAIN's JSON, its top node)."""
    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
    plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def plan_rows(cursor, sql: str, params) -> list[int]:
    """The planner's row estimates: of ``sql``, or of each branch when it is a
    UNION ALL whose plan keeps the branches in order (a plain Append, perhaps
    under nodes with a single child)."""
    plan = explain(cursor, sql, params)
    node = plan
    while node["Node Type"] != "Append" and len(node.get("Plans", ())) == 1:
        node = node["Plans"][0]
    # A parallel Append orders its branches by cost, not as written.
    if node["Node Type"] == "Append" and not node.get("Parallel Aware"):
        return [int(child["Plan Rows"]) for child in node["Plans"]]
    return [int(plan["Plan Rows"])]


def branch_rows(cursor, branches: list[tuple[str, list]]) -> list[int]:
    """The planner's estimate of each (sql, params) branch: one EXPLAIN of
    their UNION ALL when its plan shows each branch in order, else one each
    (a parallel plan, or a branch the planner folded away)."""
    sql = " UNION ALL ".join(sql for sql, _ in branches)
    rows = plan_rows(cursor, sql, [p for _, ps in branches for p in ps])
    if len(rows) != len(branches):
        rows = [plan_rows(cursor, sql, ps)[0] for sql, ps in branches]
    return rows


@dataclass(frozen=True)
class PlanStatistics:
    """What the planner's statistics say about a readers' search, read with
    one EXPLAIN: entries in all, entries the filters let through, its guess
    at the matches of the whole query (the total shown), and each token's
    frequency. The planner multiplies the frequencies of a word's tokens as
    if they were independent, which underestimates words such as 京城港小区
    eightfold; ``upper`` bounds matches from above instead (a story with all
    of a word's tokens has its rarest one)."""

    entries: int
    allowed: int
    estimate: int
    frequency: dict

    @classmethod
    def read(cls, cursor, parsed: ParsedQuery, any_q: str, where: str, params: list) -> PlanStatistics:
        tokens = sorted({t for term in parsed.terms for t in term.tokens})
        branches = [
            (f"SELECT 1 FROM {ENTRIES} s", []),
            (f"SELECT 1 FROM {ENTRIES} s WHERE {where}", params),
            (f"SELECT 1 FROM {ENTRIES} s WHERE s.vector @@ to_tsquery('simple', %s) AND {where}", [any_q, *params]),
            *((f"SELECT 1 FROM {ENTRIES} s WHERE s.vector @@ to_tsquery('simple', %s)", [f"'{t}'"]) for t in tokens),
        ]
        entries, allowed, estimate, *per_token = branch_rows(cursor, branches)
        return cls(entries=max(entries, 1), allowed=allowed, estimate=estimate, frequency=dict(zip(tokens, per_token)))

    def upper(self, terms_alternatives) -> int:
        bound = sum(min(self.frequency[t] for t in alt) for alternatives in terms_alternatives for alt in alternatives)
        return min(bound, self.entries)

    def all_share(self, parsed: ParsedQuery) -> float:
        """The share of entries with every word, words taken as independent."""
        share = 1.0
        for term in parsed.terms:
            share *= self.upper([term.alternatives]) / self.entries
        return share

    def walk_finds_enough(self, terms_alternatives) -> bool:
        """Whether walking the allowed entries newest first should meet
        CANDIDATE_LIMIT matches within WALK_BUDGET vectors read (taking the
        filters and the words as independent)."""
        share = self.upper(terms_alternatives) / self.entries
        return share * WALK_BUDGET >= CANDIDATE_LIMIT and share * self.allowed >= CANDIDATE_LIMIT
