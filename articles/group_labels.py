"""The newsroom's groups as editors read them: one Chinese label per group.

A group's name is its identifier, and stays English: the permission table
(``articles.permissions``) gives a group its role by name, the default review
chain (``review.groups``) and the demo accounts find their groups by it, and
sites already hold groups under these names. What editors see is the label,
wherever a group is shown: in review messages and panels, and in the admin,
whose selects, filters and lists print a group as ``str(group)``. A group made
in the admin has no label here and is shown by its name.
"""

from django.utils.translation import pgettext_lazy

LABELS = {
    "Reporter": pgettext_lazy("newsroom group", "Reporter"),
    "Editor": pgettext_lazy("newsroom group", "Editor"),
    "Archivist": pgettext_lazy("newsroom group", "Archivist"),
    "Editor-in-chief": pgettext_lazy("newsroom group", "Editor-in-chief"),
    "Desk editor": pgettext_lazy("newsroom group", "Desk editor"),
    "Department head": pgettext_lazy("newsroom group", "Department head"),
}


def group_label(name: str) -> str:
    """The group called ``name`` as the one looking reads it."""
    label = LABELS.get(name)
    return str(label) if label is not None else name


def show_groups_by_label() -> None:
    """Every ``str(group)`` gives its label (app ready): the admin's widgets,
    filters and change lists are Django's own and print groups that way."""
    from django.contrib.auth.models import Group

    Group.__str__ = lambda group: group_label(group.name)
