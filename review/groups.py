"""The review groups, and what editors may do in the review app.

The stages' groups only say who may act at a stage; what a user may open and
change in the admin still comes from the newsroom groups (articles/roles.py),
so a desk editor is in both Editor and Desk editor.
"""
DEFAULT_STAGES = [
    # (position, stage name, group)
    (1, "初审", "Desk editor"),
    (2, "复审", "Department head"),
    (3, "终审/签发", "Editor-in-chief"),
]

EDITOR_REVIEW_PERMISSIONS = [
    "view_chain", "view_stage", "view_review", "view_event", "view_proofing",
    "add_wordlistentry", "change_wordlistentry", "delete_wordlistentry", "view_wordlistentry",
    "override_blocking_check",
]
CHIEF_REVIEW_PERMISSIONS = ["add_chain", "change_chain", "delete_chain", "add_stage", "change_stage", "delete_stage"]
REPORTER_REVIEW_PERMISSIONS = ["view_review", "view_event", "view_proofing"]


def create_default_chain(Group, Chain, Stage, using="default"):
    """The default chain with its three stages, unless one exists. Takes the
    models so the data migration can pass its historical ones."""
    for _, _, group in DEFAULT_STAGES:
        Group.objects.using(using).get_or_create(name=group)
    if Chain.objects.using(using).filter(department__isnull=True).exists():
        return
    chain = Chain.objects.using(using).create(name="三审（默认）")
    for position, name, group in DEFAULT_STAGES:
        Stage.objects.using(using).create(
            chain=chain, position=position, name=name, group=Group.objects.using(using).get(name=group)
        )


def sync_review_groups(sender=None, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission

    def perms(codenames):
        return Permission.objects.using(using).filter(content_type__app_label="review", codename__in=codenames)

    for name, codenames in (("Editor", EDITOR_REVIEW_PERMISSIONS), ("Reporter", REPORTER_REVIEW_PERMISSIONS),
                            ("Editor-in-chief", CHIEF_REVIEW_PERMISSIONS)):
        group = Group.objects.using(using).filter(name=name).first()
        if group is not None:
            group.permissions.db_manager(using).add(*perms(codenames))
