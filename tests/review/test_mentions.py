"""The people a story names (文中人物), with the titles it gives them, are
part of what a review covers: readers see each public mention's name and
title on the story's page and on the person's page. Adding, changing,
confirming, linking, rejecting or deleting one after a pass is an edit of
the story, as a change of its bylines, photos or tags is; a mention readers
do not see (unconfirmed) is not."""

import hashlib
import importlib
import json
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.urls import reverse

from articles import workflow
from articles.models import Article
from imports import people_review
from people.models import Mention
from review import content, steps
from review.models import Event, Review
from review.rules import publish_refusal
from tests.factories import make_byline, make_mention, make_person, make_user
from tests.safety.test_revisions import _form

pytestmark = pytest.mark.django_db

MIGRATION = "review.migrations.0006_fingerprint_covers_mentions"


def _valid_passes(article):
    return list(Event.objects.filter(article=article, action=Event.Action.PASS, void=False))


def _after_two_passes(draft, reporter, desk, head):
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    steps.pass_stage(draft, head)
    assert Review.objects.get(article=draft).stage.name == "终审/签发"


def _mention_form(article, person, **fields):
    return {
        "person": person.pk,
        "article": article.pk,
        "title": "",
        "count": 1,
        "first_offset": 0,
        "origin": "editor",
        "confirmed": "on",
        **fields,
    }


def test_a_mention_added_by_the_reporter_after_two_passes_sends_the_story_back(client, draft, reporter, desk, head):
    _after_two_passes(draft, reporter, desk, head)
    client.force_login(reporter)
    person = make_person(name="王某")
    response = client.post(reverse("admin:people_mention_add"), _mention_form(draft, person, title="涉案人员"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Mention.objects.filter(article=draft, title="涉案人员").exists()
    # 初审 and 复审 never saw the person and the title readers are shown.
    review = Review.objects.get(article=draft)
    assert review.stage.name == "初审" and not _valid_passes(draft), "a mention added after two passes stood"
    edited = Event.objects.filter(article=draft, action=Event.Action.EDITED).latest("at")
    assert edited.user == reporter
    diffs = content.diff(edited.snapshot, content.snapshot(draft))
    assert [d.field for d in diffs] == ["mentions"] and "王某 涉案人员" in diffs[0].after


def test_a_mention_added_in_the_story_s_change_form_after_a_pass_is_the_editor_s_edit(client, draft, reporter, desk):
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    draft.refresh_from_db()
    person = make_person(name="吴某")
    data = _form(draft)
    data.update(
        {
            "mentions-TOTAL_FORMS": "1",
            "mentions-0-person": str(person.pk),
            "mentions-0-title": "嫌疑人",
            "mentions-0-count": "1",
            "mentions-0-origin": "editor",
            "mentions-0-confirmed": "on",
        }
    )
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_article_change", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Mention.objects.filter(article=draft, person=person).exists()
    assert not _valid_passes(draft), "a mention added in the change form left the pass standing"
    assert Event.objects.filter(article=draft, action=Event.Action.EDITED).latest("at").user == reporter


def test_a_title_changed_after_the_sign_off_needs_a_new_sign_off(client, draft, reporter, desk, head, chief):
    mention = make_mention(article=draft, person=make_person(name="李某"), title="市长")
    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    workflow.unpublish(Article.objects.filter(pk=draft.pk), head)
    client.force_login(reporter)
    data = _mention_form(draft, mention.person, title="前市长")
    response = client.post(reverse("admin:people_mention_change", args=[mention.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert publish_refusal(Article.objects.get(pk=draft.pk)), "a title no one signed off can go live"


@pytest.mark.parametrize("action", ["confirm", "link", "reject"])
def test_the_people_desk_s_decisions_after_a_pass_are_edits_by_the_desk_user(client, action, draft, reporter, desk):
    person = make_person(name="张某")
    other = make_person(name="张某", description="另一人")
    # Confirming or linking shows a mention found by the import; rejecting takes one readers see away.
    mention = make_mention(article=draft, person=person, title="局长", confirmed=action == "reject")
    Article.objects.filter(pk=draft.pk).update(import_ref="page-1#1")
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    editor = make_user("Editor", "peopledesk")
    client.force_login(editor)
    data = {"action": action, "mention": mention.pk, "person": other.pk}
    response = client.post(reverse("admin:imports_people"), data)
    assert response.status_code == 302
    assert not _valid_passes(draft), f"a mention's {action} after the pass left it standing"
    assert Event.objects.filter(article=draft, action=Event.Action.EDITED).latest("at").user == editor


def test_only_the_mentions_readers_see_are_covered(draft, reporter, desk):
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    mention = make_mention(article=draft, person=make_person(name="赵某"), title="经理", confirmed=False)
    assert len(_valid_passes(draft)) == 1, "a mention readers do not see sent the story back"
    people_review.confirm(mention)
    assert not _valid_passes(draft), "a mention confirmed after the pass left it standing"


def test_renaming_a_person_is_an_edit_of_the_stories_naming_them(draft, reporter, desk):
    person = make_person(name="钱某")
    make_mention(article=draft, person=person, title="村支书")
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    people_review.rename(person, "钱某某", make_user("Editor", "renamer"))
    assert not _valid_passes(draft)


def test_a_mention_confirmed_on_a_live_story_is_a_correction(draft, reporter, desk, head, chief):
    mention = make_mention(article=draft, person=make_person(name="孙某"), title="院长", confirmed=False)
    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    draft.refresh_from_db()
    assert draft.is_public
    people_review.confirm(mention)
    assert Article.objects.get(pk=draft.pk).is_public
    assert Event.objects.filter(article=draft, action=Event.Action.EDITED).exists()


def test_a_story_without_public_mentions_keeps_its_fingerprint(draft):
    make_byline(article=draft)
    draft.tags.add("抗疫")
    make_mention(article=draft, person=make_person(name="周某"), title="主任", confirmed=False)
    snap = content.snapshot(draft)
    assert snap["mentions"] == []
    assert content.fingerprint(snap) == _fingerprint_before_mentions(snap)
    # With mentions, a story's empty tags are not its mentions.
    with_mention = {**snap, "tags": [], "mentions": [["周某", "主任"]]}
    assert content.fingerprint(with_mention) != content.fingerprint({**snap, "tags": [["周某", "主任"]]})


def _fingerprint_before_mentions(snap):
    """The fingerprint as reviews stored before mentions were covered hold it."""
    values = [snap.get(name, "") for name in content.CONTENT_FIELDS]
    parts = [snap.get("bylines") or [], snap.get("photos") or []]
    tags = snap.get("tags") or []
    if any(parts) or tags:
        values.append(parts)
    if tags:
        values.append(tags)
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


def _run_migration(monkeypatch=None, batch=None):
    migration = importlib.import_module(MIGRATION)
    if batch is not None:
        monkeypatch.setattr(migration, "BATCH", batch)
    migration.forwards(apps, SimpleNamespace(connection=SimpleNamespace(alias="default")))


@pytest.mark.parametrize("batch", [2, 500])
def test_reviews_stored_before_mentions_were_covered_stay_valid(monkeypatch, reporter, batch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stories = []
    for n in range(5):
        story = Article.objects.create(headline=f"稿件{n}", body=f"<p>正文{n}。</p>", created_by=reporter)
        if n != 2:  # one without mentions keeps its fingerprint
            make_mention(article=story, person=make_person(name=f"人物{n}"), title=f"职务{n}", first_offset=5)
            make_mention(article=story, person=make_person(name="甲"), first_offset=1)
        if n % 2:
            story.tags.add("标签")
        steps.submit(story, reporter)
        Review.objects.filter(article=story).update(fingerprint=_fingerprint_before_mentions(content.snapshot(story)))
        stories.append(story)
    # Changed since its review was stored (an .update() no review heard of): left as it is.
    Article.objects.filter(pk=stories[0].pk).update(body="<p>改过的正文。</p>")
    stale = Review.objects.get(article=stories[0]).fingerprint

    with CaptureQueriesContext(connection) as queries:
        _run_migration(monkeypatch, batch)

    assert Review.objects.get(article=stories[0]).fingerprint == stale
    for story in stories[1:]:
        assert Review.objects.get(article=story).fingerprint == content.fingerprint(content.snapshot(story))
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) <= -(-len(stories) // batch)
