"""Create the Reporter and Editor groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def _ensure_permissions(apps, using):
    # Permissions are normally created after all migrations ran; a data
    # migration that assigns them has to create them first.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    from articles.roles import assign_group_permissions

    using = schema_editor.connection.alias
    _ensure_permissions(apps, using)
    assign_group_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), using)


def remove_groups(apps, schema_editor):
    groups = apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias)
    groups.filter(name__in=["Reporter", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_initial"),
        ("people", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
