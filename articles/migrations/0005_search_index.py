"""Chinese full-text search.

One SearchEntry per article. The structures that actually answer a search
depend on the database, so they are created here by vendor rather than
declared on the model: a GIN index on the tsvector on PostgreSQL, an FTS5
virtual table fed the same jieba tokens on SQLite. Existing articles are
indexed by ``python manage.py reindex`` after migrating (jieba is too slow to
run inside a migration on a real archive).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import DatabaseError, migrations, models, transaction

GIN_INDEX = "articles_searchentry_vector_gin"
FTS_TABLE = "articles_searchentry_fts"


def create_search_structures(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # Keep the vectors in the row (compressed) rather than in TOAST: the
        # planner does not count the cost of fetching TOASTed values, and with
        # a small heap it chose sequential scans that read every vector (two
        # seconds for a rare word in 200,000 stories). lz4 where the server
        # has it: ranking decompresses every candidate's vector.
        schema_editor.execute("ALTER TABLE articles_searchentry ALTER COLUMN vector SET STORAGE MAIN")
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute("ALTER TABLE articles_searchentry ALTER COLUMN vector SET COMPRESSION lz4")
        except DatabaseError:  # PostgreSQL built without lz4: pglz, slower to read
            pass
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON articles_searchentry USING gin (vector)")
    elif vendor == "sqlite":
        # Columns in weight order (A, B, C) so bm25() takes the weights in that
        # order; rowid is the article id. Tokens arrive space-separated and
        # already folded, which unicode61 splits on without touching Chinese.
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(head, people, body, tokenize='unicode61')"
        )


def drop_search_structures(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_slug_history"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ("indexed_at", models.DateTimeField(auto_now=True, verbose_name="indexed")),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
            },
        ),
        migrations.RunPython(create_search_structures, drop_search_structures),
    ]
