"""Import records name a story's department by its slug (articles.import_records.ImportedStory).

Records written before hold the department's id, which names another
department (or none) once a backup is restored into another database. Each is
turned into the slug of the department the id names here, before any such
restore; a department deleted since leaves the record without one, so the
next import keeps whatever department the story has. A batch at a time by the
primary key, as review's 0003. The importer still reads an id it meets
(articles.importer.save), for a database restored from a backup made before.
"""

from django.db import migrations

BATCH = 500


def _convert(apps, schema_editor, old_type, old, new):
    """Each record's department held as ``old_type`` (the department's ``old``
    field) turned into the department's ``new`` field."""
    alias = schema_editor.connection.alias
    ImportedStory = apps.get_model("articles", "ImportedStory")
    Department = apps.get_model("articles", "Department")
    records = ImportedStory.objects.using(alias).order_by("pk")
    last = 0
    while True:
        chunk = list(records.filter(pk__gt=last).only("pk", "written")[:BATCH])
        if not chunk:
            return
        last = chunk[-1].pk
        stale = [r for r in chunk if isinstance(r.written, dict) and isinstance(r.written.get("department"), old_type)]
        values = {r.written["department"] for r in stale}
        named = dict(Department.objects.using(alias).filter(**{f"{old}__in": values}).values_list(old, new))
        for record in stale:
            value = named.get(record.written["department"])
            if value is None:
                del record.written["department"]
            else:
                record.written["department"] = value
        ImportedStory.objects.using(alias).bulk_update(stale, ["written"])


def forwards(apps, schema_editor):
    _convert(apps, schema_editor, int, "pk", "slug")


def backwards(apps, schema_editor):
    _convert(apps, schema_editor, str, "slug", "pk")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_imported_story_version"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
