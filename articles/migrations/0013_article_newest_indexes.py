"""The readers' lists' indexes in their order (status or section, then
newest first, print position, id), replacing the (status, publish time)
ones they start with: a page of a list is then read from the index and
stops at its last story, no sort.

Built and dropped without blocking writes on PostgreSQL (CONCURRENTLY,
outside a transaction): each new index about 1 s at 200,000 stories, during
which saves of stories go on; the old ones are dropped once the new exist.
"""

from django.db import migrations, models

from newsroom.concurrent_indexes import AddIndexConcurrently, RemoveIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("articles", "0012_related_links")]

    operations = [
        AddIndexConcurrently(
            model_name="article",
            index=models.Index(fields=["status", "-publish_at", "print_position", "-id"], name="article_newest"),
        ),
        AddIndexConcurrently(
            model_name="article",
            index=models.Index(
                fields=["department", "status", "-publish_at", "print_position", "-id"], name="article_dept_newest"
            ),
        ),
        RemoveIndexConcurrently(model_name="article", name="article_status_publish"),
        RemoveIndexConcurrently(model_name="article", name="article_dept_status_publish"),
    ]
