"""Confirmed mentions by story, alone: "most in the news" reads the newest
stories' confirmed mentions from it without their rows. Built without
blocking writes on PostgreSQL (CONCURRENTLY, outside a transaction)."""

from django.db import migrations, models

from newsroom.concurrent_indexes import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("people", "0002_mention_review")]

    operations = [
        AddIndexConcurrently(
            model_name="mention",
            index=models.Index(
                condition=models.Q(("confirmed", True)), fields=["article", "person"], name="mention_confirmed_article"
            ),
        ),
    ]
