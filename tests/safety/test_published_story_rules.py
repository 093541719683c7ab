"""Who may change a published story: revision restores, mentions and people,
judged on the state left as well as the state entered."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from articles import permissions, workflow
from articles.models import Article, StatusChange
from people.models import Mention, Person
from tests.factories import make_article, make_byline, make_mention, make_person, make_user, sign_off
from tests.safety.test_revisions import _form

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(db):
    return make_user("Reporter", "reporter")


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


def _through_the_workflow(reporter, editor):
    """A story written by ``reporter``: draft, review, then published by ``editor``."""
    with reversion.create_revision():
        article = Article.objects.create(headline="原稿", body="<p>正文</p>", created_by=reporter, updated_by=reporter)
    draft_version = Version.objects.get_for_object(article).get()
    workflow.submit_for_review(Article.objects.filter(pk=article.pk), reporter)
    sign_off(Article.objects.get(pk=article.pk))
    workflow.publish(Article.objects.filter(pk=article.pk), editor)
    article.refresh_from_db()
    return article, draft_version


def _revision_url(article, version):
    return reverse("admin:articles_article_revision", args=[article.pk, version.pk])


def test_a_reporter_cannot_unpublish_a_story_by_restoring_its_draft_revision(reporter_client, reporter, editor):
    article, draft_version = _through_the_workflow(reporter, editor)
    assert reporter_client.get(_revision_url(article, draft_version)).status_code == 403
    data = _form(article, headline="记者改的标题", status="draft")
    response = reporter_client.post(_revision_url(article, draft_version), data)
    assert response.status_code == 403
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.headline, stored.version) == ("published", "原稿", article.version)


def test_an_editor_restoring_a_draft_revision_is_audited_and_the_version_goes_up(editor_client, reporter, editor):
    article, draft_version = _through_the_workflow(reporter, editor)
    data = _form(article, headline="编辑恢复的标题", status="draft")
    response = editor_client.post(_revision_url(article, draft_version), data)
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.headline) == ("draft", "编辑恢复的标题")
    assert stored.version == article.version + 1
    last = StatusChange.objects.filter(article=article).latest("pk")
    assert (last.from_status, last.to_status, last.user) == ("published", "draft", editor)


def test_a_restore_may_not_enter_a_published_state_without_publish_permission(reporter_client, reporter, editor):
    """The state entered: the reporter's own draft, restored to the revision in
    which it was published, stays unpublished."""
    article, _ = _through_the_workflow(reporter, editor)
    published_version = Version.objects.get_for_object(article).first()
    assert published_version.field_dict["status"] == "published"
    workflow.unpublish(Article.objects.filter(pk=article.pk), editor)
    article.refresh_from_db()
    response = reporter_client.post(_revision_url(article, published_version), _form(article, status="published"))
    assert response.status_code in (200, 403)
    assert Article.objects.get(pk=article.pk).status == "draft"


def test_a_reporter_restores_a_revision_of_their_own_draft(reporter_client, reporter):
    with reversion.create_revision():
        article = Article.objects.create(headline="第一稿", created_by=reporter, updated_by=reporter)
    first = Version.objects.get_for_object(article).get()
    with reversion.create_revision():
        article.headline = "第二稿"
        article.save()
    article.refresh_from_db()
    response = reporter_client.post(_revision_url(article, first), _form(article, headline="第一稿"))
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.headline == "第一稿" and stored.version == article.version + 1


def test_a_reporter_cannot_recover_a_deleted_published_story(reporter_client):
    with reversion.create_revision():
        article = make_article(headline="已删的稿件")
    pk = article.pk
    article.delete()
    version = Version.objects.get_deleted(Article).get()
    assert reporter_client.get(reverse("admin:articles_article_recoverlist")).status_code == 403
    assert reporter_client.post(reverse("admin:articles_article_recover", args=[version.pk]), {}).status_code == 403
    assert not Article.objects.filter(pk=pk).exists()


def _mention_form(article, person, **overrides):
    data = {
        "article": article.pk,
        "person": person.pk,
        "title": "自拟职务",
        "count": 1,
        "first_offset": 0,
        "origin": "editor",
    }
    data.update(overrides)
    return data


def test_a_reporter_cannot_add_a_mention_to_a_published_story(reporter_client):
    article, person = make_article(), make_person()
    response = reporter_client.post(reverse("admin:people_mention_add"), _mention_form(article, person))
    assert response.status_code == 200  # the form again, with the error
    assert not Mention.objects.filter(article=article).exists()


def test_a_reporter_cannot_change_or_delete_a_published_story_s_mention(reporter_client):
    mention = make_mention(article=make_article(), title="原职务", confirmed=False)
    change = reverse("admin:people_mention_change", args=[mention.pk])
    reporter_client.post(change, _mention_form(mention.article, mention.person, title="改过的职务"))
    assert Mention.objects.get(pk=mention.pk).title == "原职务"
    delete = reverse("admin:people_mention_delete", args=[mention.pk])
    assert reporter_client.post(delete, {"post": "yes"}).status_code == 403
    reporter_client.post(
        reverse("admin:people_mention_changelist"), {"action": "confirm", "_selected_action": [mention.pk]}
    )
    assert Mention.objects.filter(pk=mention.pk).exists() and not Mention.objects.get(pk=mention.pk).confirmed


def test_a_reporter_cannot_move_a_mention_of_their_draft_onto_a_published_story(reporter_client, reporter):
    draft = make_article(status="draft", created_by=reporter)
    mention = make_mention(article=draft)
    published = make_article()
    change = reverse("admin:people_mention_change", args=[mention.pk])
    response = reporter_client.post(change, _mention_form(published, mention.person))
    assert response.status_code == 200
    assert Mention.objects.get(pk=mention.pk).article == draft


def test_a_reporter_manages_mentions_of_their_own_draft_only(reporter_client, reporter):
    own = make_article(status="draft", created_by=reporter)
    others = make_article(status="draft", created_by=make_user("Reporter", "colleague"))
    person = make_person()
    reporter_client.post(reverse("admin:people_mention_add"), _mention_form(own, person))
    reporter_client.post(reverse("admin:people_mention_add"), _mention_form(others, person))
    assert list(Mention.objects.values_list("article_id", flat=True)) == [own.pk]


def _person_form(person, **overrides):
    data = {"name": person.name, "slug": person.slug, "description": ""}
    for prefix in ("aliases", "bylines", "mentions"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def test_a_reporter_cannot_edit_a_person_with_a_published_byline(reporter_client):
    person = make_person(name="洪常中")
    make_byline(article=make_article(), person=person)
    url = reverse("admin:people_person_change", args=[person.pk])
    response = reporter_client.post(url, _person_form(person, name="改名"))
    assert response.status_code == 403
    assert Person.objects.get(pk=person.pk).name == "洪常中"


def test_a_reporter_edits_a_person_only_drafts_name(reporter_client, reporter):
    person = make_person(name="张三")
    make_mention(article=make_article(status="draft", created_by=reporter), person=person)
    url = reverse("admin:people_person_change", args=[person.pk])
    assert reporter_client.post(url, _person_form(person, name="张叁")).status_code == 302
    assert Person.objects.get(pk=person.pk).name == "张叁"


def _rename(client, person, name):
    data = _person_form(person, name=name)
    for n, byline in enumerate(person.bylines.all()):
        data[f"bylines-{n}-id"] = str(byline.pk)
        data[f"bylines-{n}-person"] = str(person.pk)
        data["bylines-TOTAL_FORMS"] = data["bylines-INITIAL_FORMS"] = str(n + 1)
    return client.post(reverse("admin:people_person_change", args=[person.pk]), data)


@pytest.mark.parametrize("role", ["Reporter", "Archivist"])
def test_a_person_of_a_story_taken_down_is_not_unseen(client, editor, role):
    story = make_article(headline="已见报稿件")
    person = make_byline(article=story, person=make_person(name="王记者")).person
    workflow.unpublish(Article.objects.filter(pk=story.pk), editor)
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT and story.publish_at is not None  # readers saw it

    client.force_login(make_user(role, "someone"))
    response = client.get(reverse("admin:people_person_change", args=[person.pk]))
    assert response.status_code == 200
    changeable = response.context_data["has_change_permission"]
    _rename(client, person, "改过的名字")
    renamed = Person.objects.get(pk=person.pk).name != "王记者"
    assert not (changeable or renamed), f"a {role} may rename a person readers have seen (renamed: {renamed})"
    # Nor through the desk's people review, nor by an alias.
    rename = reverse("admin:imports_person", args=[person.pk])
    client.post(rename, {"action": "rename", "name": "改过的名字"})
    client.post(rename, {"action": "alias", "name": "小王"})
    assert Person.objects.get(pk=person.pk).name == "王记者" and not person.aliases.exists()


def test_a_person_of_a_story_archived_at_once_was_seen_and_one_only_in_drafts_was_not():
    drafted, rejected = make_person(name="只在草稿"), make_person(name="被撤稿件")
    story = make_article(status="draft")
    make_mention(article=story, person=drafted)
    archived = make_article(status="review")
    make_mention(article=archived, person=rejected)
    archived.status = Article.Status.ARCHIVED
    archived.save()
    archived.status = Article.Status.DRAFT
    archived.save()
    # Sent to review and back is still unseen.
    story.status = Article.Status.REVIEW
    story.save()
    story.status = Article.Status.DRAFT
    story.save()
    assert not permissions.person_was_published(drafted)
    assert permissions.person_was_published(rejected)


def test_the_desk_s_people_review_keeps_the_table_s_object_rules(client, editor):
    """An archivist holds the desk and Django's change permissions on people, but
    like a reporter may not confirm a published story's mention or rename a
    person readers have seen; an editor may."""
    archivist = make_user("Archivist", "archivist")
    mention = make_mention(article=make_article(), confirmed=False, title="原职务")
    published_person = make_byline(article=make_article()).person
    queue = reverse("admin:imports_people")
    client.force_login(archivist)
    assert client.post(queue, {"action": "confirm", "mention": mention.pk}).status_code == 403
    assert client.post(queue, {"action": "reject", "mention": mention.pk}).status_code == 403
    rename = reverse("admin:imports_person", args=[published_person.pk])
    assert client.post(rename, {"action": "rename", "name": "改过的名字"}).status_code == 403
    assert not Mention.objects.get(pk=mention.pk).confirmed
    assert Person.objects.get(pk=published_person.pk).name != "改过的名字"
    client.force_login(editor)
    client.post(queue, {"action": "confirm", "mention": mention.pk})
    assert Mention.objects.get(pk=mention.pk).confirmed


def test_a_save_without_the_loaded_version_is_judged_on_the_story_once_locked(reporter_client, reporter, monkeypatch):
    """The change form's check of who may change the story is made before its
    row is locked; only a form carrying ``loaded_version`` has the row locked
    and compared in clean(). Leaving that hidden field out of the POST, a
    reporter's save of their draft lands on the story another editor
    published after the check: its text and tags, unpublished by a reporter."""
    from django.db.models import F
    from django.utils import timezone

    from articles.admin import ArticleAdmin

    story = make_article(status="draft", headline="草稿", body="<p>原文</p>", created_by=reporter)
    checked = ArticleAdmin.has_change_permission

    def then_published(self, request, obj=None):
        allowed = checked(self, request, obj)
        if obj is not None and obj.pk == story.pk and request.method == "POST":
            # Another editor's publish, committed just after the check (a save bumps the version).
            Article.objects.filter(pk=story.pk, status="draft").update(
                status="published", publish_at=timezone.now(), version=F("version") + 1
            )
        return allowed

    monkeypatch.setattr(ArticleAdmin, "has_change_permission", then_published)
    data = _form(story, body="<p>记者改过的正文</p>", tags="记者的标签", loaded_version="")
    reporter_client.post(reverse("admin:articles_article_change", args=[story.pk]), data)
    story.refresh_from_db()
    assert story.status == "published"
    assert "记者改过的正文" not in story.body
    assert list(story.tags.names()) == []


def test_a_save_whose_loaded_version_names_a_later_one_is_judged_on_the_story_once_locked(
    reporter_client, reporter, monkeypatch
):
    """The loaded version a form carries is the editor's word: one naming the
    version a publish after the check will leave does not let the save past it."""
    from django.db.models import F
    from django.utils import timezone

    from articles.admin import ArticleAdmin

    story = make_article(status="draft", headline="草稿", body="<p>原文</p>", created_by=reporter)
    checked = ArticleAdmin.has_change_permission

    def then_published(self, request, obj=None):
        allowed = checked(self, request, obj)
        if obj is not None and obj.pk == story.pk and request.method == "POST":
            Article.objects.filter(pk=story.pk, status="draft").update(
                status="published", publish_at=timezone.now(), version=F("version") + 1
            )
        return allowed

    monkeypatch.setattr(ArticleAdmin, "has_change_permission", then_published)
    data = _form(story, body="<p>记者改过的正文</p>", loaded_version=str(story.version + 1))
    reporter_client.post(reverse("admin:articles_article_change", args=[story.pk]), data)
    story.refresh_from_db()
    assert story.status == "published"
    assert "记者改过的正文" not in story.body
