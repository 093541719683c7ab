"""Readers' search answered from the search table alone.

Copies each story's reader visibility (``public_from``) and section into its
search entry, so the newest matches of a word are found on one narrow table.
On PostgreSQL the tsvector moves out of the row into TOAST (it was kept in the
row by 0005): the heap shrinks from about 4 kB to under 200 bytes a story, so
collecting tens of thousands of matches by date reads megabytes, not the whole
index. Plans no longer depend on the planner pricing TOAST reads: the search
code chooses its plan itself (see ``articles.search.backends``).

Existing entries are filled in by one UPDATE here (no jieba involved); the old
wide rows are only reclaimed by ``VACUUM FULL articles_searchentry`` or by
``manage.py reindex --rebuild``.
"""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
    UPDATE articles_searchentry AS s
    SET public_from = CASE WHEN a.status = 'published' THEN a.publish_at END,
        department_id = a.department_id
    FROM articles_article AS a
    WHERE a.id = s.article_id
"""


def narrow_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # toast_tuple_target (minimum 128) makes PostgreSQL compress and move
        # the vector out of line whenever a row is larger than that.
        schema_editor.execute("ALTER TABLE articles_searchentry ALTER COLUMN vector SET STORAGE EXTENDED")
        schema_editor.execute("ALTER TABLE articles_searchentry SET (toast_tuple_target = 128)")
    schema_editor.execute(BACKFILL)


def wide_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE articles_searchentry RESET (toast_tuple_target)")
        schema_editor.execute("ALTER TABLE articles_searchentry ALTER COLUMN vector SET STORAGE MAIN")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="department",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="articles.department",
            ),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="public_from",
            field=models.DateTimeField(editable=False, null=True, verbose_name="public from"),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                condition=models.Q(("public_from__isnull", False)),
                fields=["-public_from", "-article"],
                name="searchentry_public_recent",
            ),
        ),
        migrations.RunPython(narrow_rows, wide_rows),
    ]
