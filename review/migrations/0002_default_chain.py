from django.db import migrations

from review.groups import create_default_chain


def forwards(apps, schema_editor):
    create_default_chain(
        apps.get_model("auth", "Group"),
        apps.get_model("review", "Chain"),
        apps.get_model("review", "Stage"),
        schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [("review", "0001_review_chain"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
