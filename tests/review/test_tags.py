"""A story's tags are part of what a review covers: readers see their names
on the story's page and find the story on the tag pages. A change of its
tags after a pass is an edit of the story, whichever way it is made (the
change form, taggit's add/remove/set/clear, a revision restore, a tag
renamed or deleted), as a change of its bylines or photos is."""

import datetime as dt
import hashlib
import importlib
import json
from types import SimpleNamespace

import pytest
import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from articles import workflow
from articles.models import Article, Photo
from review import content, steps
from review.models import Event, Review
from review.rules import publish_refusal
from tests.factories import make_byline
from tests.review.test_content import PAGE, _import
from tests.safety.test_revisions import _form

pytestmark = pytest.mark.django_db

MIGRATION = "review.migrations.0004_fingerprint_covers_tags"


def _tags_form(article, tags):
    """The change form as the story stands, with ``tags`` in its tag field."""
    article.refresh_from_db()
    return _form(article, tags=tags)


def _change(client, user, article, data):
    client.force_login(user)
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


def _valid_passes(article):
    return list(Event.objects.filter(article=article, action=Event.Action.PASS, void=False))


def _at_last_stage(draft, reporter, desk, head):
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    steps.pass_stage(draft, head)
    assert Review.objects.get(article=draft).stage.name == "终审/签发"


def _signed_off_and_taken_down(draft, reporter, desk, head, chief):
    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED and publish_refusal(draft) is None
    # Taken down for a fix: a draft again, which its reporter may edit.
    workflow.unpublish(Article.objects.filter(pk=draft.pk), head)
    draft.refresh_from_db()


def test_a_tag_added_by_the_reporter_after_two_passes_sends_the_story_back(client, draft, reporter, desk, head):
    draft.tags.add("抗疫")
    _at_last_stage(draft, reporter, desk, head)
    response = _change(client, reporter, draft, _tags_form(draft, "抗疫, 谣言"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(draft.tags.names()) == ["抗疫", "谣言"]
    # 初审 and 复审 never saw the second tag: their passes must not stand.
    review = Review.objects.get(article=draft)
    assert review.stage.name == "初审" and not _valid_passes(draft), "a tag added after two passes left them standing"
    # The reviewer sees what changed since their pass.
    edited = Event.objects.filter(article=draft, action=Event.Action.EDITED).latest("at")
    assert edited.user == reporter
    diffs = content.diff(edited.snapshot, content.snapshot(draft))
    assert [d.field for d in diffs] == ["tags"] and "谣言" in diffs[0].after and "谣言" not in diffs[0].before


def test_tags_changed_by_the_reporter_after_the_sign_off_need_a_new_sign_off(
    client, draft, reporter, desk, head, chief
):
    draft.tags.add("抗疫")
    _signed_off_and_taken_down(draft, reporter, desk, head, chief)
    response = _change(client, reporter, draft, _tags_form(draft, "谣言"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(draft.tags.names()) == ["谣言"]
    workflow.publish(Article.objects.filter(pk=draft.pk), head)
    draft.refresh_from_db()
    assert draft.status != Article.Status.PUBLISHED, "tags no one signed off went live"
    assert publish_refusal(draft)


def test_a_reporter_cannot_change_the_tags_of_a_published_story(client, draft, reporter, desk, head, chief):
    draft.tags.add("抗疫")
    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    draft.refresh_from_db()
    assert draft.is_public
    # Bylines and photos of a published story are the editors' to change: so are its tags.
    response = _change(client, reporter, draft, _tags_form(draft, "谣言"))
    assert response.status_code == 403
    assert list(draft.tags.names()) == ["抗疫"] and publish_refusal(draft) is None


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda story: story.tags.add("谣言"), id="add"),
        pytest.param(lambda story: story.tags.remove("抗疫"), id="remove"),
        pytest.param(lambda story: story.tags.set(["谣言"]), id="set"),
        pytest.param(lambda story: story.tags.clear(), id="clear"),
        pytest.param(lambda story: Tag.objects.get(name="抗疫").delete(), id="tag deleted"),
        pytest.param(lambda story: Tag.objects.filter(name="抗疫").update(name="谣言"), id="tag renamed unheard"),
    ],
)
def test_tags_changed_outside_the_admin_after_the_sign_off_need_a_new_sign_off(
    change, draft, reporter, desk, head, chief
):
    draft.tags.add("抗疫")
    _signed_off_and_taken_down(draft, reporter, desk, head, chief)
    change(Article.objects.get(pk=draft.pk))
    assert publish_refusal(Article.objects.get(pk=draft.pk))


def test_tags_set_as_they_are_leave_the_passes_standing(draft, reporter, desk):
    draft.tags.add("抗疫", "谣言")
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    draft.tags.set(["谣言", "抗疫"])
    draft.tags.add("抗疫")
    assert len(_valid_passes(draft)) == 1


def test_the_reviewer_at_the_stage_fixing_a_tag_leaves_the_earlier_passes_standing(client, draft, reporter, desk, head):
    draft.tags.add("抗疫")
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    # As with the text: the reviewer at the current stage edits as part of the review.
    response = _change(client, head, draft, _tags_form(draft, "抗疫一线"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Review.objects.get(article=draft).stage.name == "复审" and len(_valid_passes(draft)) == 1
    assert Review.objects.get(article=draft).fingerprint == content.fingerprint(content.snapshot(draft))


def test_a_restore_that_brings_back_old_tags_is_an_edit(client, draft, reporter, desk, head):
    with reversion.create_revision():
        draft.save()
        draft.tags.add("旧标签")
    old = Version.objects.get_for_object(draft)[0]
    draft.tags.set(["审过的标签"])
    _at_last_stage(draft, reporter, desk, head)
    client.force_login(reporter)
    draft.refresh_from_db()
    url = reverse("admin:articles_article_revision", args=[draft.pk, old.pk])
    assert client.post(url, _form(draft, tags="旧标签")).status_code == 302
    assert list(draft.tags.names()) == ["旧标签"]
    assert Review.objects.get(article=draft).stage.name == "初审" and not _valid_passes(draft)


def test_renaming_a_tag_is_an_edit_of_its_stories(draft, reporter, desk):
    draft.tags.add("抗疫")
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    tag = Tag.objects.get(name="抗疫")
    tag.slug = "kangyi"  # the name readers see is unchanged
    tag.save()
    assert len(_valid_passes(draft)) == 1
    tag.name = "抗疫一线"
    tag.save()
    assert not _valid_passes(draft), "a tag's printed name changed after 初审 and its pass still stands"
    assert Review.objects.get(article=draft).fingerprint == content.fingerprint(content.snapshot(draft))


def test_one_save_of_a_live_story_changing_its_text_and_tags_is_one_correction(
    client, draft, reporter, desk, head, chief
):
    draft.tags.add("抗疫")
    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    draft.refresh_from_db()
    assert draft.is_public
    published = timezone.localtime(draft.publish_at)
    data = _tags_form(draft, "抗疫, 核酸检测")
    data.update(
        {
            "body": "<p>本报讯 市区新增十二个核酸采样点。</p>",
            "publish_at_0": published.strftime("%Y-%m-%d"),
            "publish_at_1": published.strftime("%H:%M:%S"),
        }
    )
    response = _change(client, chief, draft, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    corrections = list(Event.objects.filter(article=draft, action=Event.Action.EDITED))
    assert len(corrections) == 1, "one save of the story recorded several corrections"
    draft.refresh_from_db()
    diffs = content.diff(corrections[0].snapshot, content.snapshot(draft))
    assert {d.field for d in diffs} == {"body", "tags"}
    assert corrections[0].fingerprint == content.fingerprint(content.snapshot(draft))
    assert draft.is_public


def test_a_reimport_leaves_off_a_tag_taken_off_before_a_pass_and_the_pass_stands(reporter, desk):
    # The printed kicker becomes the story's tag.
    page = f"(抗疫日记)\n\n{PAGE}"
    story = _import(page)
    assert list(story.tags.names()) == ["抗疫日记"]
    story.tags.clear()  # taken off at the desk before the story was submitted
    steps.submit(story, reporter)
    steps.pass_stage(story, desk)
    # The same page again: its text, bylines and kicker as they were. The tag
    # an editor took off is the editor's decision, not put back unreviewed.
    _import(page)
    assert list(story.tags.names()) == []
    assert _valid_passes(story), "the import changed nothing 初审 saw, yet the pass was voided"


def _digest(values):
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


def _fingerprint_before_tags(snap):
    """The fingerprint as it was before tags were covered."""
    values = [snap[name] for name in content.CONTENT_FIELDS]
    parts = [snap["bylines"], snap["photos"]]
    return _digest([*values, parts] if any(parts) else values)


def test_a_story_without_tags_keeps_its_fingerprint(draft):
    snap = content.snapshot(draft)
    assert snap["tags"] == []
    assert content.fingerprint(snap) == content.text_fingerprint(snap) == _fingerprint_before_tags(snap)
    make_byline(article=draft)
    Photo.objects.create(article=draft, position=1, caption="图片说明")
    snap = content.snapshot(draft)
    assert content.fingerprint(snap) == _fingerprint_before_tags(snap) != content.text_fingerprint(snap)


def test_tags_are_read_by_their_names_in_one_order(draft):
    draft.tags.add("谣言", "抗疫")
    first = content.snapshot(draft)
    assert first["tags"] == sorted(["谣言", "抗疫"])
    draft.tags.clear()
    draft.tags.add("抗疫", "谣言")
    assert content.fingerprint(content.snapshot(draft)) == content.fingerprint(first)
    # With tags, a story's empty bylines and photos are not its tags.
    assert content.fingerprint(first) != content.fingerprint({**first, "tags": []})


def _run_migration(monkeypatch=None, batch=None):
    migration = importlib.import_module(MIGRATION)
    if batch is not None:
        monkeypatch.setattr(migration, "BATCH", batch)
    migration.forwards(apps, SimpleNamespace(connection=SimpleNamespace(alias="default")))


def test_reviews_stored_before_tags_were_covered_stay_valid(draft, reporter, desk, head, chief):
    draft.tags.add("抗疫")
    make_byline(article=draft)
    # Scheduled, and unpublished before readers saw it: its sign-off stands.
    Article.objects.filter(pk=draft.pk).update(publish_at=timezone.now() + dt.timedelta(days=1))
    _signed_off_and_taken_down(draft, reporter, desk, head, chief)
    edited = Article.objects.create(headline="另一篇", body="<p>正文。</p>", created_by=reporter)
    edited.tags.add("谣言")
    steps.submit(edited, reporter)
    untagged = Article.objects.create(headline="无标签", body="<p>正文。</p>", created_by=reporter)
    make_byline(article=untagged)
    steps.submit(untagged, reporter)
    # As stored before tags were covered; the second story's text changed
    # since (an .update(), which no review heard of).
    for story in (draft, edited, untagged):
        Review.objects.filter(article=story).update(fingerprint=_fingerprint_before_tags(content.snapshot(story)))
    Article.objects.filter(pk=edited.pk).update(body="<p>改过的正文。</p>")
    untagged_fingerprint = Review.objects.get(article=untagged).fingerprint
    assert publish_refusal(draft), "the test's stored fingerprint is the current one"

    _run_migration()

    assert publish_refusal(Article.objects.get(pk=draft.pk)) is None
    edited.refresh_from_db()
    assert Review.objects.get(article=edited).fingerprint != content.fingerprint(content.snapshot(edited))
    assert Review.objects.get(article=untagged).fingerprint == untagged_fingerprint


@pytest.mark.parametrize("batch", [2, 500])
def test_the_migration_brings_reviews_up_to_date_a_batch_at_a_time(monkeypatch, reporter, batch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stories = []
    for n in range(5):
        story = Article.objects.create(headline=f"稿件{n}", body=f"<p>正文{n}。</p>", created_by=reporter)
        if n != 2:  # one without tags keeps its fingerprint
            story.tags.add(f"标签{n}", "共同标签")
        if n % 2:
            make_byline(article=story)
        steps.submit(story, reporter)
        Review.objects.filter(article=story).update(fingerprint=_fingerprint_before_tags(content.snapshot(story)))
        stories.append(story)

    with CaptureQueriesContext(connection) as queries:
        _run_migration(monkeypatch, batch)

    for story in stories:
        assert Review.objects.get(article=story).fingerprint == content.fingerprint(content.snapshot(story))
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    # One statement a batch at most, not one a review.
    assert len(updates) <= -(-len(stories) // batch)


def _tag_admin_form(client, tag, **fields):
    """The tag's admin change form as it stands, with ``fields`` changed."""
    response = client.get(reverse("admin:taggit_tag_change", args=[tag.pk]))
    data = {"name": tag.name, "slug": tag.slug, **fields}
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({management.add_prefix(name): value for name, value in management.initial.items()})
    return data


def test_renaming_a_tag_in_the_admin_is_one_correction_of_each_live_story_by_that_user(
    client, draft, reporter, desk, head, chief
):
    draft.tags.add("抗疫")
    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    draft.refresh_from_db()
    assert draft.is_public
    tag = Tag.objects.get(name="抗疫")
    client.force_login(chief)
    response = client.post(
        reverse("admin:taggit_tag_change", args=[tag.pk]), _tag_admin_form(client, tag, name="抗疫一线")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    corrections = list(Event.objects.filter(article=draft, action=Event.Action.EDITED))
    assert [(e.user, e.stage) for e in corrections] == [(chief, None)]
    diffs = content.diff(corrections[0].snapshot, content.snapshot(draft))
    assert [d.field for d in diffs] == ["tags"] and "抗疫一线" in diffs[0].after


def test_the_reviewer_at_the_stage_renaming_a_tag_in_the_admin_leaves_the_earlier_passes_standing(
    client, draft, reporter, desk, head
):
    draft.tags.add("抗疫")
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    tag = Tag.objects.get(name="抗疫")
    client.force_login(head)
    response = client.post(
        reverse("admin:taggit_tag_change", args=[tag.pk]), _tag_admin_form(client, tag, name="抗疫一线")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Review.objects.get(article=draft).stage.name == "复审" and len(_valid_passes(draft)) == 1
    # Deleting it in the admin is their edit too.
    response = client.post(reverse("admin:taggit_tag_delete", args=[tag.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not draft.tags.exists() and len(_valid_passes(draft)) == 1
    assert Review.objects.get(article=draft).fingerprint == content.fingerprint(content.snapshot(draft))


def _tagged_stories(count, reporter, desk, head, chief):
    """``count`` stories tagged 抗疫: half live after their sign-off, half
    waiting at 复审 after 初审's pass."""
    stories = []
    for n in range(count):
        story = Article.objects.create(
            headline=f"稿件{n}", body=f"<p>正文{n}。</p>", created_by=reporter, updated_by=reporter
        )
        story.tags.add("抗疫")
        make_byline(article=story)
        steps.submit(story, reporter)
        for reviewer in (desk, head, chief) if n % 2 else (desk,):
            steps.pass_stage(story, reviewer)
        stories.append(story)
    return stories


def _posted_queries(client, url, data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return len(queries.captured_queries)


@pytest.mark.parametrize("action", ["rename", "delete"])
def test_a_tag_renamed_or_deleted_in_the_admin_costs_as_many_queries_on_six_stories_as_on_two(
    client, action, reporter, desk, head, chief
):
    counts = []
    # The admin's log entry reads the tag's content type once a process: read
    # before counting, whatever ran before this test emptied the cache.
    ContentType.objects.get_for_model(Tag)
    for count in (2, 6):
        stories = _tagged_stories(count, reporter, desk, head, chief)
        tag = Tag.objects.get(name="抗疫")
        client.force_login(chief)
        if action == "rename":
            url = reverse("admin:taggit_tag_change", args=[tag.pk])
            counts.append(_posted_queries(client, url, _tag_admin_form(client, tag, name="抗疫一线")))
        else:
            counts.append(_posted_queries(client, reverse("admin:taggit_tag_delete", args=[tag.pk]), {"post": "yes"}))
        # Each story was edited: the live ones corrected, the others sent back to 初审.
        for story in stories:
            story.refresh_from_db()
            review = Review.objects.get(article=story)
            assert review.fingerprint == content.fingerprint(content.snapshot(story))
            if story.is_public:
                assert (
                    Event.objects.filter(article=story, action=Event.Action.EDITED, user=chief, stage=None).count() == 1
                )
            else:
                assert review.stage.name == "初审" and not _valid_passes(story)
        Tag.objects.filter(pk=tag.pk).delete()
        Article.objects.filter(pk__in=[story.pk for story in stories]).delete()
    assert counts[0] == counts[1], f"queries grow with the stories carrying the tag: {counts}"
