"""Related stories ranked from the links table (migration articles 0012):
each of a story's tags and named people beside every story carrying it, with
that story's status and publish time, kept exact by triggers.

``related_to_ids()`` defines the candidates: for each kind of link (tags,
people), the stories of the newest ``candidates`` join-table rows carrying
any of the story's links of that kind (a story carrying two of them fills two
places). They are ranked by how many of the story's links they share, then
newest first. Here that is computed from the links table alone, each link's
rows read newest first from the table's key:

- a kind's candidates are the stories of the newest ``candidates`` rows of
  its links' rows merged in order, read with the last story's other rows
  (each link's newest ``candidates`` rows hold all of them);
- those rows are all the kind's links its candidates carry: a candidate's
  other rows of the kind would be newer than the last of them;
- a candidate of the other kind only carries links of this kind only if it
  is older than this kind's last candidate (and this kind's rows are more
  than ``candidates``): those candidates' links are read by their key, one
  index probe each (the table's (story, kind, link) index).

So what a candidate shares is its rows plus those probes, and its status
and publish time come with its rows: no story's row is read to rank.

The table mirrors every mention, checked or not; a person's rows count only
where the story's mention is one readers see (``public_mention_q()``),
asked of the mention's (story, person) key as each row is read: the rule
stays in one place, a setting, not copied into the triggers (+0.03 ms median,
+0.14 ms at the 90th centile, for the story page's statement at 20,000
stories).

``tagged_sql()`` reads a page of a tag's published stories, in the lists'
order, as one range of the table's partial index of published tag links.
"""

from __future__ import annotations

TABLE = "articles_related_link"
# The links' kinds as the table stores them, by the join table each mirrors.
KIND = {"articles_taggedarticle": 1, "people_mention": 2}
_COLUMNS = '"kind", "story_id", "status", "publish_at"'


def ranked_sql(
    kinds: list[tuple[int, list]],
    limit: int,
    candidates: int,
    published_at,
    excluded,
    public_mentions: tuple[str, tuple],
) -> tuple[str, list]:
    """SQL (and its parameters) for the keys of the ``limit`` stories ranked
    first among the candidates of ``kinds`` ((kind, link ids) pairs, a kind
    at most once), published at ``published_at``, other than ``excluded``.
    ``public_mentions``: the condition (and its parameters) on the mentions
    table of those readers see (``people.models.public_mention_sql()``)."""
    from articles.models import Article

    kinds = [(int(kind), list(ids)) for kind, ids in kinds]
    shown = {kind: _shown_link(kind, public_mentions) for kind, _ in kinds}
    # Each link's own rows read (a link id, then its condition's parameters).
    each_link = [param for kind, ids in kinds for link_id in ids for param in (link_id, *shown[kind][1])]
    published = [Article.Status.PUBLISHED, published_at, excluded]
    if len(kinds) == 1 and len(kinds[0][1]) == 1:
        # One link: its newest rows are the candidates, each sharing it once.
        sql = f"SELECT s.story_id FROM {_newest(kinds[0][0], _COLUMNS, candidates, shown)} AS s {_shown(limit)}"
        return sql, [*each_link, *published]
    rows = " UNION ALL ".join(
        f"({_merged(kind, len(ids), _COLUMNS, candidates, f'FETCH FIRST {candidates} ROWS WITH TIES', shown)})"
        for kind, ids in kinds
    )
    per_story = "SELECT story_id, MIN(status) AS status, MIN(publish_at) AS publish_at, COUNT(*) AS in_rows"
    if len(kinds) == 1:
        sql = (
            f"SELECT s.story_id FROM ({per_story} FROM ({rows}) AS r GROUP BY story_id) AS s "
            f"{_shown(limit, 's.in_rows DESC, ')}"
        )
        return sql, [*each_link, *published]
    # Both kinds. Each kind's last candidate is read once (OFFSET 0 keeps
    # PostgreSQL from copying it into every expression that names it); none
    # (0) when the kind's rows are fewer than ``candidates``: all were read.
    last = ", ".join(
        f"COALESCE(({_merged(kind, len(ids), 'story_id', candidates, f'OFFSET {candidates - 1} LIMIT 1', shown)}), 0) "
        f"AS last_{kind}"
        for kind, ids in kinds
    )
    in_kinds = ", ".join(f"BOOL_OR(kind = {kind}) AS in_kind_{kind}" for kind, _ in kinds)
    looked_up = " + ".join(
        f"CASE WHEN NOT s.in_kind_{kind} AND s.story_id < b.last_{kind} THEN (SELECT COUNT(*) FROM {TABLE} l "
        f"WHERE l.story_id = s.story_id AND l.kind = {kind} AND l.link_id IN ({', '.join(['%s'] * len(ids))})"
        f"{shown[kind][0].format(row='l')}) ELSE 0 END"
        for kind, ids in kinds
    )
    looked_up_params = [param for kind, ids in kinds for param in (*ids, *shown[kind][1])]
    sql = (
        f"SELECT s.story_id FROM ({per_story}, {in_kinds} FROM ({rows}) AS r GROUP BY story_id) AS s "
        f"CROSS JOIN (SELECT {last} OFFSET 0) AS b {_shown(limit, f's.in_rows + {looked_up} DESC, ')}"
    )
    return sql, [*each_link, *each_link, *published, *looked_up_params]


def _shown_link(kind: int, public_mentions: tuple[str, tuple]) -> tuple[str, tuple]:
    """What more a row of ``kind`` must meet to tie two stories (a condition
    on the row ``{row}``, and its parameters): a person only through a
    mention readers see, as the story's page shows them. (Tags: nothing.)"""
    if kind != KIND["people_mention"]:
        return "", ()
    condition, params = public_mentions
    # The mention is read by its (story, person) key: the links table holds
    # every mention, so what readers are shown is asked where they are.
    sql = (
        " AND EXISTS (SELECT 1 FROM people_mention WHERE people_mention.article_id = {row}.story_id "
        f"AND people_mention.person_id = {{row}}.link_id AND ({condition.replace('{', '{{').replace('}', '}}')}))"
    )
    return sql, tuple(params)


def _newest(kind: int, columns: str, candidates: int, shown: dict) -> str:
    # A link's newest rows (its id a parameter, then its condition's), read
    # backwards from the table's key.
    return (
        f"(SELECT {columns} FROM {TABLE} WHERE kind = {kind} AND link_id = %s{shown[kind][0].format(row=TABLE)} "
        f"ORDER BY story_id DESC LIMIT {candidates})"
    )


def _merged(kind: int, count: int, columns: str, candidates: int, cut: str, shown: dict) -> str:
    # ``count`` links' newest rows merged newest first (PostgreSQL reads each
    # only as far as the merge goes), cut to ``cut``.
    each = " UNION ALL ".join([_newest(kind, columns, candidates, shown)] * count)
    return f"SELECT {columns} FROM ({each}) AS m ORDER BY story_id DESC {cut}"


def _shown(limit: int, shared: str = "") -> str:
    # The candidates readers see (published at the time given, not the story
    # itself), best first.
    return (
        f"WHERE s.status = %s AND s.publish_at <= %s AND s.story_id <> %s "
        f"ORDER BY {shared}s.publish_at DESC, s.story_id DESC LIMIT {int(limit)}"
    )


def tagged_sql(tag_id, published_at, start: int | None, stop: int | None) -> tuple[str, list]:
    """SQL (and its parameters) for the keys of the stories published at
    ``published_at`` carrying the tag, newest first as the lists order them
    (``newest_first()``), from ``start`` to ``stop``: a range of the
    partial index of published tag links."""
    from articles.models import Article

    # The status in the SQL's text, not a parameter: a plan made for any
    # parameters could not know the partial index applies.
    published = Article.Status.PUBLISHED.value
    sql = (
        f"SELECT story_id FROM {TABLE} WHERE kind = {KIND['articles_taggedarticle']} AND status = '{published}' "
        f"AND link_id = %s AND publish_at <= %s "
        f"ORDER BY publish_at DESC, print_position ASC NULLS LAST, story_id DESC"
    )
    if stop is not None:
        sql += f" LIMIT {int(stop) - int(start or 0)}"
    if start:
        sql += f" OFFSET {int(start)}"
    return sql, [tag_id, published_at]
