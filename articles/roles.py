"""The newsroom's groups and what each may do.

Kept as data so that the migration that creates the groups and the tests that
check them read the same definition.
"""

REPORTER_PERMISSIONS = [
    # Reporters write and edit drafts and submit them for review; they cannot publish.
    ("articles", "add_article"), ("articles", "change_article"), ("articles", "view_article"),
    ("articles", "add_byline"), ("articles", "change_byline"), ("articles", "delete_byline"), ("articles", "view_byline"),
    ("articles", "add_photo"), ("articles", "change_photo"), ("articles", "delete_photo"), ("articles", "view_photo"),
    ("articles", "view_department"), ("articles", "view_edition"), ("articles", "view_printpage"),
    ("articles", "view_publication"), ("articles", "view_statuschange"),
    ("articles", "add_taggedarticle"), ("articles", "delete_taggedarticle"), ("articles", "view_taggedarticle"),
    ("people", "add_person"), ("people", "change_person"), ("people", "view_person"),
    ("people", "add_alias"), ("people", "change_alias"), ("people", "delete_alias"), ("people", "view_alias"),
    ("people", "add_mention"), ("people", "change_mention"), ("people", "delete_mention"), ("people", "view_mention"),
    ("taggit", "add_tag"), ("taggit", "view_tag"),
]

# Archivists import print pages on the desk and review the people found in
# them; like reporters they cannot publish, so what they import stays draft.
ARCHIVIST_PERMISSIONS = REPORTER_PERMISSIONS + [
    ("imports", "import_pages"), ("imports", "view_importbatch"), ("imports", "add_importbatch"),
    ("imports", "view_importpage"), ("imports", "view_pagecorrection"), ("imports", "add_pagecorrection"),
    ("imports", "change_pagecorrection"),
]

_EDITOR_APPS = ("articles", "people", "taggit", "imports")


def editor_permission_filter(permission_model):
    """Editors: every permission on the newsroom's content, publishing included."""
    return permission_model.objects.filter(content_type__app_label__in=_EDITOR_APPS)




def sync_groups(sender=None, using="default", **kwargs):
    """Give the groups exactly the permissions defined here (post_migrate).

    The data migration made the groups once; models added later bring new
    permissions, and this keeps the groups in step without a migration each time.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # post_migrate reaches this app before the apps after it have their
    # permissions; make them all now (idempotent) so none is missed.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)

    assign_group_permissions(Group, Permission, using)


def assign_group_permissions(Group, Permission, using="default"):
    """Create the groups if missing and set their permissions. Takes the
    models as arguments so the data migration can pass its historical ones."""
    from django.db.models import Q

    for name, codes in (("Reporter", REPORTER_PERMISSIONS), ("Archivist", ARCHIVIST_PERMISSIONS)):
        group, _ = Group.objects.using(using).get_or_create(name=name)
        query = Q(pk__in=[])
        for app_label, codename in codes:
            query |= Q(content_type__app_label=app_label, codename=codename)
        # db_manager(using): the router sends writes to the primary, but here
        # the rows belong to the database being migrated.
        group.permissions.db_manager(using).set(Permission.objects.using(using).filter(query))
    editor, _ = Group.objects.using(using).get_or_create(name="Editor")
    editor.permissions.db_manager(using).set(editor_permission_filter(Permission).using(using))
