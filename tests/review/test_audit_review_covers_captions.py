"""Audit: what readers see of a story beyond its text fields (photo captions,
printed credits) is covered by the review: an edit after a pass sends the
story back, as an edit of its body does."""

import pytest
from django.urls import reverse

from review import steps
from review.models import Event, Review
from tests.safety.test_revisions import _form

pytestmark = pytest.mark.django_db


def test_audit_a_caption_added_after_two_passes_sends_the_story_back(client, draft, reporter, desk, head):
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    steps.pass_stage(draft, head)
    draft.refresh_from_db()
    assert Review.objects.get(article=draft).stage.name == "终审/签发"

    # The reporter (who may edit a story in review) adds a captioned photo.
    client.force_login(reporter)
    data = _form(draft)
    data.update(
        {
            "photos-TOTAL_FORMS": "1",
            "photos-0-id": "",
            "photos-0-article": str(draft.pk),
            "photos-0-position": "1",
            "photos-0-caption": "图为市民排队接种疫苗（此句未经任何审稿人过目）",
            "photos-0-credit": "",
            "photos-0-alt_text": "",
        }
    )
    response = client.post(reverse("admin:articles_article_change", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert draft.photos.get().caption.startswith("图为市民")

    # The passes of 初审 and 复审 did not see this caption: they must not stand.
    review = Review.objects.get(article=draft)
    valid = list(Event.objects.filter(article=draft, action=Event.Action.PASS, void=False))
    assert review.stage.name == "初审" and not valid, "a caption edit left the earlier passes standing"


def test_audit_a_caption_changed_after_the_sign_off_needs_a_new_sign_off(client, draft, reporter, desk, head, chief):
    from articles import workflow
    from articles.models import Article, Photo

    steps.submit(draft, reporter)
    for reviewer in (desk, head, chief):
        steps.pass_stage(draft, reviewer)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    # Taken down for a fix: a draft again, which its reporter may edit.
    workflow.unpublish(Article.objects.filter(pk=draft.pk), head)
    client.force_login(reporter)
    data = _form(Article.objects.get(pk=draft.pk))
    data.update(
        {
            "photos-TOTAL_FORMS": "1",
            "photos-0-id": "",
            "photos-0-article": str(draft.pk),
            "photos-0-position": "1",
            "photos-0-caption": "未经签发的图片说明",
            "photos-0-credit": "",
            "photos-0-alt_text": "",
        }
    )
    assert client.post(reverse("admin:articles_article_change", args=[draft.pk]), data).status_code == 302
    assert Photo.objects.filter(article=draft, caption="未经签发的图片说明").exists()
    # Publishing again: the sign-off did not cover this caption.
    workflow.publish(Article.objects.filter(pk=draft.pk), head)
    draft.refresh_from_db()
    assert draft.status != Article.Status.PUBLISHED, "a caption no one signed off went live"
