"""Every admin model × action × role against the permission table.

The intended answers come from ``articles.permissions.TABLE`` and from what
each situation below *is* (a draft of the user's own, a published story…),
not from the predicates the admin runs; the observed answers come from the
admin itself, over HTTP: the pages it serves or refuses, the inlines and
actions it offers, the revision restore it allows. A new role is a new
column (or ROLE_BASES entry) and is tested here without another line.
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest
import reversion
from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from articles import permissions, workflow
from articles.models import Article, Byline, Department, Edition, Photo, PrintPage, Publication
from imports import people_views
from imports.corrections import item_start
from imports.upload import confirm_batch, create_batch
from people import admin as people_admin
from people.admin import PersonAdmin
from people.models import Alias, Mention, Person
from review import steps
from review.groups import DEFAULT_STAGES
from review.models import Chain, Event, Review, Stage
from tests.desk.test_preview import DATE, SMALL_PAGE, imported, preview_url, save_form
from tests.factories import make_article, make_byline, make_edition, make_mention, make_person, make_user, sign_off
from tests.review.test_takedown import put_back, take_down_as
from tests.safety.test_revisions import _form

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", *permissions.ALL_ROLES]
CRUD = ("view", "add", "change", "delete")
# Inlines that only link to stories from a person's page: read-only by design.
LINK_INLINES = {"BylineOfPersonInline", "MentionOfPersonInline"}


@dataclass
class Situation:
    label: str
    obj: object
    # The table's rules that hold for this object, by what it is.
    holds: set = field(default_factory=lambda: {"all"})


def _story(user, status, own):
    with reversion.create_revision():
        article = make_article(status=status, created_by=user if own else None, headline=f"稿件{status}{own}")
        make_byline(article=article)
        Photo.objects.create(article=article, position=1)
        Mention.objects.create(article=article, person=make_person())
    return article


STORY_CASES = [
    ("own draft", "draft", True, {"all", "unpublished", "own-unpublished"}),
    ("someone else's story in review", "review", False, {"all", "unpublished"}),
    ("own published story", "published", True, {"all"}),
    ("own archived story", "archived", True, {"all"}),
]


def _situations(model_label, user):
    """Objects of ``model_label`` in each situation the table tells apart."""
    if model_label == "articles.article":
        return [Situation(label, _story(user, status, own), holds) for label, status, own, holds in STORY_CASES]
    if model_label == "people.mention":
        return [
            Situation(label, Mention.objects.get(article=_story(user, status, own)), holds)
            for label, status, own, holds in STORY_CASES
        ]
    if model_label == "people.person":
        unseen = make_person(name="未见")
        make_mention(article=make_article(status="draft"), person=unseen)
        Alias.objects.create(person=unseen, name="小未")
        public = make_byline(article=make_article()).person
        Alias.objects.create(person=public, name="小公")
        # Readers saw this one's story, since taken down (a draft again).
        taken_down = make_person(name="撤稿")
        story = make_article(headline="已撤下")
        make_mention(article=story, person=taken_down)
        Alias.objects.create(person=taken_down, name="小撤")
        story.status = "draft"
        story.save()
        return [
            Situation("person only drafts name", unseen, {"all", "unseen-person"}),
            Situation("person with a published byline", public),
            Situation("person of a published story taken down", taken_down),
        ]
    makers = {
        "articles.department": lambda: Department.objects.create(name="要闻"),
        "articles.publication": lambda: Publication.objects.create(name="朔州日报"),
        "articles.edition": lambda: PrintPage.objects.create(edition=make_edition(), number=1).edition,
        "articles.printpage": lambda: PrintPage.objects.create(edition=make_edition(), number=1),
        "taggit.tag": lambda: Tag.objects.create(name="抗疫"),
        "admin.logentry": lambda: LogEntry.objects.create(
            user=User.objects.first(),
            content_type=ContentType.objects.get_for_model(Tag),
            object_id="1",
            object_repr="抗疫",
            action_flag=ADDITION,
        ),
        "auth.user": lambda: User.objects.create_user("someone"),
        "auth.group": lambda: Group.objects.get(name="Editor"),
    }
    if model_label in makers:
        return [Situation("an instance", makers[model_label]())]
    return []  # login throttling records: checked on their list and add pages


def _restore_shared(client, model_admin, story):
    """POST a restore of ``story`` to a revision it shares with another
    story (an imported page), unpublished since: the response and whether
    that other story is still as it was."""
    with reversion.create_revision():
        story.save()
        other = make_article(headline="同版稿件")
    shared = Version.objects.get_for_object(story)[0]
    other.status, other.publish_at = "draft", None
    other.save()
    story.refresh_from_db()
    response = client.post(_admin_url(model_admin, "revision", story.pk, shared.pk), _form(story))
    other.refresh_from_db()
    return response, other.status == "draft"


def _expected(role, model, action, situation=None):
    if role == "anonymous":
        return False
    rule = permissions.rule_for(role, model, action)
    if situation is None:
        return rule != "-"
    return rule in situation.holds


def _client(client, role):
    if role != "anonymous":
        user = make_user(role, f"u-{role}")
        client.force_login(user)
        return client, user
    return client, make_user(permissions.ALL_ROLES[0], "owner-of-nothing")


def _admin_url(model_admin, name, *args):
    opts = model_admin.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


def _allowed(response, role):
    if role == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
        return False
    assert response.status_code in (200, 403), response.status_code
    return response.status_code == 200


def _offered_actions(client, model_admin, role):
    response = client.get(_admin_url(model_admin, "changelist"))
    if not _allowed(response, role) or not response.context_data.get("action_form"):
        return set()
    return {name for name, _ in response.context_data["action_form"].fields["action"].choices if name}


def _action_rule(model_admin, model, name):
    """An admin action's row in the table, or the permission it declares."""
    if (model, name) in permissions.RULES:
        return name
    if name == "delete_selected":
        return "delete"
    action = getattr(model_admin, name, None) or admin.site.get_action(name)
    declared = getattr(action, "allowed_permissions", ())
    return declared[0] if declared else "view"


REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower)


def test_the_table_covers_every_admin_model_inline_and_action():
    covered = {model for model, _ in permissions.RULES} | set(permissions.SUPERUSER_ONLY)
    for model, model_admin in REGISTERED:
        assert model._meta.label_lower in covered
        for inline in model_admin.inlines:
            assert inline.model._meta.label_lower in covered
        for name in model_admin.actions or ():
            rule = _action_rule(model_admin, model._meta.label_lower, name)
            assert rule in permissions.RULES or rule in CRUD or (model._meta.label_lower, rule) in permissions.RULES


def test_each_role_is_a_group_with_the_table_s_django_permissions():
    for role in permissions.ALL_ROLES:
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=role).permissions.all()}
        assert granted == {f"{app}.{codename}" for app, codename in permissions.django_permissions(role)}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model_label", [model._meta.label_lower for model, _ in REGISTERED])
def test_matrix(client, role, model_label):
    model, model_admin = next((m, a) for m, a in REGISTERED if m._meta.label_lower == model_label)
    client, user = _client(client, role)
    wrong = []

    def check(what, expected, observed):
        if expected != observed:
            wrong.append(f"{role} {model_label} {what}: table says {expected}, admin says {observed}")

    # Model level: the list and the add page.
    check(
        "view (list)",
        _expected(role, model_label, "view"),
        _allowed(client.get(_admin_url(model_admin, "changelist")), role),
    )
    check("add", _expected(role, model_label, "add"), _allowed(client.get(_admin_url(model_admin, "add")), role))

    # Actions offered on the list.
    offered = _offered_actions(client, model_admin, role)
    for name in [*(model_admin.actions or ()), "delete_selected"]:
        rule = _action_rule(model_admin, model_label, name)
        check(f"action {name} offered", _expected(role, model_label, rule), name in offered)

    # Object level: each situation the table tells apart.
    for situation in _situations(model_label, user if role != "anonymous" else None):
        obj = situation.obj
        response = client.get(_admin_url(model_admin, "change", obj.pk))
        shown = _allowed(response, role)
        check(f"view {situation.label}", _expected(role, model_label, "view", situation), shown)
        editable = shown and response.context_data["has_change_permission"]
        read_only = model_label == "admin.logentry"
        check(
            f"change {situation.label}",
            _expected(role, model_label, "change", situation) and not read_only,
            bool(editable),
        )
        deletable = _allowed(client.get(_admin_url(model_admin, "delete", obj.pk)), role)
        check(
            f"delete {situation.label}", _expected(role, model_label, "delete", situation) and not read_only, deletable
        )
        if shown:
            for formset in response.context_data["inline_admin_formsets"]:
                inline_model = formset.formset.model._meta.label_lower
                if type(formset.opts).__name__ in LINK_INLINES:
                    continue
                audit = inline_model == "articles.statuschange"
                for action in ("add", "change", "delete"):
                    expected = _expected(role, inline_model, action, situation) and not audit
                    expected = expected and _expected(role, model_label, "change", situation)
                    observed = bool(getattr(formset, f"has_{action}_permission"))
                    check(f"inline {inline_model} {action} on {situation.label}", expected, observed)
        if model_label == "articles.article":
            version = Version.objects.get_for_object(obj).first()
            restore = client.get(_admin_url(model_admin, "revision", obj.pk, version.pk))
            check(
                f"restore {situation.label}",
                _expected(role, model_label, "restore", situation),
                _allowed(restore, role),
            )
            restore, others_kept = _restore_shared(client, model_admin, obj)
            # Allowed: saved, or the form says why not; refused: 403.
            allowed = role != "anonymous" and restore.status_code != 403
            check(
                f"restore {situation.label} (shared revision)",
                _expected(role, model_label, "restore", situation),
                allowed,
            )
            check(f"restore {situation.label} leaves the revision's other story", True, others_kept)
    if model_label == "articles.article":
        check(
            "recover",
            _expected(role, model_label, "recover"),
            _allowed(client.get(_admin_url(model_admin, "recoverlist")), role),
        )
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_object_level_actions_act_only_where_the_table_allows(client, role):
    client, user = _client(client, role)
    changelist = reverse("admin:articles_article_changelist")
    for label, status, own, holds in STORY_CASES:
        if status != "draft":
            continue
        article = _story(user if role != "anonymous" else None, status, own)
        client.post(changelist, {"action": "submit_for_review", "_selected_action": [article.pk]})
        article.refresh_from_db()
        expected = _expected(role, "articles.article", "submit_for_review", Situation(label, article, holds))
        assert (article.status == "review") == expected, (role, label)
    for label, status, own, holds in STORY_CASES:
        mention = Mention.objects.get(article=_story(user if role != "anonymous" else None, status, own))
        client.post(reverse("admin:people_mention_changelist"), {"action": "confirm", "_selected_action": [mention.pk]})
        mention.refresh_from_db()
        expected = _expected(role, "people.mention", "confirm", Situation(label, mention, holds))
        assert mention.confirmed == expected, (role, label)


CHANGED_PAGE = SMALL_PAGE.replace("受到居民好评", "居民颇有怨言")


def _published_page():
    """A print page of published stories, one of them since moved off the
    page by an editor (it keeps its import reference): their bodies."""
    editor = make_user("Editor", "page-editor")
    page = imported(editor, SMALL_PAGE).pages.get()
    stories = Article.objects.filter(print_page=page.print_page)
    for story in stories:
        sign_off(story)
    assert workflow.publish(stories, user=editor) == stories.count() == 2
    Article.objects.filter(pk=stories.order_by("pk").first().pk).update(print_page=None, print_position=None)
    return editor, dict(Article.objects.filter(import_ref__isnull=False).values_list("pk", "body"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("how", ["confirm", "resend"])
def test_an_import_over_published_stories_acts_only_where_the_table_allows(client, role, how):
    """The import desk changes published stories (the page's, and those
    imported from it and moved off it) for the one who confirms the upload
    or sends it again, whoever uploaded it: who may publish."""
    editor, bodies = _published_page()
    batch = create_batch(editor, [("1.txt", CHANGED_PAGE.encode())])
    page = batch.pages.get()
    form = {"publication": "朔州日报", "date": DATE, f"number_{page.pk}": page.number}
    if how == "resend":
        uploader = make_user("Archivist", "uploader")
        batch.created_by = uploader
        batch.save(update_fields=["created_by"])
        confirm_batch(batch, form, uploader)
        form = {"resend": "1"}
    client, _ = _client(client, role)
    client.post(batch.get_absolute_url(), form)
    changed = {pk for pk, body in bodies.items() if Article.objects.get(pk=pk).body != body}
    expected = _expected(role, "imports.importbatch", "import") and _expected(role, "articles.article", "publish")
    if how == "resend" and not _expected(role, "imports.importbatch", "import"):
        # Not sent by them: the upload waits for someone of the desk.
        expected = False
    # The changed text is the first story's, the one moved off the page.
    assert changed == ({min(bodies)} if expected else set()), (role, how)


@pytest.mark.parametrize("role", ROLES)
def test_an_import_of_the_page_a_published_story_was_moved_to_acts_only_where_the_table_allows(client, role):
    """A published story an editor moved onto another page is found by that
    page's import (whichever page it was imported from), which changes it for
    the one who confirms the upload: who may publish."""
    editor = make_user("Editor", "page-editor")
    page = imported(editor, SMALL_PAGE).pages.get()
    stories = Article.objects.filter(print_page=page.print_page)
    for story in stories:
        sign_off(story)
    assert workflow.publish(stories, user=editor) == 2
    moved = stories.order_by("pk").first()
    page_two = PrintPage.objects.create(edition=page.print_page.edition, number=2)
    Article.objects.filter(pk=moved.pk).update(print_page=page_two, print_position=1)
    bodies = dict(Article.objects.values_list("pk", "body"))
    batch = create_batch(editor, [("2.txt", CHANGED_PAGE.split("平鲁区委组织部")[0].encode())])
    form = {"publication": "朔州日报", "date": DATE, f"number_{batch.pages.get().pk}": 2}
    client, _ = _client(client, role)
    client.post(batch.get_absolute_url(), form)
    changed = {pk for pk, body in bodies.items() if Article.objects.get(pk=pk).body != body}
    expected = _expected(role, "imports.importbatch", "import") and _expected(role, "articles.article", "publish")
    assert changed == ({moved.pk} if expected else set()), role
    assert Article.objects.count() == 2, role


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("how", ["confirm", "save"])
def test_a_page_correction_reaches_published_stories_only_where_the_table_allows(client, role, how):
    """A correction anyone of the desk keeps with a published page (here an
    archivist's byline) is written into its stories only by a save of the
    page from its preview, which shows it, by someone who may publish. An
    upload of the page, confirmed by anyone, leaves it waiting."""
    editor = make_user("Editor", "page-editor")
    page = imported(editor, SMALL_PAGE).pages.get()
    stories = Article.objects.filter(print_page=page.print_page)
    for story in stories:
        sign_off(story)
    assert workflow.publish(stories, user=editor) == 2
    client.force_login(make_user("Archivist", "corrector"))
    item = item_start(page.parsed["items"][0])
    client.post(preview_url(page), {"op": "byline", "item": item, "index": 0, "name": "王某", "role": "reporter"})
    client.logout()
    client, _ = _client(client, role)
    if how == "save":
        client.post(preview_url(page), save_form(page))
    else:
        batch = create_batch(editor, [("1.txt", SMALL_PAGE.encode())])
        client.post(
            batch.get_absolute_url(), {"publication": "朔州日报", "date": DATE, f"number_{batch.pages.get().pk}": 1}
        )
    names = {b.display_name for b in Byline.objects.filter(article__print_page=page.print_page)}
    expected = (
        how == "save"
        and _expected(role, "imports.importbatch", "import")
        and _expected(role, "articles.article", "publish")
    )
    assert ("王某" in names) == expected, (role, how)
    assert stories.filter(status=Article.Status.PUBLISHED).count() == 2, (role, how)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["admin", "desk"])
def test_renaming_a_person_acts_only_where_the_table_allows(client, role, where):
    """A new name is printed in the bylines of the person's stories,
    published ones included: renamed only where the table lets the role
    change the person, in the admin's form and at the desk's person page."""
    client, user = _client(client, role)
    for situation in _situations("people.person", user if role != "anonymous" else None):
        person = situation.obj
        if where == "admin":
            data = {"name": "新名字", "slug": person.slug, "description": ""}
            for prefix in ("aliases", "bylines", "mentions"):
                data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
            client.post(reverse("admin:people_person_change", args=[person.pk]), data)
            expected = _expected(role, "people.person", "change", situation)
        else:
            client.post(reverse("admin:imports_person", args=[person.pk]), {"action": "rename", "name": "新名字"})
            expected = (
                _expected(role, "imports.importbatch", "import")
                and _expected(role, "people.person", "view")
                and _expected(role, "people.person", "change", situation)
            )
        person.refresh_from_db()
        assert (person.name == "新名字") == expected, (role, where, situation.label)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["admin", "desk", "merge"])
def test_a_person_whose_story_goes_live_after_the_check_is_judged_with_it_live(client, monkeypatch, role, where):
    """A story published between the check of a rename or merge and its
    write counts: the person is judged again as they stand once their
    stories are locked, in the transaction that writes, as a person with a
    published byline."""
    client, user = _client(client, role)
    person = make_person(name="未见")
    story = make_article(status="draft", headline="待发稿件")
    make_byline(article=story, person=person)
    target = make_person(name="另一人")
    make_mention(article=make_article(status="draft"), person=target)

    def then_published(step):
        def step_then_publish(*args, **kwargs):
            done = step(*args, **kwargs)
            # Another editor's publish, committed just after the check.
            Article.objects.filter(pk=story.pk).update(status="published", publish_at=timezone.now())
            return done

        return step_then_publish

    if where == "admin":
        # The admin's last step before the write: every check of the request is behind it.
        monkeypatch.setattr(PersonAdmin, "save_form", then_published(PersonAdmin.save_form))
        data = {"name": "新名字", "slug": person.slug, "description": ""}
        for prefix in ("aliases", "bylines", "mentions"):
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        client.post(reverse("admin:people_person_change", args=[person.pk]), data)
    else:
        monkeypatch.setattr(people_views, "_require_table", then_published(people_views._require_table))
        action = (
            {"action": "rename", "name": "新名字"} if where == "desk" else {"action": "merge", "into_id": target.pk}
        )
        client.post(reverse("admin:imports_person", args=[person.pk]), action)
    seen = Situation("person with a byline published after the check", person)
    desk = _expected(role, "imports.importbatch", "import") and _expected(role, "people.person", "view")
    if where == "admin":
        expected = _expected(role, "people.person", "change", seen)
        done = Person.objects.get(pk=person.pk).name == "新名字"
    elif where == "desk":
        expected = desk and _expected(role, "people.person", "change", seen)
        done = Person.objects.get(pk=person.pk).name == "新名字"
    else:
        unseen_target = Situation("person only drafts name", target, {"all", "unseen-person"})
        expected = (
            desk
            and _expected(role, "people.person", "delete", seen)
            and _expected(role, "people.person", "change", unseen_target)
        )
        done = not Person.objects.filter(pk=person.pk).exists()
    assert done == expected, (role, where)


def _person_form(person, aliases=None):
    """The person's admin form as posted: their fields, no byline or mention
    rows, and ``aliases`` (the alias inline's rows by field, the existing
    ones first) if given."""
    data = {"name": person.name, "slug": person.slug, "description": ""}
    for prefix in ("aliases", "bylines", "mentions"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    rows = aliases or []
    data["aliases-TOTAL_FORMS"] = str(len(rows))
    data["aliases-INITIAL_FORMS"] = str(sum(1 for row in rows if row.get("id")))
    for n, row in enumerate(rows):
        data.update({f"aliases-{n}-{name}": value for name, value in {"person": person.pk, **row}.items()})
    return data


def _alias_rows(person, action):
    """The alias inline's rows that add, change or delete an alias of ``person``."""
    if action == "add":
        return [{"id": "", "name": "新别名"}]
    alias = person.aliases.get()
    row = {"id": alias.pk, "name": "新别名" if action == "change" else alias.name}
    return [{**row, "DELETE": "on"} if action == "delete" else row]


def _alias_done(person, action, before):
    names = set(person.aliases.values_list("name", flat=True))
    return {"add": "新别名" in names, "change": "新别名" in names, "delete": not names}[action] and names != before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["admin add", "admin change", "admin delete", "desk add"])
def test_a_person_s_aliases_change_only_where_the_table_allows(client, role, where):
    """A person's alias makes the stories that mention them found under it in
    readers' search: added, changed or deleted only where the table's alias
    rows let the role, on the person's admin form (whose page the role must
    also be let change) and at the desk's person page."""
    where, action = where.split()
    client, user = _client(client, role)
    for situation in _situations("people.person", user if role != "anonymous" else None):
        person = situation.obj
        before = set(person.aliases.values_list("name", flat=True))
        if where == "admin":
            form = _person_form(person, _alias_rows(person, action))
            client.post(reverse("admin:people_person_change", args=[person.pk]), form)
            expected = _expected(role, "people.person", "change", situation)
        else:
            client.post(reverse("admin:imports_person", args=[person.pk]), {"action": "alias", "name": "新别名"})
            expected = _expected(role, "imports.importbatch", "import") and _expected(role, "people.person", "view")
        expected = expected and _expected(role, "people.alias", action, situation)
        assert _alias_done(person, action, before) == expected, (role, where, action, situation.label)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["admin", "desk"])
@pytest.mark.parametrize("table", ["as it is", "alias rows narrower than the person"])
def test_an_alias_whose_person_s_story_goes_live_after_the_check_is_judged_with_it_live(
    client, monkeypatch, role, where, table
):
    """A story published between the checks of an alias change and the
    locking of the person's stories counts: the alias rows are judged again
    as the person stands once the stories are locked. The second table tells
    the alias rows from the person's: there a role may change a person
    readers have seen but not their aliases."""
    if table != "as it is":
        for action in ("add", "change", "delete"):
            key = ("people.alias", action)
            narrower = {r: "-" if rule == "-" else "unseen-person" for r, rule in permissions.RULES[key].rules.items()}
            monkeypatch.setitem(permissions.RULES, key, permissions.Rule(*key, narrower))
    client, user = _client(client, role)
    person = make_person(name="未见")
    story = make_article(status="draft", headline="待发稿件")
    make_mention(article=story, person=person)

    def publish() -> None:
        # Another editor's publish, committed after every check of the request.
        Article.objects.filter(pk=story.pk).update(status="published", publish_at=timezone.now())

    def publish_first(step):
        def publish_then_step(*args, **kwargs):
            publish()
            return step(*args, **kwargs)

        return publish_then_step

    def then_published(step):
        def step_then_publish(*args, **kwargs):
            done = step(*args, **kwargs)
            publish()
            return done

        return step_then_publish

    if where == "admin":
        # Locking the person's stories is the admin's first step once the
        # form and its inlines are checked.
        monkeypatch.setattr(people_admin, "lock_stories_of", publish_first(people_admin.lock_stories_of))
        form = _person_form(person, _alias_rows(person, "add"))
        client.post(reverse("admin:people_person_change", args=[person.pk]), form)
        allowed = _expected(role, "people.person", "change", Situation("seen", person))
    else:
        # The desk's check is its last step before the write.
        monkeypatch.setattr(people_views, "_require_table", then_published(people_views._require_table))
        client.post(reverse("admin:imports_person", args=[person.pk]), {"action": "alias", "name": "新别名"})
        allowed = _expected(role, "imports.importbatch", "import") and _expected(role, "people.person", "view")
    expected = allowed and _expected(role, "people.alias", "add", Situation("seen", person))
    assert person.aliases.filter(name="新别名").exists() == expected, (role, where, table)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("table", ["as it is", "tag rows narrower than the story"])
def test_changing_a_story_s_tags_acts_only_where_the_table_allows(client, monkeypatch, role, table):
    """A story's tags are printed with it and covered by its review: the
    change form's tag field changes them only where the table lets the role
    change the story and add and delete its tag rows, as for its bylines.
    The second table tells the two rules apart: there a role may change a
    published story but not its tags."""
    if table != "as it is":
        for action in ("add", "delete"):
            key = ("articles.taggedarticle", action)
            narrower = {role: "unpublished" for role in permissions.RULES[key].rules}
            monkeypatch.setitem(permissions.RULES, key, permissions.Rule(*key, narrower))
    client, user = _client(client, role)
    for label, status, own, holds in STORY_CASES:
        story = _story(user if role != "anonymous" else None, status, own)
        story.tags.add("旧标签")
        data = _form(story, tags="新标签")
        if story.publish_at:
            data.update(
                {
                    "publish_at_0": timezone.localtime(story.publish_at).strftime("%Y-%m-%d"),
                    "publish_at_1": timezone.localtime(story.publish_at).strftime("%H:%M:%S"),
                }
            )
        client.post(reverse("admin:articles_article_change", args=[story.pk]), data)
        situation = Situation(label, story, holds)
        expected = _expected(role, "articles.article", "change", situation) and all(
            _expected(role, "articles.taggedarticle", action, situation) for action in ("add", "delete")
        )
        assert list(story.tags.names()) == (["新标签"] if expected else ["旧标签"]), (role, label)


def _waiting_at(stage_group) -> Article:
    """A reporter's story waiting at the stage of ``stage_group``, the stages
    before it passed by editors of their groups."""
    reporter = make_user("Reporter", "writer")
    story = make_article(status="draft", created_by=reporter, headline="待审稿件")
    steps.submit(story, reporter)
    for _, _, group in DEFAULT_STAGES:
        if group == stage_group:
            return story
        reviewer = make_user("Editor", f"reviewer-{group}")
        reviewer.groups.add(Group.objects.get(name=group))
        steps.pass_stage(story, reviewer)
    raise AssertionError(stage_group)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("step", "stage_group", "moved_to"),
    [("pass", "Editor-in-chief", "published"), ("reject", "Desk editor", "archived")],
)
def test_the_review_s_steps_publish_or_archive_only_where_the_table_allows(client, role, step, stage_group, moved_to):
    """The sign-off (the last stage's pass) publishes and a reject archives:
    the stage's group says who acts at the stage, the table who may move a
    story into those states. Each role is put in the stage's group."""
    story = _waiting_at(stage_group)
    client, user = _client(client, role)
    if role != "anonymous":
        user.groups.add(Group.objects.get(name=stage_group))
    client.post(reverse("admin:review_act", args=[story.pk]), {"action": step, "reason": "理由"})
    expected = _expected(role, "articles.article", "view") and _expected(role, "articles.article", "publish")
    assert (Article.objects.get(pk=story.pk).status == moved_to) == expected, (role, step)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("own", [False, True], ids=["another's", "own"])
def test_a_blocking_check_is_overridden_only_where_the_table_allows_and_never_by_the_writer(client, role, own):
    """The override lets the sign-off go ahead over a blocking finding: the
    table says who may, and, as for a pass, never one of the story's authors.
    Each role is put in the last stage's group."""
    from review.models import WordListEntry

    WordListEntry.objects.create(word="待审", kind="banned", preferred="送审", note="测试用")
    story = _waiting_at("Editor-in-chief")
    client, user = _client(client, role)
    if role != "anonymous":
        user.groups.add(Group.objects.get(name="Editor-in-chief"))
    if own:
        Article.objects.filter(pk=story.pk).update(created_by=user)
    client.post(reverse("admin:review_act", args=[story.pk]), {"action": "override", "reason": "专有名词"})
    overridden = Event.objects.filter(article=story, action=Event.Action.OVERRIDE).exists()
    expected = _expected(role, "articles.article", "view") and _expected(role, "review.event", "override")
    assert overridden == (expected and not own), (role, own)


def _scheduled_with_a_live_revision():
    """A story live yesterday with its first text (kept in a revision), since
    rewritten, signed off and scheduled for tomorrow: the story and that revision."""
    with reversion.create_revision():
        story = make_article(headline="预定稿件", body="<p>昨天的正文。</p>")
    yesterday = Version.objects.get_for_object(story).first()
    Article.objects.filter(pk=story.pk).update(
        body="<p>签发的正文。</p>", publish_at=timezone.now() + dt.timedelta(hours=12)
    )
    story.refresh_from_db()
    sign_off(story)
    return story, yesterday


def _time_fields(when):
    local = timezone.localtime(when)
    return {"publish_at_0": local.strftime("%Y-%m-%d"), "publish_at_1": local.strftime("%H:%M:%S")}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("how", ["change", "restore"])
def test_bringing_a_scheduled_story_forward_with_other_text_acts_only_where_the_table_allows(client, role, how):
    """A signed-off scheduled story whose time one save brings into the past
    and whose text it changes (the change form, or a restore of a revision
    live yesterday) is changed only where the table allows, and never shown
    to readers with text its sign-off does not cover: it goes back to review."""
    story, yesterday = _scheduled_with_a_live_revision()
    client, _ = _client(client, role)
    if how == "change":
        url = reverse("admin:articles_article_change", args=[story.pk])
        data = _form(story, body="<p>无人审过的正文。</p>", **_time_fields(timezone.now() - dt.timedelta(minutes=1)))
    else:
        url = reverse("admin:articles_article_revision", args=[story.pk, yesterday.pk])
        data = _form(story, body="<p>昨天的正文。</p>", **_time_fields(yesterday.field_dict["publish_at"]))
    client.post(url, data)
    story.refresh_from_db()
    published_story = Situation("someone else's scheduled story", story)
    expected = _expected(role, "articles.article", "change" if how == "change" else "restore", published_story)
    assert (story.body != "<p>签发的正文。</p>") == expected, (role, how)
    assert not story.is_public, (role, how)


# The admin's paths that take a live story off the site, with the table's
# rows each needs: leaving "published" needs the right to publish.
TAKEDOWN_PATHS = {
    "unpublish action": ("publish",),
    "change form: draft": ("change", "publish"),
    "change form: archived": ("change", "publish"),
    "change form: time moved ahead": ("change",),
    "restore of a draft revision": ("restore", "publish"),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", TAKEDOWN_PATHS)
def test_taking_a_live_story_down_acts_only_where_the_table_allows_and_ends_its_sign_off(client, role, path):
    """A live, signed-off story is taken off the site only where the table
    lets the role, and where it is, its sign-off ends: it waits at 签发,
    and no editor's publish puts it back up on the old one."""
    with reversion.create_revision():
        story = make_article(status="draft", headline=f"撤稿{path}")
    draft_version = Version.objects.get_for_object(story).first()
    with reversion.create_revision():
        Article.objects.filter(pk=story.pk).update(status="published", publish_at=timezone.now())
        story = sign_off(Article.objects.get(pk=story.pk))
        story.save()
    client, user = _client(client, role)
    story = take_down_as(client, path, story, user, draft_version)
    live = Situation("someone else's live story", story)
    expected = all(_expected(role, "articles.article", action, live) for action in TAKEDOWN_PATHS[path])
    assert (not story.is_public) == expected, (role, path)
    review = Review.objects.get(article=story)
    assert (review.state == Review.State.TAKEN_DOWN) == expected, (role, path)
    if expected:
        assert not put_back(client, story, make_user("Editor", "another-editor")), (role, path)


def _narrow_tag_rows(monkeypatch):
    """The table with a story's tag rows editors' to change only while the
    story is unpublished: the rules a tag's edit is judged by, told apart
    from the tag's own."""
    for action in ("add", "delete"):
        key = ("articles.taggedarticle", action)
        narrower = {role: "unpublished" for role in permissions.RULES[key].rules}
        monkeypatch.setitem(permissions.RULES, key, permissions.Rule(*key, narrower))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("table", ["as it is", "tag rows narrower than the story"])
@pytest.mark.parametrize(
    "edit", ["rename", "new slug", "delete", "delete selected", "rename by a job", "delete selected by a job"]
)
def test_renaming_or_deleting_a_tag_acts_only_where_the_table_allows_on_each_story(
    client, monkeypatch, settings, django_capture_on_commit_callbacks, role, table, edit
):
    """A tag's name is printed on each story carrying it: renaming the tag
    deletes the old name from each story and adds the new one, deleting it
    deletes it, judged on each story as it stands by the rules for its tag
    rows, as the change form's tag field is, besides the tag's own rule. A
    tag on more stories than a request edits is renamed or deleted by a job
    (articles.tag_edit_queue), judged the same way when it runs."""
    from taggit.models import TaggedItem

    if table != "as it is":
        _narrow_tag_rows(monkeypatch)
    if edit.endswith(" by a job"):
        settings.TAG_EDIT_INLINE_MAX = 0
        edit = edit.removesuffix(" by a job")
    client, user = _client(client, role)
    inline = TaggedItem._meta.get_field("tag").remote_field.get_accessor_name(model=False)
    for label, status, own, holds in STORY_CASES:
        story = _story(user if role != "anonymous" else None, status, own)
        tag = Tag.objects.create(name=f"标签{label}")
        story.tags.add(tag)
        with django_capture_on_commit_callbacks(execute=True):  # and the job, sent at the commit
            if edit in ("rename", "new slug"):
                name, slug = (f"{tag.name}改", tag.slug) if edit == "rename" else (tag.name, f"{tag.slug}-2")
                data = {"name": name, "slug": slug, f"{inline}-TOTAL_FORMS": 0, f"{inline}-INITIAL_FORMS": 0}
                client.post(reverse("admin:taggit_tag_change", args=[tag.pk]), data)
            elif edit == "delete":
                client.post(reverse("admin:taggit_tag_delete", args=[tag.pk]), {"post": "yes"})
            else:
                data = {"action": "delete_selected", "_selected_action": [tag.pk], "post": "yes"}
                client.post(reverse("admin:taggit_tag_changelist"), data)
        situation = Situation(label, story, holds)
        if edit == "new slug":
            # The name unchanged, no story prints anything else: the tag's own rule alone.
            tag_after = Tag.objects.get(pk=tag.pk)
            assert (tag_after.slug == f"{tag.slug}-2") == _expected(role, "taggit.tag", "change"), (role, label)
            assert list(story.tags.names()) == [tag.name], (role, label)
            continue
        rows = ("add", "delete") if edit == "rename" else ("delete",)
        expected = _expected(role, "taggit.tag", "change" if edit == "rename" else "delete") and all(
            _expected(role, "articles.taggedarticle", action, situation) for action in rows
        )
        after = ([f"{tag.name}改"] if edit == "rename" else []) if expected else [tag.name]
        assert list(story.tags.names()) == after, (role, label)


@pytest.mark.parametrize("role", [*ROLES, "superuser"])
def test_no_one_merges_tags_behind_the_table_s_back(client, role):
    """django-taggit's "merge selected tags" asked for no permission (any
    staff user could reach it) and merged only taggit's own generic rows,
    never a story's tags, while saying it had: the admin offers no merge."""
    if role == "superuser":
        client.force_login(User.objects.create_superuser("root", "root@example.com", "x"))
    else:
        client, _ = _client(client, role)
    kept, merged = Tag.objects.create(name="抗疫日记"), Tag.objects.create(name="战疫日记")
    story = make_article(tags=[kept, merged])
    client.post(reverse("admin:taggit_tag_changelist"), {"action": "render_tag_form", "_selected_action": [merged.pk]})
    client.post(reverse("admin:taggit_tag_changelist") + "merge-tags/", {"new_tag_name": "疫情日记"})
    assert sorted(story.tags.names()) == ["战疫日记", "抗疫日记"]
    assert set(Tag.objects.values_list("name", flat=True)) == {"抗疫日记", "战疫日记"}


# Where a mention is written from, and its action in the table.
MENTION_PATHS = {
    "admin add": "add",
    "admin change": "change",
    "admin confirm action": "confirm",
    "desk confirm": "confirm",
    "desk link": "change",
    "desk reject": "delete",
}
# Paths that show a mention readers did not see (linking one confirms it).
MENTION_PATHS_SHOWING = ("admin confirm action", "desk confirm", "desk link")
MENTION_STORY_CASES = [
    ("own story in review after 初审", "review", True, {"all", "unpublished", "own-unpublished"}),
    ("someone else's story in review after 初审", "review", False, {"all", "unpublished"}),
    ("own published story", "published", True, {"all"}),
]


def _story_with_a_mention(owner, status, path):
    """A story in review whose first stage is passed (or a published one),
    naming a person: readers see the mention unless ``path`` shows it."""
    story = make_article(status="draft", created_by=owner, headline=f"稿件{path}{status}")
    mention = make_mention(
        article=story, person=make_person(name="张某"), title="局长", confirmed=path not in MENTION_PATHS_SHOWING
    )
    if status == "published":
        Article.objects.filter(pk=story.pk).update(status="published", publish_at=timezone.now())
        sign_off(story)
    else:
        steps.submit(story, owner)
        reviewer = make_user("Editor", f"desk-{story.pk}")
        reviewer.groups.add(Group.objects.get(name="Desk editor"))
        steps.pass_stage(story, reviewer)
    return Article.objects.get(pk=story.pk), mention


def _write_mention(client, path, story, mention):
    """``path``'s write; whether it changed what readers see of the story's people."""
    before = list(Mention.objects.public().filter(article=story).values_list("person__name", "person_id", "title"))
    form = {"person": mention.person_id, "article": story.pk, "count": 1, "first_offset": 0, "origin": "editor"}
    if path == "admin add":
        form.update(person=make_person(name="王某").pk, title="涉案人员", confirmed="on")
        client.post(reverse("admin:people_mention_add"), form)
    elif path == "admin change":
        client.post(
            reverse("admin:people_mention_change", args=[mention.pk]), {**form, "title": "前局长", "confirmed": "on"}
        )
    elif path == "admin confirm action":
        client.post(reverse("admin:people_mention_changelist"), {"action": "confirm", "_selected_action": [mention.pk]})
    else:
        action = path.split()[1]
        other = make_person(name="张某", description="另一人")
        client.post(reverse("admin:imports_people"), {"action": action, "mention": mention.pk, "person": other.pk})
    after = list(Mention.objects.public().filter(article=story).values_list("person__name", "person_id", "title"))
    return before != after


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", MENTION_PATHS)
def test_a_story_s_people_written_after_a_pass_act_only_where_the_table_allows_and_void_it(client, role, path):
    """The people a story names, with their titles, are part of what its
    review covers: each path that writes a mention does so only where the
    table lets the role, judged on the story, and where it does the passes
    stand no more (a story in review goes back to 初审; a live one records
    a correction)."""
    client, user = _client(client, role)
    owner = user if role != "anonymous" else make_user("Reporter", "story-owner")
    for label, status, own, holds in MENTION_STORY_CASES:
        story, mention = _story_with_a_mention(owner if own else None, status, path)
        situation = Situation(label, mention, holds)
        expected = _expected(role, "people.mention", MENTION_PATHS[path], situation)
        if path.startswith("desk"):
            expected = expected and _expected(role, "imports.importbatch", "import")
            expected = expected and _expected(role, "people.mention", "view")
        written = _write_mention(client, path, story, mention)
        assert written == expected, (role, path, label)
        if status == "published":
            corrected = Event.objects.filter(article=story, action=Event.Action.EDITED).exists()
            assert corrected == written, (role, path, label)
        else:
            passes = Event.objects.filter(article=story, action=Event.Action.PASS, void=False).exists()
            assert passes != written, (role, path, label)


def _in_a_lighter_chain(owner, status, reviewer):
    """A story submitted under a department whose chain is one stage: in
    review, or signed off and scheduled for tomorrow."""
    light = Department.objects.get_or_create(name="副刊", slug="fukan")[0]
    if not Chain.objects.filter(department=light).exists():
        chain = Chain.objects.create(name="副刊一审", department=light)
        Stage.objects.create(chain=chain, position=1, name="签发", group=Group.objects.get(name="Desk editor"))
    later = timezone.now() + timezone.timedelta(days=1)
    story = make_article(status="draft", created_by=owner, department=light, publish_at=later)
    steps.submit(story, owner)
    if status == "published":
        steps.pass_stage(story, reviewer)
    return Article.objects.get(pk=story.pk)


@pytest.mark.parametrize("role", ROLES)
def test_moving_a_story_in_review_to_another_department_acts_only_where_the_table_allows_and_rechooses_its_chain(
    client, role
):
    """The chain a story passes is its department's: the change form moves a
    story in review (or signed off, not yet public) only where the table lets
    the role change it, and where it does the story starts the new
    department's chain from its first stage."""
    client, user = _client(client, role)
    owner = user if role != "anonymous" else make_user("Reporter", "story-owner")
    reviewer = make_user("Editor", "desk-reviewer")
    reviewer.groups.add(Group.objects.get(name="Desk editor"))
    cases = [
        ("own story in review", "review", True, {"all", "unpublished", "own-unpublished"}),
        ("someone else's story in review", "review", False, {"all", "unpublished"}),
        ("own story signed off, scheduled", "published", True, {"all"}),
    ]
    for label, status, own, holds in cases:
        story = _in_a_lighter_chain(owner if own else make_user("Reporter", f"other-{status}-{own}"), status, reviewer)
        news = Department.objects.create(name=f"要闻{label}")
        local = timezone.localtime(story.publish_at)
        data = _form(story, department=str(news.pk))
        data.update({"publish_at_0": local.strftime("%Y-%m-%d"), "publish_at_1": local.strftime("%H:%M:%S")})
        client.post(reverse("admin:articles_article_change", args=[story.pk]), data)
        story.refresh_from_db()
        moved = story.department_id == news.pk
        assert moved == _expected(role, "articles.article", "change", Situation(label, story, holds)), (role, label)
        review = Review.objects.get(article=story)
        if moved:
            assert (review.chain.department_id, review.stage.position) == (None, 1), (role, label)
            assert story.status == "review" and not story.is_public, (role, label)
        else:
            assert review.chain.department_id == story.department_id, (role, label)


def test_the_readme_table_is_rendered_from_the_table():
    rendered = permissions.markdown_table()
    assert rendered.count("\n") == len(permissions.RULES) + 1
    assert "| articles.article | restore | `own-unpublished` | `all` |" in rendered
    assert Byline and Edition  # the models named in the table exist
