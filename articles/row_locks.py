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


def lock_stories(*stories, **still) -> list:
    """The stories of the querysets ``stories`` (of one model and database)
    that match ``still`` (lookups checked again on each row once its lock is
    granted, so a story another transaction moved meanwhile drops out),
    locked for the rest of the transaction in id order, as instances in that
    order."""
    ids = {pk for queryset in stories for pk in queryset.order_by().values_list("pk", flat=True)}
    if not ids:
        return []
    manager = stories[0].model._default_manager.db_manager(stories[0].db)
    locked = manager.filter(pk__in=sorted(ids), **still)
    return list(locked.select_for_update(of=("self",)).order_by("pk"))
