"""Every story's tags and named people, with the story's status, publish
time and print position beside each, kept by triggers (PostgreSQL only): a
tag's or a person's newest stories and whether each is shown read from one
index, in order, where the join tables gave only the stories' keys and each
candidate's status and publish time was one index probe more
(querysets.related_to_ids()); and a tag's published stories in the lists'
order read from another (querysets.newest_tagged()), where PostgreSQL walked
either the newest stories of all or all of the tag's.

Triggers keep the copy exact in the writing transaction, whatever writes
(the ORM, a queryset update(), fixtures, raw SQL): a tagging or mention
added, moved or removed; a story's status, publish time or print position
changed; a story deleted; a table truncated (Django's test flush). A tagging or mention
written before its story's row (foreign keys are deferred) is copied when
the story's row is inserted.

Concurrent writers meet on a lock per story, taken for the transaction:
shared by a tagging or mention written (before its row is, so two writers of
the same tagging never wait on each other's index entry while holding it),
exclusive by a story inserted, deleted or moved (status, publish time or
print position). Whichever comes second waits for the other's commit and
then reads its rows, so a link never keeps a status a concurrent publish
replaced, nor is a tagging of a story inserted in another transaction missed.
An edit that moves nothing (headline, body) and a mention confirmed take no
lock at all. (A row lock on the story, FOR SHARE, did the same but waited for
every edit of the story and crossed with them into deadlocks.) The lock is an
advisory one keyed by the story id's hash under its own class number:
stories sharing a hash only wait for each other.

A story's links are also indexed by story, for the triggers and for the
candidates whose links are read by key.

The existing rows are copied while the triggers' creation holds the three
tables against writes (for the migration's transaction: seconds at 200,000
stories).
"""

from django.db import migrations

LINKS = "articles_related_link"
TAG, PERSON = 1, 2

LOCK_CLASS = 1919251317  # the advisory locks' first key: this table's (no other lock uses it)

CREATE = f"""
-- Writers wait for the copy, all three tables at once (a trigger created on one
-- while a save holds another would cross with it).
LOCK TABLE articles_article, articles_taggedarticle, people_mention IN SHARE ROW EXCLUSIVE MODE;
CREATE TABLE {LINKS} (
    kind smallint NOT NULL,
    link_id bigint NOT NULL,
    story_id bigint NOT NULL,
    status varchar(10) NOT NULL,
    publish_at timestamp with time zone NULL,
    print_position integer NULL,
    CONSTRAINT related_link_pkey PRIMARY KEY (kind, link_id, story_id) INCLUDE (status, publish_at)
);
CREATE INDEX related_link_story ON {LINKS} (story_id, kind, link_id);
-- A tag's published stories in the lists' order (querysets.newest_first()).
CREATE INDEX related_link_tag_newest ON {LINKS} (link_id, publish_at DESC, print_position ASC NULLS LAST, story_id DESC)
    WHERE kind = {TAG} AND status = 'published';

CREATE FUNCTION related_link_tagging() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM {LINKS} WHERE kind = {TAG} AND link_id = OLD.tag_id AND story_id = OLD.content_object_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO {LINKS} (kind, link_id, story_id, status, publish_at, print_position)
        SELECT {TAG}, NEW.tag_id, a.id, a.status, a.publish_at, a.print_position
        FROM articles_article a WHERE a.id = NEW.content_object_id
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION related_link_mention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM {LINKS} WHERE kind = {PERSON} AND link_id = OLD.person_id AND story_id = OLD.article_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO {LINKS} (kind, link_id, story_id, status, publish_at, print_position)
        SELECT {PERSON}, NEW.person_id, a.id, a.status, a.publish_at, a.print_position
        FROM articles_article a WHERE a.id = NEW.article_id
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

-- Before a tagging or mention is written: its stories' locks, shared, lower id first.
CREATE FUNCTION related_link_lock_stories() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_id bigint;
    new_id bigint;
BEGIN
    IF TG_TABLE_NAME = 'articles_taggedarticle' THEN
        IF TG_OP <> 'INSERT' THEN old_id := OLD.content_object_id; END IF;
        IF TG_OP <> 'DELETE' THEN new_id := NEW.content_object_id; END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN old_id := OLD.article_id; END IF;
        IF TG_OP <> 'DELETE' THEN new_id := NEW.article_id; END IF;
    END IF;
    PERFORM pg_advisory_xact_lock_shared({LOCK_CLASS}, hashint8(story_id))
    FROM (SELECT DISTINCT unnest(ARRAY[old_id, new_id]) AS story_id) ids
    WHERE story_id IS NOT NULL ORDER BY story_id;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION related_link_story() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_advisory_xact_lock({LOCK_CLASS}, hashint8(OLD.id));
    ELSE
        PERFORM pg_advisory_xact_lock({LOCK_CLASS}, hashint8(NEW.id));
    END IF;
    IF TG_OP = 'DELETE' THEN
        DELETE FROM {LINKS} WHERE story_id = OLD.id;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE {LINKS} SET status = NEW.status, publish_at = NEW.publish_at, print_position = NEW.print_position
        WHERE story_id = NEW.id;
    ELSE
        INSERT INTO {LINKS} (kind, link_id, story_id, status, publish_at, print_position)
        SELECT {TAG}, ta.tag_id, NEW.id, NEW.status, NEW.publish_at, NEW.print_position
        FROM articles_taggedarticle ta WHERE ta.content_object_id = NEW.id
        UNION ALL
        SELECT {PERSON}, m.person_id, NEW.id, NEW.status, NEW.publish_at, NEW.print_position
        FROM people_mention m WHERE m.article_id = NEW.id
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION related_link_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'articles_taggedarticle' THEN
        DELETE FROM {LINKS} WHERE kind = {TAG};
    ELSIF TG_TABLE_NAME = 'people_mention' THEN
        DELETE FROM {LINKS} WHERE kind = {PERSON};
    ELSE
        DELETE FROM {LINKS};
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER related_link_tagging_lock BEFORE INSERT OR DELETE ON articles_taggedarticle
    FOR EACH ROW EXECUTE FUNCTION related_link_lock_stories();
CREATE TRIGGER related_link_tagging_moved_lock BEFORE UPDATE ON articles_taggedarticle
    FOR EACH ROW WHEN (OLD.tag_id IS DISTINCT FROM NEW.tag_id OR OLD.content_object_id IS DISTINCT FROM NEW.content_object_id)
    EXECUTE FUNCTION related_link_lock_stories();
CREATE TRIGGER related_link_tagging AFTER INSERT OR DELETE ON articles_taggedarticle
    FOR EACH ROW EXECUTE FUNCTION related_link_tagging();
CREATE TRIGGER related_link_tagging_moved AFTER UPDATE ON articles_taggedarticle
    FOR EACH ROW WHEN (OLD.tag_id IS DISTINCT FROM NEW.tag_id OR OLD.content_object_id IS DISTINCT FROM NEW.content_object_id)
    EXECUTE FUNCTION related_link_tagging();
-- A mention confirmed, counted or titled again moves nothing: no trigger.
CREATE TRIGGER related_link_mention_lock BEFORE INSERT OR DELETE ON people_mention
    FOR EACH ROW EXECUTE FUNCTION related_link_lock_stories();
CREATE TRIGGER related_link_mention_moved_lock BEFORE UPDATE ON people_mention
    FOR EACH ROW WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.article_id IS DISTINCT FROM NEW.article_id)
    EXECUTE FUNCTION related_link_lock_stories();
CREATE TRIGGER related_link_mention AFTER INSERT OR DELETE ON people_mention
    FOR EACH ROW EXECUTE FUNCTION related_link_mention();
CREATE TRIGGER related_link_mention_moved AFTER UPDATE ON people_mention
    FOR EACH ROW WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.article_id IS DISTINCT FROM NEW.article_id)
    EXECUTE FUNCTION related_link_mention();
CREATE TRIGGER related_link_story_inserted AFTER INSERT OR DELETE ON articles_article
    FOR EACH ROW EXECUTE FUNCTION related_link_story();
-- Only when what decides a story's place changed: a story is saved whole on every edit.
CREATE TRIGGER related_link_story_updated AFTER UPDATE ON articles_article
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.publish_at IS DISTINCT FROM NEW.publish_at
        OR OLD.print_position IS DISTINCT FROM NEW.print_position)
    EXECUTE FUNCTION related_link_story();
CREATE TRIGGER related_link_truncated AFTER TRUNCATE ON articles_taggedarticle
    FOR EACH STATEMENT EXECUTE FUNCTION related_link_truncated();
CREATE TRIGGER related_link_truncated AFTER TRUNCATE ON people_mention
    FOR EACH STATEMENT EXECUTE FUNCTION related_link_truncated();
CREATE TRIGGER related_link_truncated AFTER TRUNCATE ON articles_article
    FOR EACH STATEMENT EXECUTE FUNCTION related_link_truncated();

INSERT INTO {LINKS} (kind, link_id, story_id, status, publish_at, print_position)
SELECT {TAG}, ta.tag_id, a.id, a.status, a.publish_at, a.print_position
FROM articles_taggedarticle ta JOIN articles_article a ON a.id = ta.content_object_id
UNION ALL
SELECT {PERSON}, m.person_id, a.id, a.status, a.publish_at, a.print_position
FROM people_mention m JOIN articles_article a ON a.id = m.article_id;
ANALYZE {LINKS};
"""

DROP = f"""
DROP TRIGGER related_link_tagging_lock ON articles_taggedarticle;
DROP TRIGGER related_link_tagging_moved_lock ON articles_taggedarticle;
DROP TRIGGER related_link_tagging ON articles_taggedarticle;
DROP TRIGGER related_link_tagging_moved ON articles_taggedarticle;
DROP TRIGGER related_link_mention_lock ON people_mention;
DROP TRIGGER related_link_mention_moved_lock ON people_mention;
DROP TRIGGER related_link_mention ON people_mention;
DROP TRIGGER related_link_mention_moved ON people_mention;
DROP TRIGGER related_link_story_inserted ON articles_article;
DROP TRIGGER related_link_story_updated ON articles_article;
DROP TRIGGER related_link_truncated ON articles_taggedarticle;
DROP TRIGGER related_link_truncated ON people_mention;
DROP TRIGGER related_link_truncated ON articles_article;
DROP FUNCTION related_link_tagging(), related_link_mention(), related_link_lock_stories(), related_link_story(),
    related_link_truncated();
DROP TABLE {LINKS};
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_article_id_status_publish"),
        ("people", "0002_mention_review"),
    ]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False)]
