"""Give every tag with an empty slug (a name of punctuation only) a real one."""

from django.db import migrations


def fill(apps, schema_editor):
    from articles.tag_slugs import slug_for

    tags = apps.get_model("taggit", "Tag").objects.using(schema_editor.connection.alias)
    for tag in tags.filter(slug=""):
        tag.slug = slug_for(tags, tag.name, tag.pk)
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_search_vector_statistics"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
