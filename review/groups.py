"""The review groups and the default chain.

The stages' groups only say who may act at a stage; what a user may open and
change in the admin comes from the permission table (articles/permissions.py),
so a desk editor is in both Editor and Desk editor.
"""

DEFAULT_STAGES = [
    # (position, stage name, group)
    (1, "初审", "Desk editor"),
    (2, "复审", "Department head"),
    (3, "终审/签发", "Editor-in-chief"),
]


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


def ensure_default_chain(sender=None, using="default", **kwargs):
    """post_migrate: the default chain and its groups exist after every
    migrate and flush (the data migration made them once; a flush empties
    the tables)."""
    from django.contrib.auth.models import Group

    from review.models import Chain, Stage

    create_default_chain(Group, Chain, Stage, using=using)
