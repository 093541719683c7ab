"""Who may move a story to which status.

Reporters write drafts and submit them for review; only roles the permission
table (``articles.permissions``) lets publish (the Editor group) publish,
unpublish or archive: moving a story into or out of those states. Only a
story whose sign-off at the end of the review chain covers its text is
published (``publish_refusal``; the chain itself is in ``review/``).
"""

import reversion
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles import permissions
from articles.models import Article
from articles.row_locks import lock_stories

Status = Article.Status


class PublishRefused(ValidationError):
    """A story was about to become published without a sign-off."""


def publish_refusal(article) -> str | None:
    """Why ``article`` may not become published as it stands, or None. Every
    path that publishes asks this (admin form, actions, revision restores,
    imports, the review chain's sign-off), and Article.save() refuses a story
    that turns published without it."""
    from review.rules import publish_refusal as sign_off_refusal

    return sign_off_refusal(article)


def may_publish(article) -> bool:
    return publish_refusal(article) is None


def check_publishable(article) -> None:
    refusal = publish_refusal(article)
    if refusal:
        raise PublishRefused(refusal, code="sign_off_required")


def can_publish(user) -> bool:
    return permissions.allows(user, "articles.article", "publish")


def may_move(user, from_status, to_status) -> bool:
    """Whether ``user`` may take a story from ``from_status`` (None: a new or
    deleted story) to ``to_status``: checked on the state left as well as the
    state entered, so unpublishing is publishing's equal."""
    if from_status == to_status:
        return True
    sensitive = Status.needing_publish_permission()
    return can_publish(user) or (from_status not in sensitive and to_status not in sensitive)


def move_refusal(user, from_status, to_status) -> str | None:
    """Why ``user`` may not take a story from ``from_status`` to
    ``to_status`` (may_move), or None: what the change form and the review's
    steps tell them."""
    if may_move(user, from_status, to_status):
        return None
    return gettext("Only editors can publish, unpublish or archive a story.")


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
    return permissions.allows(user, "articles.article", "change", article)


def _move(queryset, to_status, from_statuses, user=None, now=None, refused=None, taken_down=None):
    """Save each story rather than .update() the queryset, so that save()
    (version, audit trail) and the signals that keep the search index and
    caches in step all run; each move is a revision with who made it.
    Stories that may not be published are skipped and listed in ``refused``
    as (story, reason); the stories readers saw until the move go to
    ``taken_down``. All the moves are one transaction, which locks the
    stories first in the one order (articles.row_locks), whatever order
    ``queryset`` has, on the database ``save()`` writes to (the queryset's
    own may be a read replica)."""
    now = now or timezone.now()
    moved = 0
    with transaction.atomic(using=router.db_for_write(queryset.model)):
        for article in lock_stories(queryset, status__in=from_statuses):
            if to_status == Status.PUBLISHED:
                refusal = publish_refusal(article)
                if refusal:
                    if refused is not None:
                        refused.append((article, refusal))
                    continue
            with reversion.create_revision():
                article.status = to_status
                article.fill_publish_time(now)
                article.updated_by = user
                article.save(update_fields=["status", "publish_at", "updated_by"])
                reversion.set_user(user)
                reversion.set_comment(str(Status(to_status).label))
            if taken_down is not None and article.public_before_save and not article.is_public:
                taken_down.append(article)
            moved += 1
    return moved


def submit_for_review(queryset, user=None):
    return _move(queryset, Status.REVIEW, [Status.DRAFT], user)


def publish(queryset, user=None, now=None, refused=None):
    """Publish the signed-off stories, keeping any publish time already set
    (a future one schedules the story); the others go to ``refused``."""
    return _move(queryset, Status.PUBLISHED, [Status.DRAFT, Status.REVIEW, Status.ARCHIVED], user, now, refused)


def send_back(queryset, user=None):
    """From review back to the reporter's drafts (returned for rework)."""
    return _move(queryset, Status.DRAFT, [Status.REVIEW], user)


def unpublish(queryset, user=None, taken_down=None):
    """Back to draft: readers stop seeing it at once. The stories that were
    live go to ``taken_down``: their sign-off ended with the move
    (review.steps.take_down)."""
    return _move(queryset, Status.DRAFT, [Status.PUBLISHED], user, taken_down=taken_down)


def archive(queryset, user=None):
    return _move(queryset, Status.ARCHIVED, [Status.PUBLISHED, Status.DRAFT, Status.REVIEW], user)
