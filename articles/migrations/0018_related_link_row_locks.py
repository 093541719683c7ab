"""A transaction that holds its stories' rows may write the tag and mention
rows of any number of stories (PostgreSQL only).

Migration 0012's trigger takes a story's advisory lock for each tagging or
mention written, until the commit. Advisory locks live in PostgreSQL's
shared lock table, which holds about 64 × max_connections of them for every
session together (6,400 by default): a transaction writing the rows of more
stories than that (a tag deleted from 20,000 stories) failed with "out of
shared memory" and changed nothing.

A transaction that says so (the setting ``newsroom.related_link_locks`` set
to ``story_rows`` for the transaction: articles.row_locks.links_guarded_by_story_rows())
has each such row lock its stories' rows FOR SHARE instead, and takes the
advisory lock only for a story it does not find. A row's lock is kept in
the row itself, not in the lock table, so there is no limit to their
number; and the guarantee of migration 0012 holds, because the row lock
meets every writer the advisory lock met:

- a story's status, publish time or print position changed, or the story
  deleted, takes the exclusive advisory lock only after its UPDATE or DELETE
  has locked the story's row, and that row lock conflicts with FOR SHARE:
  whichever comes second waits for the other's commit, and reads its rows
  then, as with the advisory locks (no link keeps a status a concurrent
  publish replaced);
- a story inserted by a transaction not yet committed has no row this one
  can see or lock: not found, it takes the advisory lock as before, and
  waits for the inserter's exclusive one (no tagging of a story inserted
  concurrently is missed);
- writers of taggings and mentions share, as they did: FOR SHARE does not
  conflict with FOR SHARE nor with the shared advisory lock.

FOR SHARE by each tagging written, everywhere, is what 0012 replaced: it
waits for every edit of the story (a headline) and, taken in the order rows
happen to be written, crossed with edits into deadlocks. So only a
transaction that already locked its stories' rows, lowest id first, before
writing (articles.row_locks.lock_stories(): FOR UPDATE, stronger) asks for
it; there the trigger's lock is one the transaction already holds, and it
neither waits nor adds anything. A transaction that sets it without having
done so is still exact, only exposed to those waits.
"""

from django.db import migrations

LOCK_CLASS = 1919251317  # migration 0012's advisory locks' first key

# What the ids of the stories a tagging or mention row names are, for both functions.
STORY_IDS = """
    IF TG_TABLE_NAME = 'articles_taggedarticle' THEN
        IF TG_OP <> 'INSERT' THEN old_id := OLD.content_object_id; END IF;
        IF TG_OP <> 'DELETE' THEN new_id := NEW.content_object_id; END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN old_id := OLD.article_id; END IF;
        IF TG_OP <> 'DELETE' THEN new_id := NEW.article_id; END IF;
    END IF;
"""

REPLACE = f"""
CREATE OR REPLACE FUNCTION related_link_lock_stories() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_id bigint;
    new_id bigint;
    held bigint[] := '{{}}';
BEGIN
{STORY_IDS}
    IF current_setting('newsroom.related_link_locks', true) = 'story_rows' THEN
        held := ARRAY(SELECT a.id FROM articles_article a WHERE a.id IN (old_id, new_id) ORDER BY a.id FOR SHARE);
    END IF;
    PERFORM pg_advisory_xact_lock_shared({LOCK_CLASS}, hashint8(story_id))
    FROM (SELECT DISTINCT unnest(ARRAY[old_id, new_id]) AS story_id) ids
    WHERE story_id IS NOT NULL AND story_id <> ALL (held) ORDER BY story_id;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
"""

# Migration 0012's function, as it was.
RESTORE = f"""
CREATE OR REPLACE FUNCTION related_link_lock_stories() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_id bigint;
    new_id bigint;
BEGIN
{STORY_IDS}
    PERFORM pg_advisory_xact_lock_shared({LOCK_CLASS}, hashint8(story_id))
    FROM (SELECT DISTINCT unnest(ARRAY[old_id, new_id]) AS story_id) ids
    WHERE story_id IS NOT NULL ORDER BY story_id;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_imported_story_edited"),
    ]

    operations = [migrations.RunPython(_on_postgresql(REPLACE), _on_postgresql(RESTORE), elidable=False)]
