"""Who may move a story to which status.

Reporters write drafts and submit them for review; only users with
``articles.publish_article`` (the Editor group) publish, unpublish or archive.
"""
from django.utils import timezone

from articles.models import Article

Status = Article.Status


def can_publish(user) -> bool:
    return user.has_perm("articles.publish_article")


def allowed_statuses(user, current=None):
    """The statuses ``user`` may give a story whose status is ``current``."""
    if can_publish(user):
        return list(Status)
    allowed = [Status.DRAFT, Status.REVIEW]
    if current and current not in allowed:
        # Keeping a published story's status is not a transition.
        allowed.append(Status(current))
    return allowed


def may_edit(user, article) -> bool:
    """Reporters edit drafts and stories in review; published stories are the editors'."""
    return can_publish(user) or article.status in (Status.DRAFT, Status.REVIEW)


def _move(queryset, to_status, from_statuses, now=None):
    """Save each story rather than .update() the queryset, so that save()
    and the signals that keep the search index and caches in step run."""
    now = now or timezone.now()
    moved = 0
    for article in queryset.filter(status__in=from_statuses):
        article.status = to_status
        if to_status == Status.PUBLISHED and article.publish_at is None:
            article.publish_at = now
        article.save(update_fields=["status", "publish_at", "updated_at"])
        moved += 1
    return moved


def submit_for_review(queryset):
    return _move(queryset, Status.REVIEW, [Status.DRAFT])


def publish(queryset, now=None):
    """Publish, keeping any publish time already set (a future one schedules the story)."""
    return _move(queryset, Status.PUBLISHED, [Status.DRAFT, Status.REVIEW, Status.ARCHIVED], now)


def unpublish(queryset):
    """Back to draft: readers stop seeing it at once."""
    return _move(queryset, Status.DRAFT, [Status.PUBLISHED])


def archive(queryset):
    return _move(queryset, Status.ARCHIVED, [Status.PUBLISHED, Status.DRAFT, Status.REVIEW])
