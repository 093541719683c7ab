"""What a review covers: a story as readers see it, its text and what it
carries (bylines, photos' pictures, captions, credits and alt text). An edit
of any of it after a pass sends the story back, as an edit of its body does,
and an edit after the sign-off needs a new one."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
import reversion
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.importer.parse import parse_page
from articles.importer.plan import plan_page
from articles.importer.save import Placement, known_people, save_page
from articles.models import Article, Byline, Photo
from imports.people_review import merge, rename
from review import content, steps
from review.models import Event, Review
from review.rules import publish_refusal
from tests.factories import make_byline, make_person
from tests.safety.test_revisions import _form

pytestmark = pytest.mark.django_db


def _fresh_form(article):
    """The change form as the story stands (an older version is an edit conflict)."""
    article.refresh_from_db()
    return _form(article)


def _with_photo(article, photo=None, **fields):
    data = _fresh_form(article)
    data.update(
        {
            "photos-TOTAL_FORMS": "1",
            "photos-INITIAL_FORMS": "1" if photo else "0",
            "photos-0-id": str(photo.pk) if photo else "",
            "photos-0-article": str(article.pk),
            "photos-0-position": "1",
            "photos-0-caption": "",
            "photos-0-credit": "",
            "photos-0-alt_text": "",
        }
    )
    data.update({f"photos-0-{name}": value for name, value in fields.items()})
    return data


def _change(client, user, article, data):
    client.force_login(user)
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _valid_passes(article):
    return list(Event.objects.filter(article=article, action=Event.Action.PASS, void=False))


def _at_last_stage(draft, reporter, desk, head):
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    steps.pass_stage(draft, head)
    assert Review.objects.get(article=draft).stage.name == "终审/签发"


def test_a_caption_added_after_two_passes_sends_the_story_back(client, draft, reporter, desk, head):
    _at_last_stage(draft, reporter, desk, head)
    # The reporter (who may edit a story in review) adds a captioned photo.
    _change(client, reporter, draft, _with_photo(draft, caption="图为市民排队接种疫苗（此句未经任何审稿人过目）"))
    assert draft.photos.get().caption.startswith("图为市民")
    # The passes of 初审 and 复审 did not see this caption: they must not stand.
    review = Review.objects.get(article=draft)
    assert review.stage.name == "初审" and not _valid_passes(draft), "a caption edit left the earlier passes standing"
    # The reviewer sees what changed since their pass.
    edited = Event.objects.filter(article=draft, action=Event.Action.EDITED).latest("at")
    diffs = content.diff(edited.snapshot, content.snapshot(draft))
    assert [d.field for d in diffs] == ["photos"] and "图为市民" in diffs[0].after


def test_a_caption_changed_after_the_sign_off_needs_a_new_sign_off(client, draft, reporter, desk, head, chief):
    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    # Taken down for a fix: a draft again, which its reporter may edit.
    workflow.unpublish(Article.objects.filter(pk=draft.pk), head)
    _change(client, reporter, draft, _with_photo(draft, caption="未经签发的图片说明"))
    assert Photo.objects.filter(article=draft, caption="未经签发的图片说明").exists()
    # Publishing again: the sign-off did not cover this caption.
    workflow.publish(Article.objects.filter(pk=draft.pk), head)
    draft.refresh_from_db()
    assert draft.status != Article.Status.PUBLISHED, "a caption no one signed off went live"


def test_a_byline_credit_added_after_a_pass_sends_the_story_back(client, draft, reporter, desk, head):
    _at_last_stage(draft, reporter, desk, head)
    data = _fresh_form(draft)
    data.update(
        {
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-id": "",
            "bylines-0-article": str(draft.pk),
            "bylines-0-position": "1",
            "bylines-0-role": Byline.Role.CREDIT,
            "bylines-0-person": "",
            "bylines-0-credit": "某某公司供稿",
        }
    )
    _change(client, reporter, draft, data)
    assert Review.objects.get(article=draft).stage.name == "初审" and not _valid_passes(draft)


def test_the_reviewer_at_the_stage_fixing_a_caption_leaves_the_earlier_passes_standing(
    client, draft, reporter, desk, head
):
    photo = Photo.objects.create(article=draft, position=1, caption="图为市民在采样点排队")
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    assert Review.objects.get(article=draft).stage.name == "复审"
    # As with the text: the reviewer at the current stage edits as part of the review.
    _change(client, head, draft, _with_photo(draft, photo, caption="图为市民在采样点有序排队"))
    assert Photo.objects.get(pk=photo.pk).caption == "图为市民在采样点有序排队"
    assert Review.objects.get(article=draft).stage.name == "复审" and len(_valid_passes(draft)) == 1


def test_deleting_a_photo_after_the_sign_off_needs_a_new_sign_off(draft, reporter, desk, head, chief):
    Photo.objects.create(article=draft, position=1, caption="图片说明")
    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    workflow.unpublish(Article.objects.filter(pk=draft.pk), head)
    Photo.objects.filter(article=draft).get().delete()  # outside the admin too
    assert publish_refusal(Article.objects.get(pk=draft.pk))


def test_a_restore_that_brings_back_an_old_caption_is_an_edit(client, draft, reporter, desk, head):
    with reversion.create_revision():
        draft.save()
        photo = Photo.objects.create(article=draft, position=1, caption="旧的图片说明")
    old = Version.objects.get_for_object(draft)[0]
    photo.caption = "审过的图片说明"
    photo.save()
    _at_last_stage(draft, reporter, desk, head)
    client.force_login(reporter)
    draft.refresh_from_db()
    url = reverse("admin:articles_article_revision", args=[draft.pk, old.pk])
    assert client.post(url, _form(draft)).status_code == 302
    assert Photo.objects.get(pk=photo.pk).caption == "旧的图片说明"
    assert Review.objects.get(article=draft).stage.name == "初审" and not _valid_passes(draft)


PAGE = "市区新增核酸采样点\n\n本报记者 吕霞\n\n本报讯 市区新增十个核酸采样点，方便市民就近采样。\n"
PLACEMENT = Placement("朔州日报", dt.date(2022, 11, 21), 1)


def _import(text):
    summary = save_page(plan_page(parse_page(text), known_people()), PLACEMENT, source_text=text, as_drafts=True)
    return Article.objects.get(pk=summary.article_ids[0])


def test_importing_a_page_again_as_it_was_leaves_its_reviews_standing(reporter, desk):
    story = _import(PAGE)
    assert story.bylines.exists()
    steps.submit(story, reporter)
    steps.pass_stage(story, desk)
    # The import deletes the story's bylines and writes them again: the same.
    _import(PAGE)
    assert len(_valid_passes(story)) == 1
    # A byline that changes is an edit.
    _import(PAGE.replace("吕霞", "杨岗"))
    assert not _valid_passes(story) and Review.objects.get(article=story).stage.name == "初审"


def test_reviews_stored_before_bylines_and_photos_were_covered_stay_valid(draft, reporter, desk, head, chief):
    make_byline(article=draft)
    Photo.objects.create(article=draft, position=1, caption="图片说明")
    # Scheduled, and unpublished before readers saw it: its sign-off stands.
    Article.objects.filter(pk=draft.pk).update(publish_at=timezone.now() + dt.timedelta(days=1))
    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    workflow.unpublish(Article.objects.filter(pk=draft.pk), head)
    edited = Article.objects.create(headline="另一篇", body="<p>正文。</p>", created_by=reporter)
    make_byline(article=edited)
    steps.submit(edited, reporter)
    # As stored before: the fingerprint of the text alone; the second story's
    # text changed since (an .update(), which no review heard of).
    story = Article.objects.get(pk=draft.pk)
    Review.objects.filter(article=story).update(fingerprint=content.text_fingerprint(content.snapshot(story)))
    Review.objects.filter(article=edited).update(fingerprint=content.text_fingerprint(content.snapshot(edited)))
    Article.objects.filter(pk=edited.pk).update(body="<p>改过的正文。</p>")
    migration = importlib.import_module("review.migrations.0003_fingerprint_covers_parts")

    migration.forwards(apps, SimpleNamespace(connection=SimpleNamespace(alias="default")))

    assert publish_refusal(story) is None
    edited.refresh_from_db()
    assert Review.objects.get(article=edited).fingerprint != content.fingerprint(content.snapshot(edited))


@pytest.mark.parametrize("batch", [2, 500])
def test_the_migration_brings_reviews_up_to_date_a_batch_at_a_time(monkeypatch, reporter, batch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stories = []
    for n in range(5):
        story = Article.objects.create(headline=f"稿件{n}", body=f"<p>正文{n}。</p>", created_by=reporter)
        if n != 2:  # one with nothing but its text keeps the text's fingerprint
            make_byline(article=story)
        steps.submit(story, reporter)
        Review.objects.filter(article=story).update(fingerprint=content.text_fingerprint(content.snapshot(story)))
        stories.append(story)
    migration = importlib.import_module("review.migrations.0003_fingerprint_covers_parts")
    monkeypatch.setattr(migration, "BATCH", batch)

    with CaptureQueriesContext(connection) as queries:
        migration.forwards(apps, SimpleNamespace(connection=SimpleNamespace(alias="default")))

    for story in stories:
        assert Review.objects.get(article=story).fingerprint == content.fingerprint(content.snapshot(story))
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    # One statement a batch at most, not one a review.
    assert len(updates) <= -(-len(stories) // batch)


def test_a_story_without_bylines_or_photos_keeps_the_fingerprint_of_its_text(draft):
    snap = content.snapshot(draft)
    assert snap["bylines"] == snap["photos"] == []
    assert content.fingerprint(snap) == content.text_fingerprint(snap)


def test_merging_two_records_of_one_name_edits_none_of_their_stories(draft, reporter, desk):
    byline = make_byline(article=draft, person=make_person(name="吕霞"))
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    merge(byline.person, make_person(name="吕霞"))
    assert len(_valid_passes(draft)) == 1
    # Under another name the printed byline changes: that is an edit.
    merge(Byline.objects.get(pk=byline.pk).person, make_person(name="吕夏"))
    assert not _valid_passes(draft)


def test_renaming_the_person_of_a_byline_after_a_pass_voids_it_as_merging_under_another_name_does(
    draft, reporter, desk
):
    byline = make_byline(article=draft, person=make_person(name="吕霞"))
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    # The printed byline now reads another name, which 初审 never saw (as a
    # merge into a person of another name).
    rename(byline.person, "杨岗")
    assert not _valid_passes(draft), "a byline's printed name changed after 初审 and its pass still stands"
    assert Review.objects.get(article=draft).stage.name == "初审"


def test_renaming_a_person_is_an_edit_of_their_stories_by_whoever_renames_them(draft, reporter, desk, head):
    person = make_byline(article=draft, person=make_person(name="吕霞")).person
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    # The same name again prints nothing new.
    rename(person, "吕霞", reporter)
    assert len(_valid_passes(draft)) == 1
    # The reviewer at 复审 correcting the name is part of their review, as a fix of the text would be.
    rename(person, "吕夏", head)
    assert len(_valid_passes(draft)) == 1
    assert publish_refusal(draft) is not None  # not signed off yet, and nothing stale either
    assert Review.objects.get(article=draft).fingerprint == content.fingerprint(content.snapshot(draft))
    # The reporter renaming them sends it back to 初审, with what changed.
    rename(person, "杨岗", reporter)
    assert not _valid_passes(draft)
    edited = Event.objects.get(article=draft, action=Event.Action.EDITED)
    assert edited.user == reporter
    diffs = content.diff(edited.snapshot, content.snapshot(draft))
    assert [d.field for d in diffs] == ["bylines"] and "杨岗" in diffs[0].after


def test_merging_under_another_name_is_an_edit_by_whoever_merges(draft, reporter, desk, head):
    byline = make_byline(article=draft, person=make_person(name="吕霞"))
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    # The reviewer at 复审 merging is part of their review.
    merge(byline.person, make_person(name="吕夏"), head)
    assert len(_valid_passes(draft)) == 1
    merge(Byline.objects.get(pk=byline.pk).person, make_person(name="杨岗"), reporter)
    assert not _valid_passes(draft)
    assert Event.objects.get(article=draft, action=Event.Action.EDITED).user == reporter


def test_renaming_a_person_in_the_admin_is_one_correction_of_each_live_story_by_that_user(
    client, draft, reporter, desk, head, chief
):
    person = make_person(name="吕霞")
    make_byline(article=draft, person=person)
    make_byline(article=draft, person=person, role="photo")
    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    draft.refresh_from_db()
    assert draft.is_public
    client.force_login(chief)
    data = {"name": "杨岗", "slug": person.slug, "description": ""}
    for prefix in ("aliases", "bylines", "mentions"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(reverse("admin:people_person_change", args=[person.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    corrections = list(Event.objects.filter(article=draft, action=Event.Action.EDITED))
    assert [(e.user, e.stage) for e in corrections] == [(chief, None)]
    assert corrections[0].fingerprint == content.fingerprint(content.snapshot(draft))
    draft.refresh_from_db()
    assert draft.is_public


def test_a_signed_off_scheduled_story_whose_byline_is_renamed_does_not_go_out_unsigned(
    draft, reporter, desk, head, chief
):
    person = make_byline(article=draft, person=make_person(name="吕霞")).person
    Article.objects.filter(pk=draft.pk).update(publish_at=timezone.now() + dt.timedelta(days=1))
    draft.refresh_from_db()
    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED and not draft.is_public
    rename(person, "杨岗", reporter)
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW, "a byline no one signed off would go out at the story's time"
    assert publish_refusal(draft) is not None


def test_one_save_of_a_live_story_changing_its_text_and_a_caption_is_one_correction(
    client, draft, reporter, desk, head, chief
):
    photo = Photo.objects.create(article=draft, position=1, caption="原图片说明")
    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    draft.refresh_from_db()
    assert draft.is_public
    data = _with_photo(draft, photo, caption="更正后的图片说明")
    published = timezone.localtime(draft.publish_at)
    data.update(
        {
            "body": "<p>本报讯 市区新增十二个核酸采样点。</p>",
            "publish_at_0": published.strftime("%Y-%m-%d"),
            "publish_at_1": published.strftime("%H:%M:%S"),
        }
    )
    _change(client, chief, draft, data)
    draft.refresh_from_db()
    assert "十二个" in draft.body and draft.photos.get().caption == "更正后的图片说明"
    corrections = list(Event.objects.filter(article=draft, action=Event.Action.EDITED))
    assert len(corrections) == 1, "one save of the story recorded several corrections"
    diffs = content.diff(corrections[0].snapshot, content.snapshot(draft))
    assert {d.field for d in diffs} == {"body", "photos"}
    assert corrections[0].fingerprint == content.fingerprint(content.snapshot(draft))
