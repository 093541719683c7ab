"""Related stories ranked from the links table (migration articles 0012):
each of a story's tags and named people beside every story carrying it, with
that story's status and publish time, kept exact by triggers.

``related_to_ids()`` defines the candidates: for each kind of link (tags,
people), the stories of the newest ``candidates`` join-table rows carrying
any of the story's links of that kind (a story carrying two of them fills two
places). They are ranked by how many of the story's links they share, then
newest first. Here that is computed from each link's newest ``candidates``
rows alone (its window), read in order from the table's key:

- a kind's candidates are the newest ``candidates`` rows of its links'
  windows together: the rows newer than any candidate's are all in them;
- a candidate of a kind carries a link of that kind only if the link's
  window holds it: fewer than ``candidates`` rows of the kind, so of the
  link, are newer;
- a candidate of the other kind only may carry a link whose window it is not
  in when that window is full and the candidate older than all of it: those
  few are looked up by key.

So the count is each candidate's windows, plus those lookups, and status and
publish time come with the windows' rows: no story's row is read to rank.
"""

from __future__ import annotations

TABLE = "articles_related_link"
# The links' kinds as the table stores them, by the join table each mirrors.
KIND = {"articles_taggedarticle": 1, "people_mention": 2}


def ranked_sql(kinds: list[tuple[int, list]], limit: int, candidates: int, published_at, excluded) -> tuple[str, list]:
    """SQL (and its parameters) for the keys of the ``limit`` stories ranked
    first among the candidates of ``kinds`` ((kind, link ids) pairs, a kind
    at most once), published at ``published_at``, other than ``excluded``."""
    from articles.models import Article

    links = [(int(kind), link_id) for kind, ids in kinds for link_id in ids]
    link_ids = [link_id for _, link_id in links]

    def rank(shared="", condition=""):
        # The candidates shown (published at the time given), best first.
        return (
            f'WHERE {condition}s."status" = %s AND s."publish_at" <= %s AND s."story_id" <> %s '
            f'ORDER BY {shared}s."publish_at" DESC, s."story_id" DESC LIMIT {int(limit)}'
        )

    published = [Article.Status.PUBLISHED, published_at, excluded]

    def newest(kind, columns='"story_id"', *, nth=False):
        # A link's newest rows (or only the last of them, when there are
        # ``candidates``), read backwards from the table's key.
        cut = f"OFFSET {candidates - 1} LIMIT 1" if nth else f"LIMIT {candidates}"
        return (
            f'(SELECT {columns} FROM "{TABLE}" WHERE "kind" = {kind} AND "link_id" = %s ORDER BY "story_id" DESC {cut})'
        )

    columns = '"kind", "story_id", "status", "publish_at"'
    windows = " UNION ALL ".join(newest(kind, columns) for kind, _ in links)
    if len(links) == 1:
        # One link: its window is the candidates, each sharing it once.
        sql = f'SELECT s."story_id" FROM ({windows}) AS s {rank()}'
        return sql, [*link_ids, *published]
    if len(kinds) == 1:
        # One kind: the candidates are the newest ``candidates`` rows of its
        # windows merged in order (and those of the last story's other rows),
        # and each row a link the story shares.
        most_shared = 's."shared" DESC, '
        sql = (
            f'SELECT s."story_id" FROM (SELECT "story_id", MIN("status") AS "status", '
            f'MIN("publish_at") AS "publish_at", COUNT(*) AS "shared" FROM ({windows} '
            f'ORDER BY "story_id" DESC FETCH FIRST {candidates} ROWS WITH TIES) AS "rows" '
            f'GROUP BY "story_id") AS s {rank(most_shared)}'
        )
        return sql, [*link_ids, *published]
    # Both kinds. A story is a candidate of a kind when it has a row in the
    # kind's windows at or above the kind's oldest candidate: the last of the
    # newest ``candidates`` rows of the kind's windows merged (none when they
    # are fewer). Each kind's is read once (the OFFSET 0 keeps PostgreSQL
    # from copying it into every condition that names it).
    oldest, oldest_params = [], []
    for kind, ids in kinds:
        merged = " UNION ALL ".join(newest(kind) for _ in ids)
        oldest.append(
            f'COALESCE((SELECT "story_id" FROM ({merged}) AS "merged" ORDER BY "story_id" DESC '
            f'OFFSET {candidates - 1} LIMIT 1), 0) AS "oldest_{kind}"'
        )
        oldest_params += ids

    def candidate(kind):
        return f'(s."in_kind_{kind}" AND s."story_id" >= b."oldest_{kind}")'

    # A candidate not of a link's kind carries the link outside the link's
    # window only when the window is full and newer than the candidate:
    # looked up by key then (the window's oldest is read only if needed).
    shared = ['s."in_windows"']
    for kind, _ in links:
        shared.append(
            f'CASE WHEN NOT {candidate(kind)} AND s."story_id" < {newest(kind, nth=True)} '
            f'THEN (EXISTS (SELECT FROM "{TABLE}" l WHERE l."kind" = {kind} AND l."link_id" = %s '
            f'AND l."story_id" = s."story_id"))::int ELSE 0 END'
        )
    in_kinds = ", ".join(f'BOOL_OR("kind" = {kind}) AS "in_kind_{kind}"' for kind, _ in kinds)
    sql = (
        f'SELECT s."story_id" FROM (SELECT "story_id", MIN("status") AS "status", MIN("publish_at") AS "publish_at", '
        f'COUNT(*) AS "in_windows", {in_kinds} FROM ({windows}) AS "windows" GROUP BY "story_id") AS s '
        f"CROSS JOIN (SELECT {', '.join(oldest)} OFFSET 0) AS b "
        + rank(" + ".join(shared) + " DESC, ", f"({' OR '.join(candidate(kind) for kind, _ in kinds)}) AND ")
    )
    return sql, [*link_ids, *oldest_params, *published, *[i for link_id in link_ids for i in (link_id, link_id)]]
