"""Every workflow step and every admin change is recorded with its user and shown."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, StatusChange
from articles.signals import article_went_live
from tests.factories import make_user, sign_off

pytestmark = pytest.mark.django_db


def test_each_transition_is_recorded_with_its_user(editor):
    reporter = make_user("Reporter", "reporter")
    article = Article.objects.create(headline="稿件", created_by=reporter, updated_by=reporter)
    workflow.submit_for_review(Article.objects.filter(pk=article.pk), reporter)
    sign_off(article)
    workflow.publish(Article.objects.filter(pk=article.pk), editor)
    workflow.archive(Article.objects.filter(pk=article.pk), editor)
    steps = [(c.from_status, c.to_status, c.user.username) for c in StatusChange.objects.filter(article=article)]
    assert steps == [
        ("", "draft", "reporter"),
        ("draft", "review", "reporter"),
        ("review", "published", "editor"),
        ("published", "archived", "editor"),
    ]


def test_admin_actions_are_logged_and_the_trail_is_shown(editor_client):
    article = sign_off(Article.objects.create(headline="待审稿件", status=Article.Status.REVIEW))
    editor_client.post(
        reverse("admin:articles_article_changelist"), {"action": "publish", "_selected_action": [article.pk]}
    )
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert entry.user.username == "editor"
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "流程记录" in page
    assert editor_client.get(reverse("admin:admin_logentry_changelist")).status_code == 200


def test_reporters_cannot_read_the_audit_log(client):
    client.force_login(make_user("Reporter", "reporter"))
    assert client.get(reverse("admin:admin_logentry_changelist")).status_code == 403


def test_publish_due_announces_each_story_once_when_its_time_has_come():
    now = timezone.now()
    due = Article.objects.create(headline="到点", status="published", publish_at=now - timezone.timedelta(minutes=1))
    Article.objects.create(headline="未到", status="published", publish_at=now + timezone.timedelta(hours=1))
    heard = []

    def listener(sender, article, **kwargs):
        heard.append(article.pk)

    article_went_live.connect(listener)
    try:
        call_command("publish_due", verbosity=0)
        call_command("publish_due", verbosity=0)
    finally:
        article_went_live.disconnect(listener)
    assert heard == [due.pk]
