"""Who may do what in the admin: one table, read by the admin, the groups and the tests.

Each line names a model, an action and, for each role (a group of the same
name), the rule that says on which objects that role may do it:

- ``all``: every object; ``-``: none;
- ``unpublished``: the story (or the story the row belongs to) is a draft or in
  review, i.e. readers have never been shown it as it stands;
- ``own-unpublished``: as ``unpublished``, and the user created the story;
- ``unseen-person``: the person (or the alias's person) has no byline or
  mention on a story that ever left draft or review.

Model-level questions (no object) are answered yes when the rule is anything
but ``-``; the admin then asks again for each object. ``view``, ``add``,
``change``, ``delete`` and ``publish`` become the groups' Django permissions
(``sync`` in ``articles.roles``); the other actions exist only here.

Adding a path is one line. Adding a role is one entry in ``ROLE_BASES`` (a role
that starts as a copy of another) plus a column only where it differs.
Anonymous visitors may do nothing; superusers everything.
"""

from __future__ import annotations

from dataclasses import dataclass

TABLE = """
model                    action             Reporter          Editor            Archivist         Editor-in-chief
articles.article         view               all               all               all               -
articles.article         add                all               all               all               -
articles.article         change             unpublished       all               unpublished       -
articles.article         delete             -                 all               -                 -
articles.article         publish            -                 all               -                 -
articles.article         submit_for_review  unpublished       all               unpublished       -
articles.article         restore            own-unpublished   all               own-unpublished   -
articles.article         recover            -                 all               -                 -
articles.byline          view               all               all               all               -
articles.byline          add                unpublished       all               unpublished       -
articles.byline          change             unpublished       all               unpublished       -
articles.byline          delete             unpublished       all               unpublished       -
articles.photo           view               all               all               all               -
articles.photo           add                unpublished       all               unpublished       -
articles.photo           change             unpublished       all               unpublished       -
articles.photo           delete             unpublished       all               unpublished       -
articles.taggedarticle   view               all               all               all               -
articles.taggedarticle   add                unpublished       all               unpublished       -
articles.taggedarticle   delete             unpublished       all               unpublished       -
articles.statuschange    view               all               all               all               -
articles.department      view               all               all               all               -
articles.department      add                -                 all               -                 -
articles.department      change             -                 all               -                 -
articles.department      delete             -                 all               -                 -
articles.publication     view               all               all               all               -
articles.publication     add                -                 all               -                 -
articles.publication     change             -                 all               -                 -
articles.publication     delete             -                 all               -                 -
articles.edition         view               all               all               all               -
articles.edition         add                -                 all               -                 -
articles.edition         change             -                 all               -                 -
articles.edition         delete             -                 all               -                 -
articles.printpage       view               all               all               all               -
articles.printpage       add                -                 all               -                 -
articles.printpage       change             -                 all               -                 -
articles.printpage       delete             -                 all               -                 -
people.person            view               all               all               all               -
people.person            add                all               all               all               -
people.person            change             unseen-person     all               unseen-person     -
people.person            delete             -                 all               -                 -
people.alias             view               all               all               all               -
people.alias             add                unseen-person     all               unseen-person     -
people.alias             change             unseen-person     all               unseen-person     -
people.alias             delete             unseen-person     all               unseen-person     -
people.mention           view               all               all               all               -
people.mention           add                own-unpublished   all               unpublished       -
people.mention           change             own-unpublished   all               unpublished       -
people.mention           delete             own-unpublished   all               unpublished       -
people.mention           confirm            own-unpublished   all               unpublished       -
taggit.tag               view               all               all               all               -
taggit.tag               add                all               all               all               -
taggit.tag               change             -                 all               -                 -
taggit.tag               delete             -                 all               -                 -
taggit.taggeditem        view               all               all               all               -
taggit.taggeditem        add                -                 all               -                 -
taggit.taggeditem        change             -                 all               -                 -
taggit.taggeditem        delete             -                 all               -                 -
admin.logentry           view               -                 all               -                 -
people.mentionrejection  view               -                 all               all               -
people.mentionrejection  add                -                 all               all               -
people.mentionrejection  delete             -                 all               -                 -
people.personredirect    view               -                 all               -                 -
people.personredirect    add                -                 all               -                 -
people.personredirect    delete             -                 all               -                 -
imports.importbatch      view               -                 all               all               -
imports.importbatch      add                -                 all               all               -
imports.importbatch      import             -                 all               all               -
imports.importbatch      change             -                 -                 -                 -
imports.importbatch      delete             -                 -                 -                 -
imports.importpage       view               -                 all               all               -
imports.pagecorrection   view               -                 all               all               -
imports.pagecorrection   add                -                 all               all               -
imports.pagecorrection   change             -                 all               all               -
imports.pagecorrection   delete             -                 all               -                 -
review.chain             view               -                 all               -                 all
review.chain             add                -                 -                 -                 all
review.chain             change             -                 -                 -                 all
review.chain             delete             -                 -                 -                 all
review.stage             view               -                 all               -                 all
review.stage             add                -                 -                 -                 all
review.stage             change             -                 -                 -                 all
review.stage             delete             -                 -                 -                 all
review.review            view               all               all               all               -
review.queue             view               all               all               all               all
review.event             view               all               all               all               -
review.event             override           -                 all               -                 -
review.proofing          view               all               all               all               -
review.wordlistentry     view               -                 all               -                 -
review.wordlistentry     add                -                 all               -                 -
review.wordlistentry     change             -                 all               -                 -
review.wordlistentry     delete             -                 all               -                 -
"""

# A role missing from the table's columns takes its base role's rules.
ROLE_BASES: dict[str, str] = {}

# Models only superusers manage (accounts, login throttling): no role has a line.
SUPERUSER_ONLY = ("auth.user", "auth.group", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog")

DJANGO_ACTIONS = ("view", "add", "change", "delete", "publish")
# Actions that are Django permissions of their own name.
CUSTOM_CODENAMES = {
    ("imports.importbatch", "import"): "import_pages",
    ("review.event", "override"): "override_blocking_check",
}
STORY_STATES_UNSEEN = ("draft", "review")


@dataclass(frozen=True)
class Rule:
    model: str
    action: str
    rules: dict[str, str]


def _parse(text: str) -> tuple[list[str], dict[tuple[str, str], Rule]]:
    lines = [line.split() for line in text.strip().splitlines() if line.strip()]
    header, rows = lines[0], lines[1:]
    roles = header[2:]
    table = {}
    for cells in rows:
        model, action, *rules = cells
        if len(rules) != len(roles) or any(rule not in PREDICATES for rule in rules):
            raise ValueError(f"permission table: bad line {' '.join(cells)!r}")
        if (model, action) in table:
            raise ValueError(f"permission table: {model} {action} twice")
        table[model, action] = Rule(model, action, dict(zip(roles, rules)))
    return roles, table


def _story(obj):
    from articles.models import Article

    if isinstance(obj, Article):
        return obj
    return getattr(obj, "article", None) or getattr(obj, "content_object", None)


def _unpublished(user, obj) -> bool:
    story = _story(obj)
    return story is not None and story.status in STORY_STATES_UNSEEN


def _own_unpublished(user, obj) -> bool:
    story = _story(obj)
    return _unpublished(user, obj) and story.created_by_id is not None and story.created_by_id == user.pk


def person_was_published(person) -> bool:
    """Whether any story by or about ``person`` has ever left draft and review:
    is published or archived now, or was once (its status history). A story
    taken down was seen by readers, and comes back under the person's name as
    it stands when it is published again."""
    from django.db.models import Exists, OuterRef, Q

    from articles.models import Article, StatusChange

    if person is None or person.pk is None:
        return False
    stories = Article.objects.filter(Q(bylines__person=person) | Q(mentions__person=person))
    left = StatusChange.objects.filter(article=OuterRef("pk")).filter(
        ~Q(from_status__in=("", *STORY_STATES_UNSEEN)) | ~Q(to_status__in=STORY_STATES_UNSEEN)
    )
    return stories.filter(~Q(status__in=STORY_STATES_UNSEEN) | Exists(left)).exists()


def _unseen_person(user, obj) -> bool:
    from people.models import Person

    person = obj if isinstance(obj, Person) else getattr(obj, "person", None)
    return person is not None and not person_was_published(person)


PREDICATES = {
    "all": lambda user, obj: True,
    "-": lambda user, obj: False,
    "unpublished": _unpublished,
    "own-unpublished": _own_unpublished,
    "unseen-person": _unseen_person,
}

ROLES, RULES = _parse(TABLE)
ALL_ROLES = [*ROLES, *ROLE_BASES]


def rule_for(role: str, model: str, action: str) -> str:
    row = RULES.get((model, action))
    if row is None:
        return "-"
    while role not in row.rules and role in ROLE_BASES:
        role = ROLE_BASES[role]
    return row.rules.get(role, "-")


def roles_of(user) -> list[str]:
    if not user.is_authenticated or not user.is_active:
        return []
    names = getattr(user, "_newsroom_roles", None)
    if names is None:
        names = user._newsroom_roles = [
            name for name in user.groups.values_list("name", flat=True) if name in ALL_ROLES
        ]
    return names


def allows(user, model: str, action: str, obj=None) -> bool:
    """Whether ``user`` may do ``action`` on ``model`` (``app_label.model``),
    on ``obj`` when given: the object itself, or the story or person a row
    belongs to (an inline's parent)."""
    if user.is_active and user.is_superuser:
        return True
    for role in roles_of(user):
        rule = rule_for(role, model, action)
        if rule != "-" and (obj is None or PREDICATES[rule](user, obj)):
            return True
    return False


def django_permissions(role: str) -> list[tuple[str, str]]:
    """(app_label, codename) of the Django permissions ``role``'s group holds."""
    granted = []
    for model, action in RULES:
        if rule_for(role, model, action) == "-":
            continue
        app_label, model_name = model.split(".")
        if action in DJANGO_ACTIONS:
            granted.append((app_label, f"{action}_{model_name}"))
        elif (model, action) in CUSTOM_CODENAMES:
            granted.append((app_label, CUSTOM_CODENAMES[model, action]))
    return granted


def markdown_table() -> str:
    """The table as the README shows it."""
    lines = ["| model | action | " + " | ".join(ALL_ROLES) + " |", "| --- | --- |" + " --- |" * len(ALL_ROLES)]
    for model, action in RULES:
        cells = [f"`{rule_for(role, model, action)}`" for role in ALL_ROLES]
        lines.append(f"| {model} | {action} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


class ReadOnlyAdminMixin:
    """For the admin's records (the audit log, review steps, the queue): read
    where the table allows, never added, changed or deleted through the admin."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TableRulesMixin:
    """For ModelAdmins and inlines: Django's model permissions and the table's
    rule for the object (an inline's: its parent) must both allow."""

    def _table_allows(self, request, action, obj=None):
        return allows(request.user, self.model._meta.label_lower, action, as_it_stands(request, obj))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._table_allows(request, "view", obj)

    def has_add_permission(self, request, *args):
        obj = args[0] if args else None
        return super().has_add_permission(request, *args) and self._table_allows(request, "add", obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._table_allows(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._table_allows(request, "delete", obj)


def as_it_stands(request, obj):
    """``obj``, or the story as it stood before a revision restore wrote the
    old row back (``request.story_left``): rules apply to the state left."""
    left = getattr(request, "story_left", None)
    if left is not None and obj is not None and type(obj) is type(left) and obj.pk == left.pk:
        return left
    return obj


def permitted(user, queryset, action):
    """The rows of ``queryset`` the table lets ``user`` do ``action`` on."""
    model = queryset.model._meta.label_lower
    return queryset.filter(pk__in=[obj.pk for obj in queryset if allows(user, model, action, obj)])
