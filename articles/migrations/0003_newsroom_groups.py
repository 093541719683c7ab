"""Create the Reporter and Editor groups with their permissions."""
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q


def _ensure_permissions(apps, using):
    # Permissions are normally created after all migrations ran; a data
    # migration that assigns them has to create them first.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    from articles.roles import REPORTER_PERMISSIONS, editor_permission_filter

    using = schema_editor.connection.alias
    _ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    reporter, _ = Group.objects.using(using).get_or_create(name="Reporter")
    query = Q(pk__in=[])
    for app_label, codename in REPORTER_PERMISSIONS:
        query |= Q(content_type__app_label=app_label, codename=codename)
    reporter.permissions.db_manager(using).set(Permission.objects.using(using).filter(query))

    editor, _ = Group.objects.using(using).get_or_create(name="Editor")
    editor.permissions.db_manager(using).set(editor_permission_filter(Permission).using(using))


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
