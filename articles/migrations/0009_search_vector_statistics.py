"""Finer planner statistics for the search vectors (PostgreSQL).

With the default statistics target the planner keeps about a thousand of the
most common words and guesses every other word to be in a fixed share of
stories (1,000 of 200,000 for a word in 3). Editors' search runs the admin
changelist's queries over its matches, and such a guess made the planner walk
every story newest first hoping to meet 50 matches soon (1.5 s). At 1000 it
keeps ten times as many words and the guess for the rest is about a sixth as
large; ANALYZE of 200,000 entries takes about 3 s.
"""

from django.db import migrations

TARGET = 1000


def finer(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE articles_searchentry ALTER COLUMN vector SET STATISTICS {TARGET}")
        schema_editor.execute("ANALYZE articles_searchentry")


def default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE articles_searchentry ALTER COLUMN vector SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_search_entry_public"),
    ]

    operations = [
        migrations.RunPython(finer, default),
    ]
