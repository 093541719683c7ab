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
    ("articles", "view_publication"),
    ("people", "add_person"), ("people", "change_person"), ("people", "view_person"),
    ("people", "add_alias"), ("people", "change_alias"), ("people", "delete_alias"), ("people", "view_alias"),
    ("people", "add_mention"), ("people", "change_mention"), ("people", "delete_mention"), ("people", "view_mention"),
    ("taggit", "add_tag"), ("taggit", "view_tag"),
]

_EDITOR_APPS = ("articles", "people", "taggit")


def editor_permission_filter(permission_model):
    """Editors: every permission on the newsroom's content, publishing included."""
    return permission_model.objects.filter(content_type__app_label__in=_EDITOR_APPS)


GROUPS = {"Reporter": REPORTER_PERMISSIONS, "Editor": None}
