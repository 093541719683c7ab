"""The one order in which a transaction locks stories: lowest id first, all of
them before anything else of theirs is written.

Why: two transactions that write the same stories in different orders (an
admin action follows the changelist's sort, an import the table's order,
a merge its mentions) each hold one story the other waits for, and
PostgreSQL aborts one of them ("deadlock detected"). The rows written with a
story (its status changes, mentions, review, and the related-links rows and
advisory locks the triggers of migration articles 0012 take for it) come
after its row lock, so whoever holds a story's row holds the way to them:
the second transaction waits for the first's commit and then reads what it
left. SQLite locks the whole database for a write; there this only reads.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connections, router
from django.db.models import Q
from django.db.transaction import TransactionManagementError

# Read by the related-links triggers (migration articles 0018): the value
# that has a tagging or mention written lock its story's row, not the
# story's advisory lock.
LINK_LOCKS_SETTING = "newsroom.related_link_locks"
BY_STORY_ROWS = "story_rows"


def lock_stories(*stories, **still) -> list:
    """The stories of the querysets ``stories`` (of one model) that match
    ``still``, locked for the rest of the transaction in id order, as
    instances in that order.

    One statement on the database the model is written to (never a read
    replica): ``SELECT … FOR UPDATE OF <the model's table> WHERE id IN
    (<the querysets as subqueries>) AND <still> ORDER BY id``. On PostgreSQL
    (READ COMMITTED) a row whose lock had to wait is checked again against
    ``still`` in its newest version, so a story another transaction moved
    meanwhile drops out; that is why ``still`` may name only the model's own
    columns (a lookup across a relation would be checked against the
    related row as the statement first read it). The querysets are read once,
    as the statement began, and are not checked again: what they select must
    not depend on what the locked rows' owners may change, or belongs in
    ``still``."""
    model = stories[0].model
    alias = router.db_for_write(model)
    manager = model._default_manager.db_manager(alias)
    _only_own_columns(manager, still)
    chosen = Q()
    for queryset in stories:
        chosen |= Q(pk__in=queryset.using(alias).order_by().values("pk"))
    return list(manager.filter(chosen, **still).select_for_update(of=("self",)).order_by("pk"))


def _only_own_columns(manager, still) -> None:
    query = manager.filter(**still).query
    joined = [table for table, refs in query.alias_refcount.items() if refs and table != query.base_table]
    if joined:
        raise ValueError(
            f"lock_stories: {sorted(still)} reach another table ({', '.join(joined)}): "
            "only the locked model's own columns are checked again"
        )


@contextmanager
def links_guarded_by_story_rows(using):
    """Inside the block, the tag and mention rows this transaction writes on
    ``using`` are guarded by their stories' row locks rather than by an
    advisory lock per story (migration articles 0018 says why that is as
    exact): for a transaction that has locked every story whose rows it
    writes (lock_stories()) and writes more of them than PostgreSQL's shared
    lock table holds advisory locks (about 6,400 by default, for every
    session together). Row locks are kept in the rows.

    Must be inside the transaction (the setting lasts until the block ends,
    or its transaction or savepoint rolls back). Elsewhere than on
    PostgreSQL there are no such triggers: nothing to do."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise TransactionManagementError("links_guarded_by_story_rows() outside a transaction would last one statement")
    _set_link_locks(connection, BY_STORY_ROWS)
    yield
    # Not reached after an error: the rollback that follows takes the setting with it.
    _set_link_locks(connection, "")


def _set_link_locks(connection, value) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [LINK_LOCKS_SETTING, value])
