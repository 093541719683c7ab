"""Every save keeps a revision with who and when; editors compare and restore them."""

import pytest
import reversion
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import RequestFactory, override_settings
from django.urls import resolve, reverse
from reversion.models import Version

from articles.models import Article, Byline
from newsroom import db_router
from people.models import Mention, Person
from tests.factories import make_article, make_mention, make_user

pytestmark = pytest.mark.django_db


def _form(article, **overrides):
    data = {
        "kicker": article.kicker,
        "headline": article.headline,
        "subtitle": article.subtitle,
        "kind": article.kind,
        "department": "",
        "tags": "",
        "dateline": article.dateline,
        "summary": article.summary,
        "body": article.body,
        "status": article.status,
        "publish_at_0": "",
        "publish_at_1": "",
        "slug": article.slug,
        "print_page": "",
        "print_position": "",
        "loaded_version": str(article.version),
    }
    for prefix in ["bylines", "photos", "mentions", "status_changes"]:
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


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_each_admin_save_keeps_a_revision_with_its_user(editor_client, editor):
    article = Article.objects.create(headline="原标题", body="<p>第一版</p>")
    editor_client.post(_change_url(article), _form(article, body="<p>第二版</p>"))
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 1
    assert versions[0].revision.user == editor
    assert versions[0].field_dict["body"] == "<p>第二版</p>"


def test_a_revision_holds_the_story_with_its_bylines_and_tags():
    person = Person.objects.create(name="洪常中")
    with reversion.create_revision():
        article = Article.objects.create(headline="稿件")
        Byline.objects.create(article=article, person=person, position=1)
        article.tags.add("抗疫")
    revision = Version.objects.get_for_object(article)[0].revision
    models = sorted(v.content_type.model for v in revision.version_set.all())
    assert models == ["article", "byline", "taggedarticle"]


def test_an_import_keeps_a_revision_too():
    from django.core.management import call_command

    call_command("import_print_page", "fixtures/shuozhou-page-2022-11.txt", "--date", "2022-11-21", verbosity=0)
    article = Article.objects.get(headline="连续奋战显担当")
    revision = Version.objects.get_for_object(article)[0].revision
    assert "import" in revision.get_comment().lower() or "导入" in revision.get_comment()


def test_an_import_s_revision_is_described_in_the_newsroom_s_language():
    # The history page shows the stored comment as is, to editors reading Chinese.
    from django.core.management import call_command

    call_command("import_print_page", "fixtures/shuozhou-page-2022-11.txt", "--date", "2022-11-21", verbosity=0)
    article = Article.objects.get(headline="连续奋战显担当")
    revision = Version.objects.get_for_object(article)[0].revision
    assert revision.get_comment() == "导入自朔州日报 2022-11-21 第1版"


def test_history_lists_revisions_and_compare_shows_what_changed(editor_client):
    with reversion.create_revision():
        article = Article.objects.create(headline="原标题", body="<p>冬日的朔州，凉风打脸。</p>")
    editor_client.post(_change_url(article), _form(article, body="<p>冬日的朔州，寒气袭人。</p>"))
    article.refresh_from_db()
    editor_client.post(_change_url(article), _form(article, headline="新标题"))
    versions = list(Version.objects.get_for_object(article))
    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200 and "compare/" in history.content.decode()
    compare = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"from": versions[-1].pk, "to": versions[0].pk},
    ).content.decode()
    assert "<del>原</del>" in compare and "<ins>新</ins>" in compare
    assert "<del>凉风打脸</del>" in compare and "<ins>寒气袭人</ins>" in compare


@pytest.mark.parametrize("role, status, links", [("Editor", "published", True), ("Reporter", "published", False)])
def test_the_history_links_revisions_only_for_those_who_may_restore_them(client, role, status, links):
    # A link that only leads to a refusal (403) is not offered.
    with reversion.create_revision():
        article = make_article(status=status, headline="原标题")
    version = Version.objects.get_for_object(article).get()
    client.force_login(make_user(role, role.lower()))
    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    revision = reverse("admin:articles_article_revision", args=[article.pk, version.pk])
    assert history.status_code == 200
    assert (revision in history.content.decode()) is links
    assert (client.get(revision).status_code == 200) is links
    assert 'id="change-history"' in history.content.decode()
    assert client.get(reverse("admin:articles_article_history", args=["稿件"])).status_code == 302


def test_compare_without_two_revisions_is_a_message_not_an_error(editor_client):
    article = Article.objects.create(headline="稿件")
    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]), {"from": "x"}, follow=True
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("两个" in m or "two revisions" in m for m in messages), messages


def test_restoring_a_revision_brings_back_the_old_text(editor_client):
    article = Article.objects.create(headline="原标题", body="<p>第一版</p>")
    editor_client.post(_change_url(article), _form(article))
    article.refresh_from_db()
    editor_client.post(_change_url(article), _form(article, body="<p>改坏了</p>"))
    first = list(Version.objects.get_for_object(article))[-1]
    url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    article.refresh_from_db()
    response = editor_client.post(
        url, _form(article, body=first.field_dict["body"], loaded_version=str(article.version))
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>第一版</p>"


def _restore(client, article, version):
    """POST the restore of ``article`` to ``version``, its form as the revision fills it."""
    article.refresh_from_db()
    url = reverse("admin:articles_article_revision", args=[article.pk, version.pk])
    stored = version.field_dict
    return client.post(url, _form(article, headline=stored["headline"], status=stored["status"]))


def _as_it_stands(article):
    article.refresh_from_db()
    mentions = sorted(article.mentions.values_list("pk", "person_id"))
    return article.status, article.headline, article.version, mentions, sorted(article.tags.names())


def test_restoring_a_story_leaves_the_other_stories_of_its_revision_as_they_are(editor_client):
    # An imported page is one revision of all its stories.
    with reversion.create_revision():
        story = make_article(status=Article.Status.DRAFT, headline="甲原题", tags=["甲"])
        other = make_article(headline="乙原题", tags=["乙"])
        make_mention(story)
        make_mention(other)
    shared = Version.objects.get_for_object(story)[0]
    gained = make_mention(story)
    # Since then the other story was unpublished, retitled, lost its
    # mention and tag and gained new ones.
    other.status, other.publish_at, other.headline = Article.Status.DRAFT, None, "乙新题"
    other.save()
    other.mentions.all().delete()
    make_mention(other)
    other.tags.set(["乙新"])
    before = _as_it_stands(other)

    response = _restore(editor_client, story, shared)

    assert response.status_code == 302
    assert _as_it_stands(other) == before
    story.refresh_from_db()
    assert story.headline == "甲原题"
    # The restored story's own rows are as the revision holds them.
    assert not Mention.objects.filter(pk=gained.pk).exists()


def test_restoring_a_story_leaves_a_row_moved_to_another_story_with_it(editor_client):
    with reversion.create_revision():
        story = make_article(status=Article.Status.DRAFT)
        moved = make_mention(story)
    version = Version.objects.get_for_object(story)[0]
    other = make_article(headline="乙")
    moved.article = other  # as a merge of people moves it
    moved.save()
    before = _as_it_stands(other)

    assert _restore(editor_client, story, version).status_code == 302

    assert _as_it_stands(other) == before
    assert not story.mentions.exists()


def test_restoring_a_story_to_a_bulk_action_s_revision_keeps_later_edits_of_the_others(editor_client):
    story, other = make_article(headline="甲"), make_article(headline="乙")
    changelist = reverse("admin:articles_article_changelist")
    editor_client.post(changelist, {"action": "unpublish", "_selected_action": [story.pk, other.pk]})
    bulk = Version.objects.get_for_object(story)[0]
    assert Version.objects.get_for_object(other)[0].revision_id == bulk.revision_id
    other.refresh_from_db()
    other.headline = "乙改"
    other.save()
    before = _as_it_stands(other)

    assert _restore(editor_client, story, bulk).status_code == 302

    assert _as_it_stands(other) == before


def test_a_story_s_revision_cannot_be_reached_with_a_version_of_another_model(editor_client):
    person = Person.objects.create(name="洪常中")
    with reversion.create_revision():
        story = Article.objects.create(headline="稿件", status=Article.Status.DRAFT)
        byline = Byline.objects.create(article=story, person=person, position=1)
    # A byline's version whose object id happens to be the story's.
    version = Version.objects.get_for_object(byline)[0]
    Version.objects.filter(pk=version.pk).update(object_id=str(story.pk))
    url = reverse("admin:articles_article_revision", args=[story.pk, version.pk])
    assert editor_client.get(url).status_code == 404


def test_recovering_a_deleted_story_leaves_the_other_stories_of_its_revision_as_they_are(editor_client):
    with reversion.create_revision():
        story = make_article(status=Article.Status.DRAFT, headline="甲")
        other = make_article(headline="乙")
    version = Version.objects.get_for_object(story)[0]
    pk = story.pk
    deleted = Article(pk=pk, **{f: getattr(story, f) for f in ("headline", "body", "slug", "kind")})
    story.delete()
    other.status, other.publish_at = Article.Status.DRAFT, None
    other.save()
    before = _as_it_stands(other)

    url = reverse("admin:articles_article_recover", args=[version.pk])
    response = editor_client.post(url, _form(deleted, status=Article.Status.DRAFT, loaded_version=""))

    assert response.status_code == 302
    assert Article.objects.filter(pk=pk, headline="甲").exists()
    assert _as_it_stands(other) == before


def test_a_story_that_was_not_deleted_cannot_be_recovered(editor_client):
    with reversion.create_revision():
        story = make_article(status=Article.Status.DRAFT, headline="甲")
    version = Version.objects.get_for_object(story)[0]
    url = reverse("admin:articles_article_recover", args=[version.pk])
    assert editor_client.get(url).status_code == 404
    response = editor_client.post(url, _form(story, status=Article.Status.PUBLISHED, loaded_version=""))
    assert response.status_code == 404
    assert Article.objects.get(pk=story.pk).status == Article.Status.DRAFT


def _with_a_replica(test):
    """Run ``test`` with reads allowed to go to the replica database."""
    test = override_settings(DATABASE_REPLICAS=["replica"])(test)
    test = pytest.mark.django_db(databases=["default", "replica"])(test)
    reason = "needs a second PostgreSQL database as the replica"
    return pytest.mark.skipif(connection.vendor != "postgresql", reason=reason)(test)


def _get_unpinned(user, view, url, *args):
    """GET ``url`` from the article admin's ``view`` as a request whose reads
    may go to the replica, which has the user but none of the test's stories
    and revisions, as if behind."""
    user.save(using="replica", force_insert=True)
    for through, rows in [
        (User.groups.through, {"user": user}),
        (Group.permissions.through, {"group__user": user}),
    ]:
        copies = list(through.objects.using("default").filter(**rows))
        through.objects.using("replica").bulk_create(copies, ignore_conflicts=True)
    request = RequestFactory().get(url)
    request.user, request.resolver_match = user, resolve(url)
    token = db_router._pinned.set(False)
    try:
        return getattr(admin.site._registry[Article], view)(request, *args)
    finally:
        db_router._pinned.reset(token)


def _revised_story():
    """A story, its first revision (headline 旧题), and a later headline (新题)."""
    story = make_article(status=Article.Status.DRAFT, headline="旧题")
    with reversion.create_revision():
        story.save()
    version = Version.objects.get_for_object(story)[0]
    story.headline = "新题"
    story.save()
    return story, version


@_with_a_replica
def test_a_revision_preview_with_read_replicas_locks_and_reads_the_primary(editor):
    # The revert is written in the primary's transaction: the story is
    # locked there and the form shows it from there.
    story, version = _revised_story()
    url = reverse("admin:articles_article_revision", args=[story.pk, version.pk])
    response = _get_unpinned(editor, "revision_view", url, str(story.pk), str(version.pk))
    assert response.status_code == 200
    assert "旧题" in response.content.decode()
    story.refresh_from_db()
    assert story.headline == "新题"  # a preview writes nothing


@_with_a_replica
def test_a_recover_preview_with_read_replicas_reads_the_primary(editor):
    story, version = _revised_story()
    story.delete()
    url = reverse("admin:articles_article_recover", args=[version.pk])
    response = _get_unpinned(editor, "recover_view", url, str(version.pk))
    assert response.status_code == 200
    assert "旧题" in response.content.decode()
    assert not Article.objects.filter(headline__in=["旧题", "新题"]).exists()  # a preview writes nothing
