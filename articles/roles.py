"""The newsroom's groups, with the Django permissions the permission table
(``articles.permissions``) gives them.

The migration that creates the groups, post_migrate and the tests read the
same definition.
"""


def group_permissions() -> dict[str, list[tuple[str, str]]]:
    """Each newsroom group's Django permissions, read from the permission table."""
    from articles import permissions

    return {role: permissions.django_permissions(role) for role in permissions.ALL_ROLES}


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

    for name, granted in group_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        query = Q(pk__in=[])
        for app_label, codename in granted:
            query |= Q(content_type__app_label=app_label, codename=codename)
        # db_manager(using): the router sends writes to the primary, but here the
        # rows belong to the database being migrated.
        group.permissions.db_manager(using).set(Permission.objects.using(using).filter(query))
